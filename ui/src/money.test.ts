import { describe, expect, it } from "vitest";
import { fenToInput, formatFen, parseAmount } from "./money";

const fen = (s: string) => {
  const p = parseAmount(s);
  if (!p.ok) throw new Error(`${s}: ${p.error}`);
  return p.fen;
};

describe("parseAmount", () => {
  it("reads yuan into integer fen", () => {
    expect(fen("500")).toBe(50000);
    expect(fen("430.5")).toBe(43050);
    expect(fen("0.1")).toBe(10);
    expect(fen(".05")).toBe(5);
    expect(fen("1,234.56")).toBe(123456);
    expect(fen("¥12.30")).toBe(1230);
    expect(fen("１２３．４")).toBe(12340);
    expect(fen("007")).toBe(700);
    expect(fen("12.")).toBe(1200);
  });
  it("has no float error where floats have one", () => {
    // 0.1 + 0.2 and 1.005 × 100 are the classic float traps.
    expect(fen("0.29")).toBe(29);
    expect(fen("1.15")).toBe(115);
    expect(fen("4.35")).toBe(435);
    expect(fen("999999999999.99")).toBe(99999999999999);
    expect(fen("4.35") + fen("0.1") + fen("0.2")).toBe(465);
  });
  it("refuses bad input with a reason", () => {
    expect(parseAmount("")).toEqual({ ok: false, error: "empty" });
    expect(parseAmount("  ")).toEqual({ ok: false, error: "empty" });
    expect(parseAmount("-5")).toEqual({ ok: false, error: "negative" });
    expect(parseAmount("1.234")).toEqual({ ok: false, error: "precision" });
    expect(parseAmount("1.2.3")).toEqual({ ok: false, error: "invalid" });
    expect(parseAmount("abc")).toEqual({ ok: false, error: "invalid" });
    expect(parseAmount(".")).toEqual({ ok: false, error: "invalid" });
    expect(parseAmount("1e3")).toEqual({ ok: false, error: "invalid" });
    expect(parseAmount("1234567890123")).toEqual({ ok: false, error: "large" });
  });
  it("accepts trailing zeros beyond two places", () => {
    expect(fen("1.230")).toBe(123);
  });
});

describe("formatFen", () => {
  it("groups thousands with two decimals", () => {
    expect(formatFen(0)).toBe("0.00");
    expect(formatFen(5)).toBe("0.05");
    expect(formatFen(43050)).toBe("430.50");
    expect(formatFen(123456789)).toBe("1,234,567.89");
    expect(formatFen(-1000)).toBe("-10.00");
  });
  it("round-trips through the input form", () => {
    for (const f of [0, 5, 10, 43050, 50000, 123456789, 99999999999999]) {
      expect(fen(fenToInput(f))).toBe(f);
    }
  });
});
