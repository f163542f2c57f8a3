import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { parseDecimal } from "./decimal";
import Billing, { filterSheet, newestFirst } from "./screens/Billing";
import { screensFor } from "./App";
import type { Standard } from "./bindings/Standard";
import "./i18n";

// jsdom lacks these; Ant Design asks for them.
window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, onchange: null, dispatchEvent: () => false })) as any;

// The shell is not there in a unit test: the screen talks to this stand-in, which answers like the core.
const core = vi.hoisted(() => ({
  recordReading: vi.fn(),
}));
// What the core answers for the inputs these tests type (the rules are tested in the core).
const rates: Record<string, string | null> = { "2.3.4": "invalid", "2.35": null };
const usages: Record<string, string | null> = { "112.5|110": "-2.5" };
vi.mock("./api", () => ({
  isCoreError: (e: any) => typeof e === "object" && e !== null && "code" in e && "zh" in e,
  api: {
    feeItems: async () => [
      { id: 1, code: "WYF", name: "物业服务费", method: "per_area", unit_label: "㎡" },
      { id: 4, code: "SF", name: "水费", method: "metered", unit_label: "吨" },
    ],
    buildings: async () => [{ code: "3", name: "3栋", units: 2 }],
    feeStandards: async () => [],
    meterSheet: async () => [
      { unit: "3-1-301", previous: null, previous_period: null, current: null, usage: null, flagged: false },
      { unit: "3-2-1201", previous: "112.5", previous_period: "2026-01", current: null, usage: null, flagged: false },
    ],
    recordReading: core.recordReading,
    rateCheck: async (text: string) => ({ error: rates[text] ?? null }),
    readingUsage: async (r: { previous: string | null; current: string }) => usages[`${r.previous}|${r.current}`] ?? null,
    billingPreview: async (period: string) => ({
      period,
      items: [
        { item: "WYF", name: "物业服务费", charges: 2, total_fen: 48076 },
        { item: "SF", name: "水费", charges: 1, total_fen: 6650 },
      ],
      charges: 3,
      total_fen: 54726,
      already_billed: 0,
      missing_readings: ["3-1-301"],
      flagged_readings: ["3-2-1201"],
    }),
  },
}));

afterEach(cleanup);

function byId(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} not shown yet`);
  return el as HTMLInputElement;
}

describe("decimals", () => {
  it("reads what is typed into the plain string the core parses", () => {
    expect(parseDecimal(" 2.350 ", 6)).toEqual({ ok: true, text: "2.35" });
    expect(parseDecimal("１,２00", 2)).toEqual({ ok: true, text: "1200" });
    expect(parseDecimal("007.", 2)).toEqual({ ok: true, text: "7" });
    expect(parseDecimal("2.3.4", 6)).toEqual({ ok: false, error: "invalid" });
    expect(parseDecimal("0.1234567", 6)).toEqual({ ok: false, error: "precision" });
    expect(parseDecimal("-1", 6)).toEqual({ ok: false, error: "negative" });
    expect(parseDecimal("", 6)).toEqual({ ok: false, error: "empty" });
  });
});

describe("newestFirst", () => {
  it("lists one item's standards with the latest start on top", () => {
    const s = (id: number, item: string, start_period: string): Standard => ({ id, item, rate: "1", unit_type: "residential", units: 0, start_period, from_hq: false });
    const list = [s(1, "WYF", "2026-01"), s(2, "SF", "2026-03"), s(3, "WYF", "2026-07"), s(4, "WYF", "2026-07")];
    expect(newestFirst(list, "WYF").map((x) => x.id)).toEqual([4, 3, 1]);
  });
});

describe("filterSheet", () => {
  it("keeps the units whose code contains what was typed", () => {
    const row = (unit: string) => ({ unit, previous: null, previous_period: null, current: null, usage: null, flagged: false });
    const rows = [row("3-1-301"), row("3-2-1201"), row("S-101")];
    expect(filterSheet(rows, " 1201 ").map((r) => r.unit)).toEqual(["3-2-1201"]);
    expect(filterSheet(rows, "s-").map((r) => r.unit)).toEqual(["S-101"]);
    expect(filterSheet(rows, "")).toHaveLength(3);
  });
});

describe("screensFor", () => {
  it("hides billing from cashiers only", () => {
    expect(screensFor("cashier")).not.toContain("billing");
    expect(screensFor("supervisor")).toContain("billing");
  });
});

const session = { actor: { user_id: 1, username: "admin", display_name: "王建国", role: "admin" as const }, desk: "A01", shift: null };

describe("Billing screen", () => {
  it("shows why a typed rate is not accepted", async () => {
    render(<Billing session={session} />);
    await act(async () => {
      fireEvent.keyDown(window, { key: "2", altKey: true });
    });
    const rate = await waitFor(() => byId("standard-rate"));
    fireEvent.change(rate, { target: { value: "2.3.4" } });
    expect((await screen.findByTestId("rate-error")).textContent).toBe("不是有效的数字");
    fireEvent.change(rate, { target: { value: "2.35" } });
    await waitFor(() => expect(screen.queryByTestId("rate-error")).toBeNull());
  });

  it("shows the usage as typed, then the core's refusal of a reading below the previous one", async () => {
    core.recordReading.mockRejectedValueOnce({ code: "READING_INVALID", zh: "3-2-1201 本期读数 110 小于上期 112.5；若已换表，请录入旧表止数和新表起数", en: "below" });
    render(<Billing session={session} />);
    await act(async () => {
      fireEvent.keyDown(window, { key: "3", altKey: true });
    });
    await waitFor(() => expect(screen.getAllByText("SF 水费").length).toBeGreaterThan(0));
    fireEvent.click(document.getElementById("readings-load")!);
    const input = await waitFor(() => byId("reading-1"));
    fireEvent.change(input, { target: { value: "110" } });
    await waitFor(() => expect(screen.getByTestId("usage-3-2-1201").textContent).toBe("-2.5"));
    await act(async () => {
      fireEvent.keyDown(input, { key: "Enter", keyCode: 13 });
    });
    expect((await screen.findByTestId("reading-error-3-2-1201")).textContent).toContain("小于上期 112.5");
    expect(core.recordReading).toHaveBeenCalledWith({ unit: "3-2-1201", item: "SF", period: expect.any(String), current: "110", previous: null, meter_change: null, note: "" });
  });
});

describe("Billing run tab", () => {
  it("previews counts and totals per item and lists units missing or flagged readings", async () => {
    render(<Billing session={session} />);
    await act(async () => {
      fireEvent.keyDown(window, { key: "5", altKey: true });
    });
    const run = await waitFor(() => byId("billing-run"));
    expect((run as unknown as HTMLButtonElement).disabled).toBe(true);
    await act(async () => {
      fireEvent.click(byId("billing-preview"));
    });
    expect((await screen.findByTestId("preview-total")).textContent).toBe("¥547.26");
    expect(screen.getByTestId("preview-charges").textContent).toBe("3");
    expect(screen.getByTestId("missing-readings").textContent).toContain("3-1-301");
    expect(screen.getByTestId("flagged-readings").textContent).toContain("3-2-1201");
    expect((byId("billing-run") as unknown as HTMLButtonElement).disabled).toBe(false);
  });
});
