import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/react";
import type { FeeLedger } from "./bindings/FeeLedger";
import FeeLedgerDrawer from "./screens/FeeLedgerDrawer";
import "./i18n";

const ledger: FeeLedger = {
  unit: "3-2-1201",
  owner: "张三",
  entries: [
    { at: "2026-01-05T09:00:00+08:00", kind: "billed", document: null, summary: "2026-01 物业服务费、2026-01 垃圾处理费", charged_fen: 22025, paid_fen: 0, prepaid_fen: 0, arrears_fen: 22025, prepayment_fen: 0 },
    { at: "2026-01-05T09:10:00+08:00", kind: "paid", document: "A01-2026-000001", summary: "2026-01 物业服务费、预存款", charged_fen: 0, paid_fen: 22025, prepaid_fen: 7975, arrears_fen: 0, prepayment_fen: 7975 },
    { at: "2026-02-02T09:00:00+08:00", kind: "voided", document: "A01-2026-000002", summary: "2026-02 物业服务费", charged_fen: 0, paid_fen: 0, prepaid_fen: 0, arrears_fen: 0, prepayment_fen: 7975 },
  ],
  charged_fen: 22025,
  paid_fen: 22025,
  arrears_fen: 0,
  prepayment_fen: 7975,
};

const invoked: string[] = [];
vi.mock("@tauri-apps/api/core", () => ({
  invoke: async (cmd: string) => {
    invoked.push(cmd);
    return cmd === "fee_ledger" ? ledger : null;
  },
  Channel: class {},
}));

afterEach(cleanup);
window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, onchange: null, dispatchEvent: () => false })) as any;

describe("FeeLedgerDrawer", () => {
  it("lists the unit's entries with what each did and the balances after it", async () => {
    render(<FeeLedgerDrawer unit="3-2-1201" onClose={() => {}} />);
    const table = await screen.findByTestId("fee-ledger");
    expect(invoked).toContain("fee_ledger");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0].textContent).toContain("计费 2026-01 物业服务费");
    expect(rows[1].textContent).toContain("A01-2026-000001");
    expect(rows[1].textContent).toContain("¥79.75");
    expect(rows[2].textContent).toContain("作废（不计）");
    expect(screen.getByTestId("ledger-prepayment").textContent).toBe("¥79.75");
  });
});
