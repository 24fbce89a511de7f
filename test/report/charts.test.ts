import { describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { inventorySpec } from "../../src/report/charts/inventory.ts";
import { kpiTableSpec } from "../../src/report/charts/kpiTable.ts";
import { markoutSpec } from "../../src/report/charts/markouts.ts";
import { ofiSpec } from "../../src/report/charts/ofi.ts";
import { pausedSpec } from "../../src/report/charts/paused.ts";
import { pnlSpec } from "../../src/report/charts/pnl.ts";
import { quotesSpec } from "../../src/report/charts/quotes.ts";
import { decades, SPREAD_SERIES, spreadSigmaSpec } from "../../src/report/charts/spreadSigma.ts";
import { noDataReason } from "../../src/report/charts/common.ts";
import { compileSpec } from "../../src/report/render.ts";
import { evaluateRules } from "../../src/kpi/targets.ts";
import { axisTitles, tinyContext, tinyFills, tinyTimeseries, titleOf, tooltipTitles, units, valuesOf } from "./fixtures.ts";

const ctx = tinyContext();
const ts = tinyTimeseries();
const fills = tinyFills();

/** What every chart must have: a title, the report font, axis titles with units, tooltips, a clean compile. */
function expectWellFormed(spec: TopLevelSpec, opts: { tooltips?: boolean; yAxis?: boolean } = {}) {
  expect(titleOf(spec).text.length).toBeGreaterThan(3);
  expect((spec as { config?: { font?: string } }).config?.font).toBe("DejaVu Sans");
  const titles = axisTitles(spec);
  expect(titles.some((t) => t.channel === "x")).toBe(true);
  expect(titles.some((t) => t.channel === "y")).toBe(opts.yAxis ?? true);
  for (const t of titles) expect(t.title, `axis title "${t.title}" names its unit`).toMatch(/\(.+\)/);
  if (opts.tooltips ?? true) expect(tooltipTitles(spec).length).toBeGreaterThan(0);
  const warnings: string[] = [];
  compileSpec(spec, warnings);
  expect(warnings).toEqual([]);
  expect(JSON.stringify(spec)).not.toMatch(/https?:/);
}

describe("pnlSpec", () => {
  const spec = pnlSpec(ts, fills, ctx);
  it("draws total, spread capture, inventory and −fees over time, in the quote currency", () => {
    expectWellFormed(spec);
    const rows = valuesOf((spec as { data: unknown }).data);
    expect(rows).toHaveLength(10);
    expect(Object.keys(rows[0]).sort()).toEqual(["fees", "inventory", "spread", "t", "total"]);
    for (const r of rows) expect((r.spread as number) + (r.inventory as number) + (r.fees as number)).toBeCloseTo(r.total as number, 3);
    const line = units(spec).find(({ unit }) => (unit.mark as { type: string }).type === "line")!.unit;
    expect(JSON.stringify(line.transform)).toContain('"fold"');
    expect(axisTitles(spec)).toContainEqual({ channel: "y", title: "PnL (USDT)" });
    expect(axisTitles(spec)).toContainEqual({ channel: "x", title: "time since start (s)" });
    expect(tooltipTitles(spec)).toContain("spread capture (USDT)");
  });
});

describe("inventorySpec", () => {
  const spec = inventorySpec(ts, 0.5, ctx);
  it("draws q in base units with rules at +q_max and −q_max", () => {
    expectWellFormed(spec);
    expect(axisTitles(spec)).toContainEqual({ channel: "y", title: "inventory q (BTC)" });
    const rules = units(spec).filter(({ unit }) => (unit.mark as { type: string }).type === "rule");
    const limitYs = rules.flatMap(({ data }) => valuesOf(data).map((v) => v.y));
    expect(limitYs).toContain(0.5);
    expect(limitYs).toContain(-0.5);
    expect(JSON.stringify(spec)).toContain("q_max = 0.5 BTC");
  });
});

describe("quotesSpec", () => {
  it("draws mid, our bid/ask and the fills coloured by side over the default window (first hour)", () => {
    const spec = quotesSpec(ts, fills, ctx);
    expectWellFormed(spec);
    const all = units(spec);
    const points = all.find(({ unit }) => (unit.mark as { type: string }).type === "point")!;
    expect(valuesOf(points.data).map((f) => f.kind)).toEqual(["buy fill", "buy fill", "sell fill"]);
    expect((points.unit.encoding as { color: { field: string } }).color.field).toBe("kind");
    const line = all.find(({ unit }) => (unit.mark as { type: string }).type === "line")!;
    expect(valuesOf(line.data)).toHaveLength(10);
    expect(valuesOf(line.data)[0]).toEqual({ t: 1, mid: 100, bid: null, ask: null }); // NaN → null (a gap)
    expect(axisTitles(spec)).toContainEqual({ channel: "y", title: "price (USDT)" });
    expect(titleOf(spec).subtitle.join(" ")).toContain("3 fills");
  });

  it("limits rows and fills to a chosen window", () => {
    const spec = quotesSpec(ts, fills, ctx, { startS: 4, endS: 8 });
    const all = units(spec);
    const line = all.find(({ unit }) => (unit.mark as { type: string }).type === "line")!;
    expect(valuesOf(line.data).map((r) => r.t)).toEqual([4, 5, 6, 7, 8]);
    expect(valuesOf(all.find(({ unit }) => (unit.mark as { type: string }).type === "point")!.data)).toHaveLength(1);
  });

  it("downsamples a long window to the row budget, keeping the extremes", () => {
    const n = 86_400;
    const long = {
      t_ns: Float64Array.from({ length: n }, (_, i) => (i + 1) * 1e9),
      mid: Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 50)),
      bid: Float64Array.from({ length: n }, (_, i) => 99.9 + Math.sin(i / 50)),
      ask: Float64Array.from({ length: n }, (_, i) => 100.1 + Math.sin(i / 50)),
    };
    long.ask[50_000] = 150;
    const spec = quotesSpec(long, fills, tinyContext(5000), { startS: 0, endS: n + 1 });
    const rows = valuesOf(units(spec).find(({ unit }) => (unit.mark as { type: string }).type === "line")!.data);
    expect(rows.length).toBeLessThanOrEqual(5000);
    expect(Math.max(...rows.map((r) => r.ask as number))).toBe(150);
    expect(titleOf(spec).subtitle.join(" ")).toMatch(/downsampled/);
  });
});

