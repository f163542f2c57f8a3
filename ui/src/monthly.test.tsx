import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/react";
import type { MonthFigures } from "./bindings/MonthFigures";
import type { MonthRates } from "./bindings/MonthRates";
import type { MonthlyReport } from "./bindings/MonthlyReport";
import MonthlyReportView from "./screens/MonthlyReportView";
import { monthRatesChartOption, monthReportRows, reportShortcut } from "./screens/reportsLogic";
import "./i18n";

afterEach(cleanup);

window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, onchange: null, dispatchEvent: () => false })) as any;

const f = (billed: number, collected: number, recovered: number, advance: number, open: number): MonthFigures => ({
  billed_fen: billed,
  collected_fen: collected,
  recovered_fen: recovered,
  advance_fen: advance,
  open_fen: open,
  prepayment_used_fen: 0,
});

const rates = (month: string, building: string, household: string | null, collection: string | null, clearance: string | null): MonthRates => ({
  month,
  building,
  households_billed: 3,
  households_paid: 2,
  household_rate: household,
  billed_fen: 66953,
  settled_fen: 50901,
  collection_rate: collection,
  arrears_at_start_fen: 44928,
  arrears_collected_fen: 28876,
  clearance_rate: clearance,
});

const report: MonthlyReport = {
  company: "示例物业",
  estate: "示例花园",
  month: "2026-02",
  until: "2026-03-01",
  generated_at: "2026-03-01T09:00:00+08:00",
  generated_by: "张敏",
  rows: [
    { building: "3", item: "WYF", item_name: "物业服务费", figures: f(63953, 48901, 27876, 21025, 15052) },
    { building: "3", item: "LJF", item_name: "垃圾处理费", figures: f(3000, 2000, 1000, 1000, 1000) },
    { building: "", item: "FYF", item_name: "复印费", figures: f(0, 600, 0, 0, 0) },
  ],
  buildings: [
    { building: "3", item: "", item_name: "", figures: f(66953, 50901, 28876, 22025, 16052) },
    { building: "", item: "", item_name: "", figures: f(0, 600, 0, 0, 0) },
  ],
  items: [
    { building: "", item: "WYF", item_name: "物业服务费", figures: f(63953, 48901, 27876, 21025, 15052) },
    { building: "", item: "LJF", item_name: "垃圾处理费", figures: f(3000, 2000, 1000, 1000, 1000) },
    { building: "", item: "FYF", item_name: "复印费", figures: f(0, 600, 0, 0, 0) },
  ],
  total: f(66953, 51501, 28876, 22025, 16052),
  rates: [rates("2026-02", "3", "66.67", "76.02", "64.27"), rates("2026-02", "合计", "66.67", "76.02", "64.27")],
  closed: null,
};

const labels = { none: "无房号", subtotal: "小计", all: "全项目", total: "合计", prepayment: "预存款", deduction: "押金扣款" };

describe("monthReportRows", () => {
  it("lists each building's items then its subtotal, then the estate's items and total", () => {
    const rows = monthReportRows(report, labels);
    expect(rows.map((r) => `${r.building}/${r.item}`)).toEqual([
      "3/物业服务费",
      "3/垃圾处理费",
      "3/小计",
      "无房号/复印费",
      "无房号/小计",
      "全项目/物业服务费",
      "全项目/垃圾处理费",
      "全项目/复印费",
      "全项目/合计",
    ]);
    expect(rows.filter((r) => r.bold).map((r) => r.item)).toEqual(["小计", "小计", "合计"]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows[rows.length - 1].received).toBe(51501 + 28876 + 22025);
  });

  it("takes prepayment spent off what the month received, and names the rows that are no fee item", () => {
    const figures = { ...f(0, 0, 0, 5256, 0), prepayment_used_fen: 8000 };
    const spent = {
      ...report,
      rows: [{ building: "S", item: "预存款", item_name: "预存款", figures }],
      buildings: [{ building: "S", item: "", item_name: "", figures }],
      items: [],
      total: figures,
    };
    const rows = monthReportRows(spent, { ...labels, prepayment: "Prepayments" });
    expect(rows.map((r) => r.item)).toEqual(["Prepayments", "小计", "合计"]);
    expect(rows.map((r) => r.received)).toEqual([-2744, -2744, -2744]);
  });
});

describe("monthRatesChartOption", () => {
  it("draws the estate's three rates month by month from the core's exact strings", () => {
    const rows = [
      rates("2026-01", "3", "50.00", "60.00", null),
      rates("2026-01", "合计", "40.00", "55.50", null),
      rates("2026-02", "合计", "66.67", "76.02", "64.27"),
    ];
    const o = monthRatesChartOption(rows, { household: "户收费率", collection: "收费率", clearance: "清缴率" });
    expect(o.xAxis.data).toEqual(["2026-01", "2026-02"]);
    expect(o.series.map((s) => s.name)).toEqual(["户收费率", "收费率", "清缴率"]);
    expect(o.series[1].data).toEqual([55.5, 76.02]);
    expect(o.series[2].data).toEqual([null, 64.27]);
    expect(o.series[2].label.formatter({ dataIndex: 0 })).toBe("—");
    expect(o.series[1].label.formatter({ dataIndex: 1 })).toBe("76.02%");
  });
});

describe("MonthlyReportView", () => {
  it("shows the figures with subtotals and the month's rates", () => {
    render(<MonthlyReportView report={report} />);
    const table = screen.getByTestId("monthly-table");
    expect(within(table).getAllByText("小计")).toHaveLength(2);
    expect(within(table).getAllByText("无房号")).toHaveLength(2);
    // 收款合计 of the estate: 515.01 + 288.76 + 220.25
    expect(within(table).getByText("¥1,024.02")).toBeTruthy();
    const r = screen.getByTestId("monthly-rates");
    expect(within(r).getAllByText("76.02%")).toHaveLength(2);
    expect(within(r).getByText("全项目")).toBeTruthy();
  });
});

describe("the monthly tab's key", () => {
  it("is Alt+5", () => {
    expect(reportShortcut({ key: "5", code: "Digit5", altKey: true, ctrlKey: false, metaKey: false })).toEqual({ tab: "monthly" });
  });
});
