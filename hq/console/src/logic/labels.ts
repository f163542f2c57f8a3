// How codes from the API read on screen.
import type { DeskStandard } from "../bindings/DeskStandard";
import type { Verdict } from "../bindings/Verdict";

export type T = (key: string, opts?: Record<string, unknown>) => string;

/** A building code as the desk names buildings: digits → "3栋" ("Bldg 3"), anything else as it is. */
export function buildingLabel(code: string, t: T): string {
  if (/^\d+$/.test(code)) return t("common:building_n", { n: code });
  return code;
}

/** A monthly-report or daily item: "" is prepayments (预存款), `deduction:<kind>` a deposit deduction. */
export function itemLabel(item: string, t: T, names: Record<string, string> = {}): string {
  if (item === "") return t("common:item_prepayment");
  if (item.startsWith("deduction:")) return t("common:item_deduction", { kind: item.slice("deduction:".length) });
  return names[item] ? `${names[item]} ${item}` : item;
}

const KNOWN_METHODS = ["cash", "wechat", "alipay", "unionpay", "transfer", "prepayment"];
/** A payment method's name; an unknown one as its code. */
export function methodLabel(method: string, t: T): string {
  return KNOWN_METHODS.includes(method) ? t(`common:method.${method}`) : method;
}

/** "93.45" → "93.45%"; none (nothing was due) → "—". */
export function percentText(rate: string | null): string {
  return rate === null ? "—" : `${rate}%`;
}

/** antd Result status for a verification's verdict. */
export function verdictStatus(v: Verdict): "success" | "warning" | "info" | "error" {
  switch (v) {
    case "genuine":
      return "success";
    case "voided":
    case "reversed":
      return "warning";
    case "unknown":
      return "info";
    case "forged":
      return "error";
  }
}

/** Whether a desk runs its estate's newest fee standard: applied, refused (its last word is a refusal
 * no later version answered), still to apply, or none published. */
export function deskStanding(d: DeskStandard): "applied" | "refused" | "pending" | "none" {
  if (d.latest_version === null) return "none";
  if (d.refused_version !== null && (d.applied_version === null || d.refused_version > d.applied_version)) return "refused";
  return d.applied_version !== null && d.applied_version >= d.latest_version ? "applied" : "pending";
}

/** The command a desk's administrator types to enroll it with the code issued. */
export function enrollCommand(origin: string, code: string): string {
  return `feedesk hq enroll --url ${origin} --code ${code}`;
}

/** For a table sorted by building: how many rows each building's first row spans (0 for the others). */
export function buildingSpans(rows: { building: string }[]): number[] {
  const spans = rows.map(() => 0);
  let start = 0;
  rows.forEach((r, i) => {
    if (i === 0 || r.building !== rows[i - 1].building) start = i;
    spans[start]++;
  });
  return spans;
}

/** A percent text as a chart value; none stays a gap. Charts only: money never goes through this. */
export function chartValue(rate: string | null): number | null {
  return rate === null ? null : Number(rate);
}