describe("spreadSigmaSpec", () => {
  it("has two panels: the quoted spread ask − bid and σ with σ_base", () => {
    const spec = spreadSigmaSpec(ts, ctx, { regimeRatio: 2 });
    expectWellFormed(spec);
    expect((spec as { vconcat: unknown[] }).vconcat).toHaveLength(2);
    const rows = valuesOf((spec as { data: unknown }).data);
    expect(rows[0].spread).toBeNull();
    expect(rows[5].spread).toBeCloseTo((ts.ask[5] as number) - (ts.bid[5] as number), 6);
    const ys = axisTitles(spec).filter((t) => t.channel === "y").map((t) => t.title);
    expect(ys).toEqual(["quoted spread (USDT, log scale)", "σ (USDT/√s)"]);
  });

  it("names every drawn line, the quoted spread too, in its one legend", () => {
    const spec = spreadSigmaSpec(ts, ctx, { regimeRatio: 2 });
    // every line mark of both panels is coloured through the shared series scale
    const lines = units(spec).filter(({ unit }) => (unit.mark as { type: string }).type === "line");
    expect(lines).toHaveLength(2);
    for (const { unit } of lines) expect((unit.encoding as { color?: { field?: string } }).color?.field).toBe("series");
    const vega = compileSpec(spec) as { legends?: { stroke?: string }[]; scales?: { name: string; domain?: unknown }[] };
    expect(vega.legends).toHaveLength(1);
    const colour = vega.scales!.find((s) => s.name === vega.legends![0].stroke)!;
    expect(colour.domain).toEqual([SPREAD_SERIES, "σ", "σ_base", "regime threshold"]);
    expect(SPREAD_SERIES).toBe("quoted spread");
  });

  it("decades spans the positive values with powers of ten", () => {
    expect(decades([2.3, 15, 2900])).toEqual([1, 10, 100, 1000, 10000]);
    expect(decades([0, NaN])).toEqual([]);
    expect(decades([3, 5])).toEqual([1, 10]);
  });
});

describe("ofiSpec", () => {
  it("shows OFI z and the centre shift clamp(β·z, −1, 1) in ticks", () => {
    const spec = ofiSpec(ts, ctx, { beta: 0.5, zClamp: 3 });
    expectWellFormed(spec);
    const rows = valuesOf((spec as { data: unknown }).data);
    expect(rows).toHaveLength(10); // fewer rows than buckets: one row per bucket
    const shift = rows.map((r) => r.s);
    expect(shift).toEqual([0, 0.25, -0.5, 1, 1, -1, 0.1, -0.2, 0.5, -1]);
    expect(axisTitles(spec).map((t) => t.title)).toContain("centre shift (ticks)");
    expect(titleOf(spec).subtitle.join(" ")).toContain("β = 0.5");
  });
});

