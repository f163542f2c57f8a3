import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiFailure, exports, setUnauthorizedHandler } from "./api";

function answer(status: number, body: string) {
  return vi.fn(async () => new Response(body, { status, headers: { "content-type": "application/json" } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(() => {});
});

describe("api", () => {
  it("sends JSON with the session cookie and reads JSON", async () => {
    const f = answer(200, '{"verdict":"unknown","by":"number","receipt":null}');
    vi.stubGlobal("fetch", f);
    const v = await api.verify({ text: "A01-2026-000001" });
    expect(v.verdict).toBe("unknown");
    const [path, init] = f.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe("/api/verify");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    expect(init.body).toBe('{"text":"A01-2026-000001"}');
  });
  it("puts the query in the address, escaped", async () => {
    const f = answer(200, "[]");
    vi.stubGlobal("fetch", f);
    await api.dayDocuments("YGHY", "A 01", "2026-11-02");
    expect((f.mock.calls[0] as unknown as [string])[0]).toBe("/api/daily/documents?estate=YGHY&desk=A%2001&day=2026-11-02");
    expect(exports.monthlyXlsx("2026-10")).toBe("/api/monthly.xlsx?month=2026-10");
    expect(exports.arrearsXlsx("2026-10")).toBe("/api/arrears.xlsx?as_of=2026-10");
  });
  it("passes the server's error on", async () => {
    vi.stubGlobal("fetch", answer(400, '{"code":"UNREADABLE","zh":"无法识别","en":"not recognised"}'));
    const e = await api.verify({ text: "??" }).catch((e) => e);
    expect(e).toBeInstanceOf(ApiFailure);
    expect(e.status).toBe(400);
    expect(e.error).toEqual({ code: "UNREADABLE", zh: "无法识别", en: "not recognised" });
  });
  it("makes its own message for an answer without one", async () => {
    vi.stubGlobal("fetch", answer(404, ""));
    const e = await api.standards().catch((e) => e);
    expect(e.status).toBe(404);
    expect(e.error.zh).toContain("404");
    expect(e.error.en).toContain("404");
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("offline"))));
    const n = await api.standards().catch((e) => e);
    expect(n.status).toBe(0);
    expect(n.error.code).toBe("NETWORK");
  });
  it("goes back to sign-in when the session is gone, but not for a wrong password", async () => {
    const gone = vi.fn();
    setUnauthorizedHandler(gone);
    vi.stubGlobal("fetch", answer(401, '{"code":"UNAUTHORIZED","zh":"请先登录","en":"sign in first"}'));
    await api.monthly("2026-10").catch(() => {});
    expect(gone).toHaveBeenCalledTimes(1);
    await api.signIn({ username: "x", password: "y" }).catch(() => {});
    expect(gone).toHaveBeenCalledTimes(1);
  });
});

describe("an address the server does not serve", () => {
  it("reads a page instead of data as not offered", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("<!doctype html><html></html>", { status: 200, headers: { "content-type": "text/html" } })));
    const e = await api.standards().catch((e) => e);
    expect(e).toBeInstanceOf(ApiFailure);
    expect(e.error.code).toBe("NOT_JSON");
  });
});
