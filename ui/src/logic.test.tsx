import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import type { OpenCharge } from "./bindings/OpenCharge";
import type { TenderLine } from "./money";
import { lastContact, preselect } from "./screens/Counter";
import { TenderEditor, toTenders } from "./screens/CollectDialog";
import { countedFen } from "./screens/Shift";
import "./i18n";

// The shell is not there in a unit test: the tender preview answers as the core does for these inputs
// (the rule itself is tested in the core: tender::tests).
const previews: Record<string, { paid_fen: number; change_fen: number; short_fen: number }> = {
  "43050:": { paid_fen: 0, change_fen: 0, short_fen: 43050 },
  "43050:430.5": { paid_fen: 43050, change_fen: 0, short_fen: 0 },
  "43050:500": { paid_fen: 50000, change_fen: 6950, short_fen: 0 },
  "43050:400": { paid_fen: 40000, change_fen: 0, short_fen: 3050 },
};
const asked: { due_fen: number; lines: { method: string; text: string }[] }[] = [];
vi.mock("./api", () => ({
  api: {
    tenderPreview: async (due_fen: number, lines: { method: string; text: string }[]) => {
      asked.push({ due_fen, lines });
      const p = previews[`${due_fen}:${lines.map((l) => l.text).join("|")}`];
      return { ok: true, line: null, error: null, ...p };
    },
  },
}));

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
  it("shows the core's change as the cashier types and issues on Enter", async () => {
    const onEnter = vi.fn();
    render(<Harness due={43050} onEnter={onEnter} />);
    const input = document.getElementById("tender-0") as HTMLInputElement;
    // A blank line is exactly the amount due.
    await waitFor(() => expect(screen.getByTestId("change").textContent).toBe("¥0.00"));
    expect(asked[0]).toEqual({ due_fen: 43050, lines: [{ method: "cash", text: "430.5" }] });
    fireEvent.change(input, { target: { value: "500" } });
    await waitFor(() => expect(screen.getByTestId("change").textContent).toBe("¥69.50"));
    fireEvent.change(input, { target: { value: "400" } });
    await waitFor(() => expect(screen.getByTestId("short").textContent).toBe("¥30.50"));
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

describe("shortcuts", () => {
  const ev = (key: string, code: string, mods: { ctrl?: boolean; alt?: boolean; shift?: boolean } = {}) => ({
    key,
    code,
    ctrlKey: !!mods.ctrl,
    altKey: !!mods.alt,
    shiftKey: !!mods.shift,
  });
  it("match by modifiers and key position", async () => {
    const { isShortcut } = await import("./util");
    expect(isShortcut(ev("v", "KeyV", { alt: true }), "Alt+V")).toBe(true);
    expect(isShortcut(ev("√", "KeyV", { alt: true }), "Alt+V")).toBe(true); // a layout that types a symbol with Alt
    expect(isShortcut(ev("v", "KeyV"), "Alt+V")).toBe(false);
    expect(isShortcut(ev("v", "KeyV", { alt: true, ctrl: true }), "Alt+V")).toBe(false);
    expect(isShortcut(ev("l", "KeyL", { ctrl: true }), "Ctrl+L")).toBe(true);
    expect(isShortcut(ev("F3", "F3"), "F3")).toBe(true);
    expect(isShortcut(ev("v", "", { alt: true }), "Alt+V")).toBe(true); // no key position: the key
    expect(isShortcut(ev("x", "", { alt: true }), "Alt+V")).toBe(false);
    expect(isShortcut(ev("Enter", "Enter", { ctrl: true }), "Ctrl+Enter")).toBe(true);
  });
  it("press their button, and only while it is enabled", async () => {
    const { KeyButton } = await import("./util");
    const hit = vi.fn();
    const { rerender } = render(<KeyButton k="Alt+V" onClick={hit}>作废</KeyButton>);
    expect(screen.getByRole("button", { name: /作废/ }).textContent).toContain("Alt+V");
    fireEvent.keyDown(window, { key: "v", code: "KeyV", altKey: true });
    expect(hit).toHaveBeenCalledTimes(1);
    rerender(<KeyButton k="Alt+V" onClick={hit} disabled>作废</KeyButton>);
    fireEvent.keyDown(window, { key: "v", code: "KeyV", altKey: true });
    expect(hit).toHaveBeenCalledTimes(1);
  });
});

describe("the unit panel's last 催缴 contact", () => {
  it("reads date, way, reason and the promised date in one line", () => {
    const f = {
      id: 1,
      unit: "3-2-1201",
      contacted_on: "2026-12-01",
      way: "phone",
      by: "李四",
      result: "业主称月底前缴清",
      reason: "hardship",
      note: "",
      promised_on: "2026-12-31",
      next_on: null,
      arrears_fen: 44050,
    } as const;
    expect(lastContact(f)).toBe("2026-12-01 电话 · 经济困难 · 承诺缴费日期 2026-12-31");
    expect(lastContact({ ...f, promised_on: null })).toBe("2026-12-01 电话 · 经济困难");
  });
});
