// Money in the UI is integer fen (分), as the core sends it. Amounts typed by the cashier are parsed from
// the text digit by digit into integer fen: no float ever holds money.

export type Parsed = { ok: true; fen: number } | { ok: false; error: "empty" | "invalid" | "precision" | "negative" | "large" };

const MAX_INTEGER_DIGITS = 12; // 9999,9999,9999.99 元, as the core's Money::parse

/** Parse what a cashier types ("500", "1,234.5", "¥12.30", full-width digits) into integer fen. */
export function parseAmount(text: string): Parsed {
  let t = text
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[．。]/g, ".")
    .replace(/^[¥￥]/, "")
    .replace(/元$/, "")
    .replace(/[,，\s]/g, "");
  if (t === "") return { ok: false, error: "empty" };
  if (t.startsWith("-")) return { ok: false, error: "negative" };
  if (t.startsWith("+")) t = t.slice(1);
  const m = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return { ok: false, error: "invalid" };
  const int = m[1].replace(/^0+(?=\d)/, "");
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > 2) return { ok: false, error: "precision" };
  if (int.length > MAX_INTEGER_DIGITS) return { ok: false, error: "large" };
  const fen = Number(int || "0") * 100 + Number((frac + "00").slice(0, 2));
  return { ok: true, fen };
}

/** 123450 -> "1,234.50"; -1000 -> "-10.00". */
export function formatFen(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  const y = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${y}.${String(cents).padStart(2, "0")}`;
}

/** "¥1,234.50" */
export const yuan = (fen: number) => (fen < 0 ? "-¥" + formatFen(-fen) : "¥" + formatFen(fen));

/** Plain text for an input box: 123450 -> "1234.5", 50000 -> "500". */
export function fenToInput(fen: number): string {
  const s = formatFen(fen).replace(/,/g, "");
  return s.replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");
}

export interface TenderLine {
  method: string;
  text: string;
}
