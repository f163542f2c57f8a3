import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import type { OpenCharge } from "./bindings/OpenCharge";
import type { TenderLine } from "./money";
import { preselect } from "./screens/Counter";
import { TenderEditor, toTenders } from "./screens/CollectDialog";
import { countedFen } from "./screens/Shift";
import "./i18n";

// jsdom lacks these; Ant Design asks for them.
window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, onchange: null, dispatchEvent: () => false })) as any;

const charge = (id: number, period: string, due: string, open: number): OpenCharge => ({
  charge_id: id,
  item: "WYF",
  item_name: "物业服务费",
  period,
  basis: "",
  amount_fen: open,
  open_fen: open,
  due_date: due,
});

describe("preselect", () => {
  const charges = [charge(1, "2026-10", "2026-10-31", 21025), charge(2, "2026-11", "2026-11-30", 21025), charge(3, "2026-12", "2026-12-31", 21025)];
  it("takes every charge due by today, oldest first", () => {
    expect(preselect(charges, "2026-11-30")).toEqual([1, 2]);
    expect(preselect(charges, "2026-11-22")).toEqual([1]);
  });
  it("takes the oldest when nothing is due yet", () => {
    expect(preselect(charges, "2026-09-01")).toEqual([1]);
    expect(preselect([], "2026-09-01")).toEqual([]);
  });
});

describe("toTenders", () => {
  it("reads a blank single line as exactly the amount due", () => {
    expect(toTenders(43050, [{ method: "cash", text: "" }])).toEqual([{ method: "cash", amount: 43050, reference: "" }]);
  });
  it("keeps split lines in integer fen and drops blank extra lines", () => {
    expect(
      toTenders(43050, [
        { method: "wechat", text: "200.5" },
        { method: "cash", text: "300" },
        { method: "alipay", text: "" },
      ]),
    ).toEqual([
      { method: "wechat", amount: 20050, reference: "" },
      { method: "cash", amount: 30000, reference: "" },
    ]);
  });
});

describe("countedFen", () => {
  it("sums notes and coins by denomination", () => {
    expect(countedFen({ 10000: "80", 5000: "6", 10: "3" })).toBe(830030);
    expect(countedFen({ 10000: "", 100: "x", 50: "-2" })).toBe(0);
  });
});

function Harness({ due, onEnter }: { due: number; onEnter: (ctrl: boolean) => void }) {
  const [lines, setLines] = useState<TenderLine[]>([{ method: "cash", text: "" }]);
  return <TenderEditor dueFen={due} lines={lines} setLines={setLines} onEnter={(e) => onEnter(e.ctrlKey)} />;
}

describe("TenderEditor", () => {
  it("shows the change as the cashier types and issues on Enter", () => {
    const onEnter = vi.fn();
    render(<Harness due={43050} onEnter={onEnter} />);
    const input = document.getElementById("tender-0") as HTMLInputElement;
    expect(screen.getByTestId("change").textContent).toBe("¥0.00");
    fireEvent.change(input, { target: { value: "500" } });
    expect(screen.getByTestId("change").textContent).toBe("¥69.50");
    fireEvent.change(input, { target: { value: "400" } });
    expect(screen.getByTestId("short").textContent).toBe("¥30.50");
    fireEvent.keyDown(input, { key: "Enter" });
    fireEvent.keyDown(input, { key: "Enter", ctrlKey: true });
    expect(onEnter.mock.calls).toEqual([[false], [true]]);
  });
});

describe("progress of long work", () => {
  it("turns the core's steps into whole percents, started at 0 and finished at 100", async () => {
    const { percentOf } = await import("./util");
    expect(percentOf({ stage: "started", label: "billing" })).toBe(0);
    expect(percentOf({ stage: "step", label: "billing", done: 1, total: 3 })).toBe(33);
    expect(percentOf({ stage: "step", label: "billing", done: 59999, total: 60000 })).toBe(99);
    expect(percentOf({ stage: "step", label: "billing", done: 0, total: 0 })).toBe(100);
    expect(percentOf({ stage: "finished", label: "billing", ms: 5 })).toBe(100);
  });
});
