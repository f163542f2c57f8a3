// Rates and meter readings are exact decimals that travel as strings ("2.35", "1234.5"), never through a
// JS float. What is typed is tidied here into the plain string the core reads; the core judges it.

export type DecimalParsed = { ok: true; text: string } | { ok: false; error: "empty" | "invalid" | "precision" | "negative" };

/** Check what was typed ("2.35", "１２.5", "3,000") and give the plain decimal string the core reads. */
export function parseDecimal(text: string, maxDecimals: number): DecimalParsed {
  const t = text
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[．。]/g, ".")
    .replace(/[,，\s]/g, "");
  if (t === "") return { ok: false, error: "empty" };
  if (/^[-－−]/.test(t)) return { ok: false, error: "negative" };
  const m = /^\+?(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return { ok: false, error: "invalid" };
  const int = m[1].replace(/^0+(?=\d)/, "") || "0";
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > maxDecimals) return { ok: false, error: "precision" };
  return { ok: true, text: frac ? `${int}.${frac}` : int };
}
