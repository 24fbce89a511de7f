import { describe, expect, it } from "vitest";
import { MmlabError } from "../../src/core/errors.ts";
import { assertTickRange, ceilTicks, floorTicks, floorToLot, priceToTicks, ticksToPrice } from "../../src/core/ticks.ts";

describe("tick maths", () => {
  it("priceToTicks rounds to the nearest tick (absorbing float noise); ticksToPrice multiplies", () => {
    expect(priceToTicks(61_000.01, 0.01)).toBe(6_100_001);
    expect(priceToTicks(0.1 + 0.2, 0.1)).toBe(3); // 0.30000000000000004 / 0.1
    expect(ticksToPrice(6_100_001, 0.01)).toBeCloseTo(61_000.01, 8);
  });

  it("floorTicks / ceilTicks: outward rounding, exact grid points stay put despite float noise", () => {
    expect(floorTicks(10.7)).toBe(10);
    expect(ceilTicks(10.2)).toBe(11);
    expect(floorTicks(-10.2)).toBe(-11);
    expect(ceilTicks(-10.7)).toBe(-10);
    expect(floorTicks(10)).toBe(10);
    expect(ceilTicks(10)).toBe(10);
    // 0.3/0.1 = 2.9999999999999996 should floor to 3, 0.7/0.1 = 7.000000000000001 should ceil to 7
    expect(floorTicks(0.3 / 0.1)).toBe(3);
    expect(ceilTicks(0.7 / 0.1)).toBe(7);
  });

  it("floorToLot rounds quantities down to the lot grid", () => {
    expect(floorToLot(0.0127, 0.001)).toBeCloseTo(0.012, 12);
    expect(floorToLot(0.3, 0.00001)).toBeCloseTo(0.3, 12); // on the grid: not one lot less
    expect(floorToLot(0.000009, 0.00001)).toBe(0);
    expect(floorToLot(-0.0005, 0.001)).toBeLessThan(0); // negative stays negative (callers treat ≤ 0 as nothing)
  });

  it("assertTickRange accepts ±(2^31 − 1) and rejects beyond", () => {
    expect(() => assertTickRange(0x7fffffff, "x")).not.toThrow();
    expect(() => assertTickRange(-0x7fffffff, "x")).not.toThrow();
    expect(() => assertTickRange(0x80000000, "file.arrow")).toThrow(MmlabError);
    expect(() => assertTickRange(0x80000000, "file.arrow")).toThrow("file.arrow: price of 2147483648 ticks is outside the supported range");
    expect(() => assertTickRange(NaN, "x")).toThrow(MmlabError);
  });
});
