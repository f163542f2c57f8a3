// Days and months as the API takes them (YYYY-MM-DD, YYYY-MM), from the local calendar.

const pad = (n: number) => String(n).padStart(2, "0");

export const dayText = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const monthText = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;

/** The local day before `now`. */
export function yesterday(now = new Date()): string {
  return dayText(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
}

/** The month before `now`'s. */
export function previousMonth(now = new Date()): string {
  return monthText(new Date(now.getFullYear(), now.getMonth() - 1, 1));
}

export const isDay = (s: string) => /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(s);
export const isMonth = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** "2026-11" + n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

/** Months from `from` to `to`, both counted (0 or less when `to` is before `from`). */
export function monthSpan(from: string, to: string): number {
  const [a, b] = [from, to].map((s) => s.split("-").map(Number));
  return (b[0] - a[0]) * 12 + (b[1] - a[1]) + 1;
}

/** The rates screen asks for at most this many months (the server's limit). */
export const MAX_RATE_MONTHS = 36;

/** A timestamp as "YYYY-MM-DD HH:mm". One written with a desk's own offset ("…T17:40:00+08:00") reads as
 *  written — the time printed on the receipt, wherever the browser is; a UTC one in the browser's local time. */
export function timeText(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso);
  if (m && m[3] && m[3] !== "Z" && !/^[+-]00:?00$/.test(m[3])) return `${m[1]} ${m[2]}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${dayText(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
