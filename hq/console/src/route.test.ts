import { describe, expect, it } from "vitest";
import { parseHash, screensFor } from "./route";

describe("routing", () => {
  it("reads the screen and its choices from the address", () => {
    const r = parseHash("#/daily?day=2026-11-02");
    expect(r.screen).toBe("daily");
    expect(r.params.get("day")).toBe("2026-11-02");
    expect(parseHash("").screen).toBe("");
    expect(parseHash("#/verify").screen).toBe("verify");
  });
  it("shows the people screen to administrators only", () => {
    expect(screensFor("admin")).toContain("users");
    expect(screensFor("finance")).not.toContain("users");
    expect(screensFor("manager")).not.toContain("users");
    expect(screensFor("manager")).toContain("standards");
  });
});
