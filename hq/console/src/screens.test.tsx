import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import "./i18n";
import SignIn from "./screens/SignIn";
import Verify from "./screens/Verify";
import Standards from "./screens/Standards";
import type { Me } from "./bindings/Me";

beforeAll(() => {
  // antd asks for media queries (responsive grid); jsdom has none.
  // jsdom computes no pseudo-elements' styles (antd asks, for scrollbars): the element's own will do.
  const own = window.getComputedStyle.bind(window);
  window.getComputedStyle = (el: Element) => own(el);
  window.matchMedia ??= ((q: string) => ({ matches: false, media: q, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false })) as unknown as typeof window.matchMedia;
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
const me: Me = { username: "zongbu", display_name: "总部管理员", role: "admin", estates: [{ estate_id: "e1", code: "YGHY", name: "阳光花园" }] };

describe("sign-in", () => {
  it("signs in with what was typed", async () => {
    const f = json(200, me);
    vi.stubGlobal("fetch", f);
    const done = vi.fn();
    render(<SignIn onSignedIn={done} />);
    fireEvent.change(screen.getByTestId("signin-username"), { target: { value: " zongbu " } });
    fireEvent.change(screen.getByTestId("signin-password"), { target: { value: "demo-pass" } });
    fireEvent.click(screen.getByTestId("signin-submit"));
    await waitFor(() => expect(done).toHaveBeenCalledWith(me));
    expect((f.mock.calls[0] as unknown as [string, RequestInit])[1].body).toBe('{"username":"zongbu","password":"demo-pass"}');
  });
  it("shows the server's refusal", async () => {
    vi.stubGlobal("fetch", json(401, { code: "LOCKED", zh: "账户已锁定，请 15 分钟后再试", en: "locked" }));
    render(<SignIn onSignedIn={() => {}} />);
    fireEvent.change(screen.getByTestId("signin-username"), { target: { value: "zongbu" } });
    fireEvent.change(screen.getByTestId("signin-password"), { target: { value: "x" } });
    fireEvent.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("signin-error")).toHaveProperty("textContent", "账户已锁定，请 15 分钟后再试");
  });
});

describe("verify", () => {
  it("shows the verdict and the receipt", async () => {
    vi.stubGlobal(
      "fetch",
      json(200, {
        verdict: "voided",
        by: "number",
        receipt: { estate_code: "YGHY", estate_name: "阳光花园", desk_code: "A01", number: "A01-2026-007382", at: "2026-11-02T16:02:00+08:00", kind: "payment", unit: "S-137", payer: "林**", total_fen: 1161840, voided: true, reversed_by: null },
      }),
    );
    render(<Verify />);
    fireEvent.change(screen.getByTestId("verify-text"), { target: { value: "A01-2026-007382" } });
    fireEvent.click(screen.getByTestId("verify-submit"));
    const verdict = await screen.findByTestId("verify-verdict");
    expect(verdict.getAttribute("data-verdict")).toBe("voided");
    expect(verdict.textContent).toContain("已作废");
    const receipt = screen.getByTestId("verify-receipt").textContent ?? "";
    expect(receipt).toContain("11,618.40");
    expect(receipt).toContain("2026-11-02 16:02");
  });
});

describe("standards", () => {
  it("says so when the server does not offer them, and still offers the form to an administrator", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("", { status: 404 })));
    render(<Standards me={me} />);
    expect((await screen.findByTestId("standards-error")).textContent).toContain("404");
    expect(screen.getByTestId("publish-submit")).toBeTruthy();
  });
  it("marks each desk applied or to apply", async () => {
    vi.stubGlobal(
      "fetch",
      json(200, {
        versions: [{ version: 2, estate_code: null, effective_month: "2027-01", note: "", published_by: "zongbu", published_at: "2026-12-05T12:00:00Z", entries: [{ item_code: "WYF", item_name: "物业服务费", method: "per_area", unit_label: "㎡", rate: "2.50", unit_type: "residential" }] }],
        desks: [
          { estate_code: "YGHY", desk_code: "A01", applied_version: 2, applied_at: "2026-12-05T13:00:00Z", latest_version: 2, refused_version: null, refused_reason_zh: null, refused_reason_en: null },
          { estate_code: "YGHY", desk_code: "A02", applied_version: 1, applied_at: null, latest_version: 2, refused_version: null, refused_reason_zh: null, refused_reason_en: null },
          { estate_code: "YGHY", desk_code: "A03", applied_version: 1, applied_at: null, latest_version: 2, refused_version: 2, refused_reason_zh: "物业服务费 住宅已按原标准计费至 2027-01", refused_reason_en: "billed" },
        ],
      }),
    );
    render(<Standards me={{ ...me, role: "finance" }} />);
    expect((await screen.findByTestId("standards-standing-YGHY-A01")).textContent).toBe("已应用");
    expect(screen.getByTestId("standards-standing-YGHY-A02").textContent).toBe("待应用");
    expect(screen.getByTestId("standards-standing-YGHY-A03").textContent).toBe("未应用");
    expect(screen.getByTestId("standards-refusal-YGHY-A03").textContent).toBe("收费台未应用 v2：物业服务费 住宅已按原标准计费至 2027-01");
    expect(screen.getByTestId("standards-version-2").textContent).toContain("全集团");
    expect(screen.queryByTestId("standards-publish-form")).toBeNull();
  });
});
