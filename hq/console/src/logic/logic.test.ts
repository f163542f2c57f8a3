import { describe, expect, it } from "vitest";
import { addMonths, isDay, isMonth, monthSpan, previousMonth, timeText, yesterday } from "./dates";
import { checkRate } from "./rate";
import { buildingLabel, buildingSpans, chartValue, deskStanding, enrollCommand, itemLabel, methodLabel, percentText, verdictStatus } from "./labels";
import { rateChartOption } from "./chart";
import type { MonthRates } from "../bindings/MonthRates";

const t = (key: string, opts?: Record<string, unknown>) => `${key}${opts ? JSON.stringify(opts) : ""}`;

describe("dates", () => {
  it("takes yesterday and the previous month from the local calendar", () => {
    expect(yesterday(new Date(2026, 0, 1, 0, 30))).toBe("2025-12-31");
    expect(yesterday(new Date(2026, 2, 1, 23, 59))).toBe("2026-02-28");
    expect(previousMonth(new Date(2026, 0, 15))).toBe("2025-12");
    expect(previousMonth(new Date(2026, 11, 5))).toBe("2026-11");
  });
  it("counts months", () => {
    expect(addMonths("2026-11", -11)).toBe("2025-12");
    expect(addMonths("2025-12", 1)).toBe("2026-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(monthSpan("2025-12", "2026-11")).toBe(12);
    expect(monthSpan("2026-11", "2026-11")).toBe(1);
    expect(monthSpan("2026-11", "2026-10")).toBe(0);
  });
  it("checks the address's days and months", () => {
    expect(isDay("2026-11-02")).toBe(true);
    expect(isDay("2026-13-02")).toBe(false);
    expect(isDay("2026-11-2")).toBe(false);
    expect(isMonth("2026-11")).toBe(true);
    expect(isMonth("2026-00")).toBe(false);
    expect(isMonth("x")).toBe(false);
  });
  it("shows a timestamp in local time", () => {
    expect(timeText(null)).toBe("");
    expect(timeText("not a time")).toBe("not a time");
    expect(timeText(new Date(2026, 10, 2, 8, 5).toISOString())).toBe("2026-11-02 08:05");
    expect(timeText("2026-11-10T17:41:49+08:00")).toBe("2026-11-10 17:41");
    expect(timeText("2026-11-10T17:41:49.123-05:00")).toBe("2026-11-10 17:41");
  });
});

describe("rate text", () => {
  it("takes non-negative decimals with at most 6 places, as text", () => {
    expect(checkRate("2.50")).toEqual({ ok: true, rate: "2.50" });
    expect(checkRate(" 0 ")).toEqual({ ok: true, rate: "0" });
    expect(checkRate("1.234567")).toEqual({ ok: true, rate: "1.234567" });
    expect(checkRate("２．３")).toEqual({ ok: true, rate: "2.3" });
    expect(checkRate("0.1")).toEqual({ ok: true, rate: "0.1" });
  });
  it("refuses what is not such a number", () => {
    expect(checkRate("")).toEqual({ ok: false, error: "empty" });
    expect(checkRate("-1")).toEqual({ ok: false, error: "negative" });
    expect(checkRate("1.2345678")).toEqual({ ok: false, error: "precision" });
    expect(checkRate("0.00", false)).toEqual({ ok: false, error: "zero" });
    expect(checkRate("0.01", false)).toEqual({ ok: true, rate: "0.01" });
    expect(checkRate("abc")).toEqual({ ok: false, error: "invalid" });
    expect(checkRate("1e3")).toEqual({ ok: false, error: "invalid" });
    expect(checkRate(".5")).toEqual({ ok: false, error: "invalid" });
    expect(checkRate("5.")).toEqual({ ok: false, error: "invalid" });
    expect(checkRate("1,000")).toEqual({ ok: false, error: "invalid" });
    expect(checkRate("1234567890")).toEqual({ ok: false, error: "large" });
    expect(checkRate("000000000012.5")).toEqual({ ok: true, rate: "000000000012.5" });
  });
});

describe("labels", () => {
  it("names buildings as the desk does", () => {
    expect(buildingLabel("3", t)).toBe('common:building_n{"n":"3"}');
    expect(buildingLabel("S", t)).toBe("S");
    expect(buildingLabel("P", t)).toBe("P");
  });
  it("names prepayments, deductions, items and methods", () => {
    expect(itemLabel("", t)).toBe("common:item_prepayment");
    expect(itemLabel("deduction:damage", t)).toBe('common:item_deduction{"kind":"damage"}');
    expect(itemLabel("WYF", t)).toBe("WYF");
    expect(itemLabel("WYF", t, { WYF: "物业服务费" })).toBe("物业服务费 WYF");
    expect(methodLabel("cash", t)).toBe("common:method.cash");
    expect(methodLabel("bitcoin", t)).toBe("bitcoin");
  });
  it("shows percents and their chart values", () => {
    expect(percentText("93.45")).toBe("93.45%");
    expect(percentText(null)).toBe("—");
    expect(chartValue("93.45")).toBe(93.45);
    expect(chartValue(null)).toBeNull();
  });
  it("maps verdicts to result states", () => {
    expect(verdictStatus("genuine")).toBe("success");
    expect(verdictStatus("voided")).toBe("warning");
    expect(verdictStatus("reversed")).toBe("warning");
    expect(verdictStatus("unknown")).toBe("info");
    expect(verdictStatus("forged")).toBe("error");
  });
  it("tells applied from pending standards", () => {
    const d = { estate_code: "YGHY", desk_code: "A01", applied_at: null, refused_version: null, refused_reason_zh: null, refused_reason_en: null };
    expect(deskStanding({ ...d, applied_version: 3, latest_version: 3 })).toBe("applied");
    expect(deskStanding({ ...d, applied_version: 4, latest_version: 3 })).toBe("applied");
    expect(deskStanding({ ...d, applied_version: 2, latest_version: 3 })).toBe("pending");
    expect(deskStanding({ ...d, applied_version: null, latest_version: 3 })).toBe("pending");
    expect(deskStanding({ ...d, applied_version: null, latest_version: null })).toBe("none");
    expect(deskStanding({ ...d, applied_version: 2, latest_version: 3, refused_version: 3 })).toBe("refused");
    expect(deskStanding({ ...d, applied_version: null, latest_version: 3, refused_version: 3 })).toBe("refused");
    expect(deskStanding({ ...d, applied_version: 4, latest_version: 4, refused_version: 3 })).toBe("applied");
  });
  it("writes the enrollment command", () => {
    expect(enrollCommand("https://hq.example:8443", "ABCD-EFGH-JKMN")).toBe("feedesk hq enroll --url https://hq.example:8443 --code ABCD-EFGH-JKMN");
  });
  it("spans each building's rows", () => {
    const rows = ["1", "1", "1", "2", "S", "S"].map((building) => ({ building }));
    expect(buildingSpans(rows)).toEqual([3, 0, 0, 1, 2, 0]);
    expect(buildingSpans([])).toEqual([]);
  });
});

describe("rates chart", () => {
  const month = (m: string, h: string | null, c: string | null, k: string | null): MonthRates => ({
    month: m,
    households_billed: 10,
    households_paid: 9,
    household_rate: h,
    billed_fen: 100,
    settled_fen: 90,
    collection_rate: c,
    arrears_at_start_fen: 0,
    arrears_collected_fen: 0,
    clearance_rate: k,
  });
  it("draws three lines by month on a 0–100 axis, gaps where nothing was due", () => {
    const o = rateChartOption([month("2026-01", "90.00", "93.48", null), month("2026-02", "91.53", "91.73", "40.46")], { household: "H", collection: "C", clearance: "K" });
    expect(o.xAxis.data).toEqual(["2026-01", "2026-02"]);
    expect(o.yAxis.max).toBe(100);
    expect(o.series.map((s) => s.name)).toEqual(["H", "C", "K"]);
    expect(o.series[2].data).toEqual([null, 40.46]);
    expect(o.tooltip.valueFormatter(12.5)).toBe("12.5%");
    expect(o.tooltip.valueFormatter(null)).toBe("—");
  });
});
