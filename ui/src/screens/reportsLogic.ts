// Pure helpers of the Reports screen (tested in reports.test.tsx): the collection rate's text and chart,
// the default ranges, the screen's shortcuts.
import type { CollectionRates } from "../bindings/CollectionRates";
import type { MonthFigures } from "../bindings/MonthFigures";
import type { MonthRates } from "../bindings/MonthRates";
import type { MonthlyReport } from "../bindings/MonthlyReport";
import { formatFen } from "../money";

/** The core's exact rate ("87.50") as shown: "87.50%"; nothing billed: "—". The text is never re-rounded. */
export function percentText(rate: string | null): string {
  return rate === null ? "—" : `${rate}%`;
}

/** A bar's height on the chart. Display only: the label and tooltip show the exact string. */
export function percentValue(rate: string | null): number | null {
  if (rate === null) return null;
  const v = Number(rate);
  return Number.isFinite(v) ? v : null;
}

/** `YYYY-MM` of a local date. */
export function monthOf(d: Date): string {
  return d.toLocaleDateString("sv-SE").slice(0, 7);
}

/** The default period range: January of this year to this month. */
export function defaultMonths(today: Date): [string, string] {
  const m = monthOf(today);
  return [`${m.slice(0, 4)}-01`, m];
}

/** `YYYY-MM-DD` of a local date `days` before `today`. */
export function daysBefore(today: Date, days: number): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - days);
  return d.toLocaleDateString("sv-SE");
}

/** The ECharts option of the collection-rate bars: one bar per building, percent axis 0–100. */
export function rateChartOption(r: CollectionRates, labels: { rate: string; collected: string; billed: string }) {
  const rows = r.buildings;
  return {
    // Drawn at once: in the desk's webview (WebKitGTK) the grow-in animation may never run, leaving
    // every bar at zero height with its label on the axis.
    animation: false,
    tooltip: {
      trigger: "axis",
      // The exact decimal and the amounts, from the core's figures, not from the bar's float.
      formatter: (items: { dataIndex: number }[]) => {
        const b = rows[items[0]?.dataIndex ?? 0];
        if (!b) return "";
        return `${b.building}<br/>${labels.rate} ${percentText(b.rate_percent)}<br/>${labels.collected} ¥${formatFen(b.collected_fen)} / ${labels.billed} ¥${formatFen(b.billed_fen)}`;
      },
    },
    grid: { left: 50, right: 20, top: 24, bottom: 30 },
    xAxis: { type: "category", data: rows.map((b) => b.building) },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      {
        type: "bar",
        data: rows.map((b) => percentValue(b.rate_percent)),
        label: { show: true, position: "top", formatter: (p: { dataIndex: number }) => percentText(rows[p.dataIndex]?.rate_percent ?? null) },
        itemStyle: { color: "#1677ff" },
      },
    ],
  };
}

export type ReportTab = "daily" | "arrears" | "rates" | "check" | "monthly";

/** Alt+1 … Alt+5 switch the tabs; Ctrl+E saves the tab as XLSX, Ctrl+P the daily or monthly report as PDF. */
export const TAB_KEYS: Record<ReportTab, string> = { daily: "Alt+1", arrears: "Alt+2", rates: "Alt+3", check: "Alt+4", monthly: "Alt+5" };

export type ReportAction = { tab: ReportTab } | { action: "xlsx" | "pdf" } | null;

export function reportShortcut(e: { key: string; code?: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }): ReportAction {
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    // The physical key: with Alt (Option on a Mac) some layouts change e.key.
    const digit = /^Digit(\d)$/.exec(e.code ?? "")?.[1] ?? e.key;
    const tab = (Object.keys(TAB_KEYS) as ReportTab[]).find((t) => TAB_KEYS[t] === `Alt+${digit}`);
    return tab ? { tab } : null;
  }
  if ((e.ctrlKey || e.metaKey) && !e.altKey) {
    const k = e.key.toLowerCase();
    if (k === "e") return { action: "xlsx" };
    if (k === "p") return { action: "pdf" };
  }
  return null;
}

/** A line of the 收费月报表 as shown: a building's item, its subtotal, an item of the estate or the total. */
export type MonthReportLine = { key: string; building: string; item: string; figures: MonthFigures; received: number; bold: boolean };

/** The core's keys of the rows that are no fee item: prepayments received and deposit deductions. */
const PREPAYMENT_ITEM = "预存款";
const DEDUCTION_ITEM = "押金扣款";

export function monthReportRows(
  r: MonthlyReport,
  l: { none: string; subtotal: string; all: string; total: string; prepayment: string; deduction: string },
): MonthReportLine[] {
  const name = (b: string) => (b === "" ? l.none : b);
  const item = (code: string, shown: string) => (code === PREPAYMENT_ITEM ? l.prepayment : code === DEDUCTION_ITEM ? l.deduction : shown);
  // 收款合计: new money in the month (prepayment spent was counted when it was paid in). Integers only.
  const line = (key: string, building: string, it: string, f: MonthFigures, bold: boolean): MonthReportLine => ({
    key,
    building,
    item: it,
    figures: f,
    received: f.collected_fen + f.recovered_fen + f.advance_fen - f.prepayment_used_fen,
    bold,
  });
  const out: MonthReportLine[] = [];
  for (const b of r.buildings) {
    for (const x of r.rows.filter((x) => x.building === b.building)) {
      out.push(line(`${b.building}/${x.item}`, name(b.building), item(x.item, x.item_name), x.figures, false));
    }
    out.push(line(`${b.building}/`, name(b.building), l.subtotal, b.figures, true));
  }
  for (const x of r.items) out.push(line(`*/${x.item}`, l.all, item(x.item, x.item_name), x.figures, false));
  out.push(line("*/", l.all, l.total, r.total, true));
  return out;
}

/** The ECharts option of the estate's rates by month: three lines, percent axis 0–100; tooltips show the exact text. */
export function monthRatesChartOption(rows: MonthRates[], labels: { household: string; collection: string; clearance: string }) {
  const estate = rows.filter((r) => r.building === "合计");
  const series = (name: string, pick: (r: MonthRates) => string | null) => ({
    name,
    type: "line",
    data: estate.map((r) => percentValue(pick(r))),
    label: { show: true, formatter: (p: { dataIndex: number }) => percentText(estate[p.dataIndex] ? pick(estate[p.dataIndex]) : null) },
  });
  return {
    animation: false,
    legend: { top: 0 },
    tooltip: { trigger: "axis" },
    grid: { left: 50, right: 20, top: 30, bottom: 30 },
    xAxis: { type: "category", data: estate.map((r) => r.month) },
    // Below 0 only when a month's reversals outweigh what it recovered (清缴率).
    yAxis: { type: "value", min: (v: { min: number }) => Math.min(0, Math.floor(v.min)), max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      series(labels.household, (r) => r.household_rate),
      series(labels.collection, (r) => r.collection_rate),
      series(labels.clearance, (r) => r.clearance_rate),
    ],
  };
}
