import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import SaleDialog from "./screens/SaleDialog";
import "./i18n";

// jsdom lacks it; Ant Design asks for it.
window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, onchange: null, dispatchEvent: () => false })) as any;

vi.mock("./api", () => ({
  isCoreError: () => false,
  api: {
    feeItems: async () => [
      { id: 1, code: "WYF", name: "物业服务费", method: "per_area", unit_label: "㎡", hq_version: null },
      { id: 2, code: "FYF", name: "复印", method: "per_quantity", unit_label: "张", hq_version: null },
      { id: 3, code: "HCF", name: "会所场地", method: "per_quantity", unit_label: "小时", hq_version: null },
    ],
  },
}));

afterEach(cleanup);

describe("the sale dialog", () => {
  it("picks the item whose Alt+digit is pressed, as its button says", async () => {
    render(<SaleDialog unit={null} onClose={() => {}} onIssued={() => {}} />);
    const second = await screen.findByTestId("sale-item-HCF");
    expect(second.textContent).toContain("Alt+2");
    expect(screen.getByTestId("sale-item-FYF").className).toContain("ant-btn-primary");
    fireEvent.keyDown(window, { key: "2", code: "Digit2", altKey: true });
    await waitFor(() => expect(screen.getByTestId("sale-item-HCF").className).toContain("ant-btn-primary"));
    expect(screen.getByTestId("sale-item-FYF").className).not.toContain("ant-btn-primary");
    // A digit without Alt is typed, not a pick.
    fireEvent.keyDown(window, { key: "1", code: "Digit1" });
    expect(screen.getByTestId("sale-item-HCF").className).toContain("ant-btn-primary");
  });
});
