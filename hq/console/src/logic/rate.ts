// A fee standard's rate as typed (yuan per unit, decimal text): checked as text, never through a float.
// The server checks it again.

export const MAX_RATE_DECIMALS = 4;
export const MAX_RATE_INTEGER_DIGITS = 9;

export type RateCheck = { ok: true; rate: string } | { ok: false; error: "empty" | "negative" | "invalid" | "precision" | "large" };

/** "2.50" → ok "2.50"; full-width digits and 。/． read as ASCII; at most 4 decimals, not negative. */
export function checkRate(text: string): RateCheck {
  const t = text
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[．。]/g, ".");
  if (t === "") return { ok: false, error: "empty" };
  if (t.startsWith("-")) return { ok: false, error: "negative" };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return { ok: false, error: "invalid" };
  if ((m[2] ?? "").length > MAX_RATE_DECIMALS) return { ok: false, error: "precision" };
  if (m[1].replace(/^0+(?=\d)/, "").length > MAX_RATE_INTEGER_DIGITS) return { ok: false, error: "large" };
  return { ok: true, rate: t };
}
