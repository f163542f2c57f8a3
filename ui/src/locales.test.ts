import { describe, expect, it } from "vitest";

// Every string exists in both languages: the same keys in zh-CN/x.json and en/x.json.
const files = import.meta.glob("./locales/*/*.json", { eager: true, import: "default" }) as Record<string, Record<string, unknown>>;

function keys(o: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === "object" && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
}

describe("locales", () => {
  const zh = Object.keys(files).filter((p) => p.includes("/zh-CN/"));
  it("has a file per screen", () => {
    expect(zh.length).toBeGreaterThanOrEqual(8);
  });
  for (const p of zh) {
    it(`${p} has the same keys in English`, () => {
      const en = files[p.replace("/zh-CN/", "/en/")];
      expect(en).toBeDefined();
      expect(keys(en)).toEqual(keys(files[p]));
    });
  }
});
