import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { CollectionRates } from "./bindings/CollectionRates";
import type { ShiftCheck } from "./bindings/ShiftCheck";
import { daysBefore, defaultMonths, percentText, percentValue, rateChartOption, reportShortcut } from "./screens/reportsLogic";
import ShiftChecks, { canReview } from "./screens/ShiftChecks";
import CollectionRateView from "./screens/CollectionRateView";
import "./i18n";

// The shell's side of invoke: record what the UI sends.
const invoked: { cmd: string; args: unknown }[] = [];
vi.mock("@tauri-apps/api/core", () => ({
  invoke: async (cmd: string, args: unknown) => {
    invoked.push({ cmd, args });
    return null;
  },
  Channel: class {},
}));

afterEach(cleanup);

window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, onchange: null, dispatchEvent: () => false })) as any;

const rate = (building: string, billed: number, collected: number, r: string | null) => ({
  building,
  charges: 4,
  billed_fen: billed,
  collected_fen: collected,
  outstanding_fen: billed - collected,
  rate_percent: r,
});

const rates: CollectionRates = {
  from: "2026-01",
  to: "2026-02",
  buildings: [rate("3", 133906, 72926, "54.46"), rate("S", 49488, 0, "0.00"), rate("P", 30000, 30000, "100.00")],
  total: rate("合计", 213394, 102926, "48.23"),
};

describe("percent of the collection rate", () => {
  it("shows the core's exact decimal, never re-rounded", () => {
    expect(percentText("54.46")).toBe("54.46%");
    expect(percentText("100.00")).toBe("100.00%");
    expect(percentText("0.10")).toBe("0.10%");
    expect(percentText(null)).toBe("—");
  });
  it("gives the bar a height, and none when nothing was billed", () => {
    expect(percentValue("54.46")).toBe(54.46);
    expect(percentValue(null)).toBeNull();
    expect(percentValue("x")).toBeNull();
  });
});

describe("rateChartOption", () => {
  const o = rateChartOption(rates, { rate: "收缴率", collected: "实收", billed: "应收" });
  it("has one bar per building on a 0–100 % axis", () => {
    expect(o.xAxis.data).toEqual(["3", "S", "P"]);
    expect(o.series[0].data).toEqual([54.46, 0, 100]);
    expect([o.yAxis.min, o.yAxis.max, o.yAxis.axisLabel.formatter]).toEqual([0, 100, "{value}%"]);
  });
  it("labels and tooltips come from the exact strings and integer fen", () => {
    expect(o.series[0].label.formatter({ dataIndex: 1 })).toBe("0.00%");
    expect(o.tooltip.formatter([{ dataIndex: 0 }])).toBe("3<br/>收缴率 54.46%<br/>实收 ¥729.26 / 应收 ¥1,339.06");
  });
});

describe("ranges and shortcuts", () => {
  it("defaults to January of this year up to this month", () => {
    expect(defaultMonths(new Date(2026, 10, 22))).toEqual(["2026-01", "2026-11"]);
    expect(defaultMonths(new Date(2026, 0, 5))).toEqual(["2026-01", "2026-01"]);
  });
  it("counts days back across a month", () => {
    expect(daysBefore(new Date(2026, 2, 3), 6)).toBe("2026-02-25");
  });
  it("maps Alt+digit to tabs and Ctrl+E / Ctrl+P to the exports", () => {
    const k = (key: string, mods: { alt?: boolean; ctrl?: boolean; code?: string } = {}) =>
      reportShortcut({ key, code: mods.code, altKey: !!mods.alt, ctrlKey: !!mods.ctrl, metaKey: false });
    expect(k("3", { alt: true })).toEqual({ tab: "rates" });
    expect(k("£", { alt: true, code: "Digit4" })).toEqual({ tab: "check" });
    expect(k("9", { alt: true })).toBeNull();
    expect(k("E", { ctrl: true })).toEqual({ action: "xlsx" });
    expect(k("p", { ctrl: true })).toEqual({ action: "pdf" });
    expect(k("e")).toBeNull();
  });
});

const check = (id: number, closed: boolean, reviewer: string | null): ShiftCheck => ({
  shift_id: id,
  cashier: "李四",
  opened_at: "2026-03-10T09:00:00+08:00",
  closed_at: closed ? "2026-03-10T17:00:00+08:00" : null,
  receipts: 3,
  total_fen: 98765,
  voids: 1,
  reversals: 0,
  methods: [],
  difference_fen: closed ? -500 : null,
  reviewed_by: reviewer,
  reviewed_at: reviewer ? "2026-03-11T09:30:00+08:00" : null,
});

describe("ShiftChecks", () => {
  beforeEach(() => {
    invoked.length = 0;
  });
  it("offers 复核 only on a closed shift not yet reviewed", () => {
    expect([check(1, true, null), check(2, false, null), check(3, true, "张敏")].map(canReview)).toEqual([true, false, false]);
  });
  it("reviews a shift with a note on Enter and reloads", async () => {
    const onReviewed = vi.fn();
    render(<ShiftChecks rows={[check(7, true, null), check(8, false, null), check(9, true, "张敏")]} testid="t" onReviewed={onReviewed} />);
    expect(screen.queryByTestId("review-8")).toBeNull();
    expect(screen.queryByTestId("review-9")).toBeNull();
    expect(screen.getByTestId("t").textContent).toContain("张敏 2026-03-11 09:30");
    fireEvent.click(screen.getByTestId("review-7"));
    const note = document.getElementById("review-note") as HTMLInputElement;
    fireEvent.change(note, { target: { value: " 已核对 " } });
    await act(async () => {
      fireEvent.keyDown(note, { key: "Enter" });
    });
    expect(invoked).toEqual([{ cmd: "review_shift", args: { shift_id: 7, note: "已核对" } }]);
    expect(onReviewed).toHaveBeenCalledTimes(1);
  });
});

describe("CollectionRateView", () => {
  it("draws the bars and lists the buildings with the estate's total", () => {
    render(<CollectionRateView rates={rates} />);
    expect(screen.getByTestId("rate-chart")).toBeTruthy();
    const rows = [...screen.getByTestId("rate-table").querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent));
    expect(rows[0]).toEqual(["3", "4", "¥1,339.06", "¥729.26", "¥609.80", "54.46%"]);
    expect(screen.getByTestId("rate-total").textContent).toBe("48.23%");
  });
  it("has no chart when nothing was billed", () => {
    render(<CollectionRateView rates={{ ...rates, buildings: [], total: rate("合计", 0, 0, null) }} />);
    expect(screen.queryByTestId("rate-chart")).toBeNull();
    expect(screen.getByTestId("rate-total").textContent).toBe("—");
  });
});