describe("pausedSpec", () => {
  it("shades the paused stretches", () => {
    const spec = pausedSpec(ts, ctx, [{ tNs: 4e9, kind: "pause", p99Ms: 350 }, { tNs: 6e9, kind: "resume", p99Ms: 200 }]);
    expectWellFormed(spec, { yAxis: false }); // spans over time: no y axis
    const rect = units(spec).find(({ unit }) => (unit.mark as { type: string }).type === "rect")!;
    expect(valuesOf(rect.data)).toEqual([
      { start: 4, end: 6, seconds: 2, cause: "latency guard" },
      { start: 9, end: 10, seconds: 1, cause: "latency guard" },
    ]);
    expect(titleOf(spec).subtitle[0]).toMatch(/^2 pauses, 3 s paused/);
    expect(noDataReason(spec)).toBeUndefined();
  });

  it("names each span's cause and draws the feed-health rule's events with the guard's", () => {
    const paused = [0, 0, 2, 2, 0, 1, 0, 0, 3, 3];
    const spec = pausedSpec({ t_ns: ts.t_ns, paused }, ctx, [], [{ tNs: 2e9, kind: "pause", silenceMs: 1100 }, { tNs: 4e9, kind: "resume", silenceMs: 20 }]);
    expectWellFormed(spec, { yAxis: false });
    const rect = units(spec).find(({ unit }) => (unit.mark as { type: string }).type === "rect")!;
    expect(valuesOf(rect.data).map((r) => r.cause)).toEqual(["stale feed", "latency guard", "halted"]);
    const rule = units(spec).find(({ unit }) => (unit.mark as { type: string }).type === "rule")!;
    expect(valuesOf(rule.data)).toEqual([
      { t: 2, kind: "pause", rule: "stale feed", detail: "1100 ms since the last book update" },
      { t: 4, kind: "resume", rule: "stale feed", detail: "20 ms since the last book update" },
    ]);
  });

  it("has data with a guard event alone (a pause shorter than a record interval)", () => {
    const spec = pausedSpec({ t_ns: ts.t_ns, paused: new Array(10).fill(0) }, ctx, [{ tNs: 4e9, kind: "pause", p99Ms: 350 }]);
    expect(noDataReason(spec)).toBeUndefined();
  });

  it('says "no pauses" in the subtitle when there are none', () => {
    const spec = pausedSpec({ t_ns: ts.t_ns, paused: new Array(10).fill(0) }, ctx);
    expectWellFormed(spec, { yAxis: false });
    expect(titleOf(spec).subtitle[0]).toMatch(/^no pauses/);
    expect(noDataReason(spec)).toBe("quoting never paused"); // a report leaves it out
  });
});

describe("markoutSpec", () => {
  const markouts = [
    { horizonMs: 100, meanQuote: 0.005, meanTicks: 0.5, count: 3 },
    { horizonMs: 1000, meanQuote: 0.01, meanTicks: 1, count: 3 },
    { horizonMs: 60000, meanQuote: null, meanTicks: null, count: 0 },
  ];
  it("plots mean markout (ticks) against the horizon (s), skipping unresolved horizons", () => {
    const spec = markoutSpec(markouts, ctx, { meanHalfSpreadTicks: 2 });
    expectWellFormed(spec);
    const line = units(spec).find(({ unit }) => (unit.mark as { type: string }).type === "line")!;
    expect(valuesOf(line.data)).toEqual([
      { h: 0.1, ticks: 0.5, quote: 0.005, n: 3 },
      { h: 1, ticks: 1, quote: 0.01, n: 3 },
    ]);
    expect(axisTitles(spec)).toContainEqual({ channel: "y", title: "mean markout (ticks)" });
    expect(axisTitles(spec)).toContainEqual({ channel: "x", title: "horizon after the fill (s, log scale)" });
    expect(noDataReason(spec)).toBeUndefined();
  });

  it("has no data without a resolved markout (no fills)", () => {
    const spec = markoutSpec([{ horizonMs: 100, meanQuote: null, meanTicks: null, count: 0 }], ctx);
    expect(titleOf(spec).subtitle[0]).toMatch(/^no fills/);
    expect(noDataReason(spec)).toBe("no fills");
  });
});

describe("charts without data", () => {
  const none = { t_ns: [], mid: [], bid: [], ask: [], reservation: [], q: [], pnl: [], sigma: [], sigma_base: [], ofi_z: [], paused: [] };
  const noFills = { t_ns: [], side: [], price: [], qty: [], fee: [], mid_at_fill: [], half_spread_at_placement: [] };
  it("are marked as such when the timeseries has no rows, and the charts with rows are not", () => {
    const empty = [pnlSpec(none, noFills, ctx), inventorySpec(none, 0.5, ctx), quotesSpec(none, noFills, ctx), spreadSigmaSpec(none, ctx, { regimeRatio: 2 }), ofiSpec(none, ctx, { beta: 0.5, zClamp: 3 })];
    for (const spec of empty) expect(noDataReason(spec), titleOf(spec).text).toMatch(/^no /);
    const full = [pnlSpec(ts, fills, ctx), inventorySpec(ts, 0.5, ctx), quotesSpec(ts, fills, ctx), spreadSigmaSpec(ts, ctx, { regimeRatio: 2 }), ofiSpec(ts, ctx, { beta: 0.5, zClamp: 3 })];
    for (const spec of full) expect(noDataReason(spec), titleOf(spec).text).toBeUndefined();
  });
});

