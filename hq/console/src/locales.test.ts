import { describe, expect, it } from "vitest";

// Every string exists in both languages (the same keys in zh-CN/x.json and en/x.json), and every key the
// code asks for with a literal t("…") exists.
const files = import.meta.glob("./locales/*/*.json", { eager: true, import: "default" }) as Record<string, Record<string, unknown>>;
const sources = import.meta.glob(["./**/*.{ts,tsx}", "!./**/*.test.{ts,tsx}", "!./bindings/**"], { eager: true, query: "?raw", import: "default" }) as Record<string, string>;

function keys(o: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(o)
    .flatMap(([k, v]) => (typeof v === "object" && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))
    .sort();
}

const zhFiles = Object.keys(files).filter((p) => p.includes("/zh-CN/"));
const zh: Record<string, string[]> = Object.fromEntries(zhFiles.map((p) => [/\/([^/]+)\.json$/.exec(p)![1], keys(files[p])]));

describe("locales", () => {
  it("has a file per screen", () => {
    expect(Object.keys(zh).sort()).toEqual(["arrears", "common", "daily", "estates", "monthly", "rates", "signin", "standards", "users", "verify"]);
  });
  for (const p of zhFiles) {
    it(`${p} has the same keys in English`, () => {
      const en = files[p.replace("/zh-CN/", "/en/")];
      expect(en).toBeDefined();
      expect(keys(en)).toEqual(keys(files[p]));
    });
  }
  it("has no empty strings", () => {
    for (const [p, f] of Object.entries(files)) {
      const flat = JSON.stringify(f);
      expect(flat.includes('""'), p).toBe(false);
    }
  });
  it("has every key the code asks for", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const [path, src] of Object.entries(sources)) {
      const namespaces = [...src.matchAll(/useTranslation\(\s*(?:"([^"]+)")?\s*\)/g)].map((m) => m[1] ?? "common");
      for (const m of src.matchAll(/\bt\(\s*"([^"]+)"/g)) {
        const key = m[1];
        const [ns, k] = key.includes(":") ? key.split(":") : [null, key];
        const found = ns ? zh[ns]?.includes(k) : namespaces.some((n) => zh[n]?.includes(k));
        if (!found) missing.push(`${path}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
