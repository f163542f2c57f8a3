// The rates chart's option, apart from the chart so it can be tested without a canvas.
import type { MonthRates } from "../bindings/MonthRates";
import { chartValue } from "./labels";

export function rateChartOption(rows: MonthRates[], names: { household: string; collection: string; clearance: string }) {
  const line = (name: string, pick: (r: MonthRates) => string | null) => ({
    name,
    type: "line" as const,
    smooth: false,
    connectNulls: false,
    symbolSize: 6,
    data: rows.map((r) => chartValue(pick(r))),
  });
  return {
    // Drawn at once, not grown in: a screenshot or a print taken right away shows every line whole.
    animation: false,
    color: ["#1677ff", "#52c41a", "#fa8c16"],
    tooltip: { trigger: "axis" as const, valueFormatter: (v: unknown) => (v === null || v === undefined || v === "-" ? "—" : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    xAxis: { type: "category" as const, data: rows.map((r) => r.month) },
    yAxis: { type: "value" as const, min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [line(names.household, (r) => r.household_rate), line(names.collection, (r) => r.collection_rate), line(names.clearance, (r) => r.clearance_rate)],
  };
}
