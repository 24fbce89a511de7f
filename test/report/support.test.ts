import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assetNames, tickDecimals, timeAxisFor, utcText } from "../../src/report/context.ts";
import { FontMetrics, isBold } from "../../src/report/fontMetrics.ts";
import { kpiRows } from "../../src/report/kpiRows.ts";
import { packageDir } from "../../src/report/packages.ts";
import { pausedIntervals } from "../../src/report/pausedIntervals.ts";
import { round, rowsAt } from "../../src/report/rows.ts";
import { bucketStats } from "../../src/report/bucketStats.ts";
import { evaluateRules } from "../../src/kpi/targets.ts";

describe("context helpers", () => {
  it("names the assets of a symbol", () => {
    expect(assetNames("BTCUSDT")).toEqual({ base: "BTC", quote: "USDT" });
    expect(assetNames("eth-btc")).toEqual({ base: "ETH", quote: "BTC" });
    expect(assetNames("XYZ")).toEqual({ base: "base", quote: "quote" });
  });

  it("picks the time unit from the span and formats the origin in UTC", () => {
    expect(timeAxisFor(60).unit).toBe("s");
    expect(timeAxisFor(7200).unit).toBe("min");
    expect(timeAxisFor(86_400).unit).toBe("h");
    expect(utcText("1723161600000000000")).toBe("2024-08-09 00:00:00 UTC");
    expect(utcText("")).toBeNull();
    expect(tickDecimals(0.01)).toBe(2);
    expect(tickDecimals(0.5)).toBe(1);
    expect(tickDecimals(1)).toBe(0);
  });
});

describe("rows", () => {
  it("rounds, maps non-finite values to null and never writes −0", () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(NaN, 2)).toBeNull();
    expect(Object.is(round(-0.0001, 2), 0)).toBe(true);
    expect(rowsAt([1], { a: { values: [0, 2.345], decimals: 1 } })).toEqual([{ a: 2.3 }]);
  });
});

describe("pausedIntervals", () => {
  it("turns runs of one non-zero paused code into [start, end) spans with their code", () => {
    expect(pausedIntervals([1, 2, 3, 4, 5], [0, 1, 1, 0, 1])).toEqual([
      { startNs: 2, endNs: 4, code: 1 },
      { startNs: 5, endNs: 6, code: 1 },
    ]);
    // a change of cause ends a span and starts the next at once
    expect(pausedIntervals([1, 2, 3, 4, 5, 6], [2, 2, 1, 3, 3, 0])).toEqual([
      { startNs: 1, endNs: 3, code: 2 },
      { startNs: 3, endNs: 4, code: 1 },
      { startNs: 4, endNs: 6, code: 3 },
    ]);
    expect(pausedIntervals([1, 2], [0, 0])).toEqual([]);
  });
});

describe("bucketStats", () => {
  it("summarises each bucket: min, 10th/90th percentile, max, mean", () => {
    const t = Array.from({ length: 20 }, (_, i) => i);
    const y = Array.from({ length: 20 }, (_, i) => i % 10);
    const s = bucketStats(t, y, 2);
    expect(Array.from(s.t)).toEqual([0, 10]);
    expect(Array.from(s.min)).toEqual([0, 0]);
    expect(Array.from(s.max)).toEqual([9, 9]);
    expect(Array.from(s.p10)).toEqual([0, 0]);
    expect(Array.from(s.p90)).toEqual([8, 8]);
    expect(Array.from(s.mean)).toEqual([4.5, 4.5]);
  });
});

describe("FontMetrics", () => {
  const dir = join(packageDir("dejavu-fonts-ttf"), "ttf");
  const regular = FontMetrics.load(join(dir, "DejaVuSans.ttf"));
  it("reads DejaVu Sans advance widths (digits are 0.636 em, 'i' is narrower than 'M')", () => {
    expect(regular.advance("0".codePointAt(0)!)).toBeCloseTo(1303 / 2048, 6);
    expect(regular.width("i", 10)).toBeLessThan(regular.width("M", 10));
    expect(regular.width("σ√−", 12)).toBeGreaterThan(0);
    expect(isBold("bold") && isBold(700) && !isBold("normal") && !isBold(undefined)).toBe(true);
  });
});

describe("kpiRows", () => {
  it("formats each rule with asset units and its definition", () => {
    const rules = evaluateRules({ spreadCapturedPct: null, rmsInventory: 0.3, fillRatio: 0.2, cancelRatio: 0.5, latencyP99Ms: 20, pnl: -1 }, 0.5);
    const rows = kpiRows({ rules }, { base: "ETH", quote: "EUR" });
    expect(rows[0]).toMatchObject({ value: "n/a", result: "FAIL" });
    expect(rows[1]).toMatchObject({ value: "0.3000 ETH", target: "≤ 0.4·q_max = 0.2", result: "FAIL" });
    expect(rows[5].value).toBe("-1.0000 EUR");
    expect(rows.every((r) => r.definition.length > 10)).toBe(true);
  });
});
