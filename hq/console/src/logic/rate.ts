// A fee standard's rate as typed (yuan per unit, decimal text): checked as text, never through a float.
// The server checks it again.

export const MAX_RATE_DECIMALS = 6;
export const MAX_RATE_INTEGER_DIGITS = 9;

export type RateCheck = { ok: true; rate: string } | { ok: false; error: "empty" | "negative" | "invalid" | "precision" | "large" | "zero" };

/** "2.50" → ok "2.50"; full-width digits and 。/． read as ASCII; at most 6 decimals (as the desk keeps
 * rates), not negative; zero only where allowed (an allocation's rate is worked out at the desk). */
export function checkRate(text: string, zeroAllowed = true): RateCheck {
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
  if (!zeroAllowed && /^[0.]+$/.test(t)) return { ok: false, error: "zero" };
  return { ok: true, rate: t };
}