describe("kpiTableSpec", () => {
  it("lists every rule with value, target, PASS/FAIL and definition", () => {
    const rules = evaluateRules({ spreadCapturedPct: 75, rmsInventory: 0.1, fillRatio: 0.2, cancelRatio: 0.8, latencyP99Ms: 20, pnl: 1.5 }, 0.5);
    const spec = kpiTableSpec({ rules }, ctx);
    const warnings: string[] = [];
    compileSpec(spec, warnings);
    expect(warnings).toEqual([]);
    const rows = valuesOf((spec as { data: unknown }).data);
    expect(rows).toHaveLength(7);
    expect(rows[1]).toMatchObject({ kpi: "Spread captured", value: "75.0 %", target: "≥ 70 %", result: "PASS" });
    expect(rows[2]).toMatchObject({ value: "0.1000 BTC" });
    expect(rows[4]).toMatchObject({ kpi: "Cancel ratio", result: "FAIL" });
    expect(rows[6]).toMatchObject({ value: "1.5000 USDT" });
    expect(String(rows[1].definition)).toContain("half-spread");
    expect(rows[6]).toMatchObject({ kpi: "PnL", result: "PASS", resultText: "PASS*", required: true });
    expect(titleOf(spec).subtitle[0]).toBe("5/6 rules passed, required: pnl → PASS (≥ 80 % and every required rule needed)");
    expect(JSON.stringify(spec)).toContain("#cf222e");
  });

  it("states the fee assumption and the break-even maker fee under the verdict", () => {
    const rules = evaluateRules({ spreadCapturedPct: 75, rmsInventory: 0.1, fillRatio: 0.2, cancelRatio: 0.5, latencyP99Ms: 20, pnl: -2 }, 0.5);
    const spec = kpiTableSpec({ rules, feeSchedule: { schedule: "binance-spot-vip9", makerBps: 1.2, takerBps: 2.4 }, fees: 3.5, breakEvenMakerFeeBps: 0.25 }, ctx);
    expect(titleOf(spec).subtitle.slice(0, 2)).toEqual([
      "5/6 rules passed, required: pnl → FAIL (required rule pnl failed)",
      "fees: binance-spot-vip9 (maker 1.2 bp, taker 2.4 bp) → 3.5000 USDT; break-even maker fee 0.25 bp",
    ]);
  });
});

describe("time paths (lines and areas through the timeseries)", () => {
  type VegaMark = { type: string; sort?: unknown; aria?: boolean; encode?: { update?: { description?: unknown } }; marks?: VegaMark[] };
  const paths = (marks: VegaMark[] | undefined): VegaMark[] => (marks ?? []).flatMap((m) => [...(m.type === "line" || m.type === "area" ? [m] : []), ...paths(m.marks)]);
  const specs = { pnl: pnlSpec(ts, fills, ctx), inventory: inventorySpec(ts, 0.5, ctx), quotes: quotesSpec(ts, fills, ctx), spreadSigma: spreadSigmaSpec(ts, ctx, { regimeRatio: 2 }), ofi: ofiSpec(ts, ctx, { beta: 0.5, zClamp: 3 }) };

  it("are drawn in row order (the rows come sorted by time) with no aria description per row", () => {
    for (const [name, spec] of Object.entries(specs)) {
      const drawn = paths((compileSpec(spec) as { marks?: VegaMark[] }).marks);
      expect(drawn.length, name).toBeGreaterThan(0);
      for (const m of drawn) expect([name, m.sort, m.aria, m.encode?.update?.description]).toEqual([name, undefined, false, undefined]);
    }
  });

  it("the rows each path reads are sorted by time, so vega's sort would leave them as they are", () => {
    for (const [name, spec] of Object.entries(specs)) {
      const datasets = JSON.stringify(spec).match(/"values":\[[^\]]*\]/g) ?? [];
      for (const values of datasets) {
        const t = (JSON.parse(`{${values}}`) as { values: { t?: number }[] }).values.map((r) => r.t).filter((v) => v !== undefined);
        expect(t, name).toEqual([...t].sort((a, b) => a! - b!));
      }
    }
  });
});
