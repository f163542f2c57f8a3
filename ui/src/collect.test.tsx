import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import CollectDialog, { spendPrepayment } from "./screens/CollectDialog";
import type { OpenCharge } from "./bindings/OpenCharge";
import "./i18n";

// jsdom lacks it; Ant Design asks for it.
window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, onchange: null, dispatchEvent: () => false })) as any;

/** A year of 物业服务费 and of 垃圾处理费: 2025-11 … 2026-10. */
const charges: OpenCharge[] = Array.from({ length: 12 }, (_, i) => {
  const d = new Date(2025, 10 + i, 1);
  const period = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  return [
    { charge_id: 2 * i + 1, item: "WYF", item_name: "物业服务费", period, basis: "", amount_fen: 21025, open_fen: 21025, due_date: `${period}-10` },
    { charge_id: 2 * i + 2, item: "LJF", item_name: "垃圾处理费", period, basis: "", amount_fen: 1000, open_fen: 1000, due_date: `${period}-10` },
  ];
}).flat();

const calls = vi.hoisted(() => ({ allocation: [] as (number | null)[], collect: [] as unknown[] }));

vi.mock("./api", () => ({
  isCoreError: () => false,
  api: {
    // What the core answers for these charges (grouped by item; a part settles them in order).
    allocation: async (_unit: string, _ids: number[], amount: number | null) => {
      calls.allocation.push(amount);
      const due = 12 * 22025;
      const paid = amount ?? due;
      return {
        charges: [],
        due_fen: due,
        paid_fen: paid,
        remaining_fen: due - paid,
        groups: [
          { item: "WYF", item_name: "物业服务费", first_period: "2025-11", last_period: "2026-10", count: 12, due_fen: 12 * 21025, paid_fen: Math.min(paid, 12 * 21025) },
          { item: "LJF", item_name: "垃圾处理费", first_period: "2025-11", last_period: "2026-10", count: 12, due_fen: 12 * 1000, paid_fen: Math.max(0, paid - 12 * 21025) },
        ],
      };
    },
    tenderPreview: async (due: number) => ({ ok: true, line: null, error: null, paid_fen: due, change_fen: 0, short_fen: 0 }),
    collect: async (req: unknown) => {
      calls.collect.push(req);
      throw new Error("not issued in this test");
    },
  },
}));

afterEach(cleanup);

describe("the collect dialog", () => {
  it("reads a year of arrears by fee item, not as a run of 24 lines", async () => {
    render(<CollectDialog unit="3-2-1201" charges={charges} prepaymentFen={0} onClose={() => {}} onIssued={() => {}} />);
    const wyf = await screen.findByTestId("charge-group-WYF");
    expect(wyf.textContent).toContain("物业服务费");
    expect(wyf.textContent).toContain("2025-11 至 2026-10");
    expect(wyf.textContent).toContain("×12");
    expect(wyf.textContent).toContain("¥2,523.00");
    expect(screen.queryByTestId("charge-lines")).toBeNull();
    fireEvent.click(screen.getByText("展开明细（24 项）"));
    expect(screen.getByTestId("charge-lines").textContent).toContain("2026-10");
  });

  it("takes a part payment from Alt+B and says what stays owed", async () => {
    render(<CollectDialog unit="3-2-1201" charges={charges} prepaymentFen={0} onClose={() => {}} onIssued={() => {}} />);
    await screen.findByTestId("charge-group-WYF");
    fireEvent.keyDown(window, { key: "b", code: "KeyB", altKey: true });
    const amount = document.getElementById("collect-amount") as HTMLInputElement;
    expect(document.activeElement).toBe(amount);
    fireEvent.change(amount, { target: { value: "1000" } });
    const warning = await screen.findByTestId("collect-partial");
    expect(warning.textContent).toContain("¥1,643.00"); // 2,643.00 owed, 1,000 paid
    expect(calls.allocation).toContain(100000);
    // A typo is named and nothing is sent.
    fireEvent.change(amount, { target: { value: "12.345" } });
    await screen.findByTestId("collect-amount-error");
    const before = calls.collect.length;
    fireEvent.click(document.getElementById("issue-only")!);
    expect(calls.collect.length).toBe(before);
    // The part goes to the core with the payment.
    fireEvent.change(amount, { target: { value: "1000" } });
    await waitFor(() => expect(screen.queryByTestId("collect-amount-error")).toBeNull());
    fireEvent.click(document.getElementById("issue-only")!);
    await waitFor(() => expect(calls.collect.length).toBe(before + 1));
    expect((calls.collect[before] as { amount_fen: number }).amount_fen).toBe(100000);
  });

  it("spends the unit's prepayment from Alt+Y: all that is due, or the balance and cash for the rest", async () => {
    expect(spendPrepayment(300000, 264300)).toEqual([{ method: "prepayment", text: "2643" }]);
    expect(spendPrepayment(100050, 264300)).toEqual([
      { method: "prepayment", text: "1000.5" },
      { method: "cash", text: "1642.5" },
    ]);
    render(<CollectDialog unit="3-2-1201" charges={charges} prepaymentFen={100050} onClose={() => {}} onIssued={() => {}} />);
    await screen.findByTestId("charge-group-WYF");
    expect(screen.getByText(/用预存款抵扣（余额 ¥1,000.50）/)).toBeTruthy();
    fireEvent.keyDown(window, { key: "y", code: "KeyY", altKey: true });
    await waitFor(() => expect((document.getElementById("tender-0") as HTMLInputElement).value).toBe("1000.5"));
    expect(document.getElementById("tender-1")).not.toBeNull();
  });
});
