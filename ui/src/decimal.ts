// Rates and meter readings are exact decimals that travel as strings ("2.35", "1234.5"). They are checked
// and subtracted here digit by digit (BigInt), never through a JS float.

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

function scaled(text: string, scale: number): bigint {
  const [int, frac = ""] = text.split(".");
  return BigInt(int + frac.padEnd(scale, "0"));
}

function unscaled(n: bigint, scale: number): string {
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
  return (neg ? "-" : "") + (frac ? `${int}.${frac}` : int);
}

/** a − b exactly, for valid plain decimals ("130" − "112.5" = "17.5"). */
export function subtractDecimal(a: string, b: string): string {
  const scale = Math.max((a.split(".")[1] ?? "").length, (b.split(".")[1] ?? "").length);
  return unscaled(scaled(a, scale) - scaled(b, scale), scale);
}

/** Is a plain decimal zero? */
export const isZeroDecimal = (a: string) => /^0*(\.0*)?$/.test(a);
