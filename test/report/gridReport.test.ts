import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { afterAll, describe, expect, it } from "vitest";
import { cellValueText } from "../../src/report/charts/gridCharts.ts";
import {
  chartedKpis,
  gridAxes,
  gridCharts,
  gridPointResults,
  gridReportHtml,
  kpiCells,
  writeGridReport,
  type GridKpiValue,
  type GridReportInput,
  type GridReportPoint,
} from "../../src/report/gridReport.ts";
import { compileSpec } from "../../src/report/render.ts";
import { titleOf, valuesOf } from "./fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "mmlab-grid-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A grid row's KPIs: every rule met (q_max 0.5: RMS inventory ≤ 0.2), PnL 5, then the overrides. */
function kpis(over: Record<string, GridKpiValue> = {}): Record<string, GridKpiValue> {
  return {
    spreadCapturedPct: 80,
    rmsInventory: 0.1,
    rmsInventoryRatio: 0.2,
    fillRatio: 0.1,
    cancelRatio: 0.5,
    latencyP99Ms: 20,
    pnl: 5,
    sharpe: 0.01,
    sortino: 0.02,
    maxDrawdown: 1.5,
    fills: 120,
    volumeQuote: 250000,
    fees: 3,
    feeSchedule: "binance-spot-vip9 1.2/2.4 bp",
    breakEvenMakerFeeBps: 0.8,
    rulesPassed: 6,
    rulesTotal: 6,
    passed: true,
    ...over,
  };
}

const point = (index: number, gamma: number, k: number, over: Record<string, GridKpiValue>): GridReportPoint => ({
  index,
  id: `id${index}`,
  params: { gamma, k },
  kpis: kpis(over),
  qMax: 0.5,
  required: ["pnl"],
});

/**
 * A 2 × 2 grid (gamma × k), checked by hand:
 *   0 (γ 0.1, k 0.5)  every rule met, PnL 5            6/6 PASS
 *   1 (γ 0.1, k 1)    PnL 10, fill ratio 1 %, cancel 90 %: 4/6 < 80 %  FAIL (the highest PnL, but failing)
 *   2 (γ 0.2, k 0.5)  PnL −1: the required rule fails   5/6 FAIL
 *   3 (γ 0.2, k 1)    PnL 3, latency 400 ms              5/6 PASS
 * Best by PnL among the passing points (0 and 3): point 0.
 */
function input(over: Partial<GridReportInput> = {}): GridReportInput {
  return {
    title: "mmlab grid: gamma × k, 4 points",
    params: { gamma: [0.1, 0.2], k: [0.5, 1] },
    points: [
      point(0, 0.1, 0.5, {}),
      point(1, 0.1, 1, { pnl: 10, fillRatio: 0.01, cancelRatio: 0.9, rulesPassed: 4, passed: false }),
      point(2, 0.2, 0.5, { pnl: -1, rulesPassed: 5, passed: false }),
      point(3, 0.2, 1, { pnl: 3, latencyP99Ms: 400, rulesPassed: 5 }),
    ],
    objective: { kpi: "pnl", direction: 1, text: "pnl" },
    best: { index: 0, pool: "passing", candidates: 2 },
    measuredOn: "10m of the synthetic default market, seed 1",
    walkForward: null,
    facts: [["grid hash (SHA-256)", "abc"]],
    tables: ["results.arrow", "results.csv"],
    ...over,
  };
}

const specOf = (inp: GridReportInput, name: string): TopLevelSpec => gridCharts(inp).find((c) => c.name === name)!.spec;
const cellsOf = (spec: TopLevelSpec): Record<string, unknown>[] => valuesOf((spec as { data: unknown }).data);

function compilesClean(spec: TopLevelSpec): void {
  const warnings: string[] = [];
  compileSpec(spec, warnings);
  expect(warnings).toEqual([]);
  expect(JSON.stringify(spec)).not.toMatch(/https?:/);
}

describe("gridPointResults", () => {
  it("checks each point against its targets: the verdict, the rules passed, why it fails, the best point", () => {
    const results = gridPointResults(input());
    expect(results.map((r) => r.passed)).toEqual([true, false, false, true]);
    expect(results.map((r) => `${r.rulesPassed}/${r.rulesTotal}`)).toEqual(["6/6", "4/6", "5/6", "5/6"]);
    expect(results.map((r) => r.rules.filter((x) => x.passed).length)).toEqual([6, 4, 5, 5]);
    expect(results.map((r) => r.best)).toEqual([true, false, false, false]);
    expect(results[0].failReasons).toEqual([]);
    expect(results[1].failReasons).toEqual(["4/6 rules passed (< 80 %)"]);
    expect(results[2].failReasons).toEqual(["required rule pnl failed: -1.0000 quote (target > 0)"]);
    expect(results[3].rules.find((r) => r.id === "latency_p99")!.passed).toBe(false);
    // the RMS inventory target scales with the point's q_max
    expect(results[0].rules.find((r) => r.id === "rms_inventory")!.target).toBe("≤ 0.4·q_max = 0.2");
  });
});

describe("grid chart specs", () => {
  it("lays the first swept parameter across, the second up, the rest into panels; single values are not axes", () => {
    expect(gridAxes({ gamma: [0.1, 0.2], k: [0.5, 1] })).toEqual({ x: { name: "gamma", values: ["0.1", "0.2"] }, y: { name: "k", values: ["0.5", "1"] }, panel: null });
    expect(gridAxes({ seed: [1], gamma: [0.1, 0.2], k: [1, 2], c: ["a", "b"], d: [true, false] }).panel).toEqual({ names: ["c", "d"], values: ["c=a, d=true", "c=a, d=false", "c=b, d=true", "c=b, d=false"] });
    expect(gridAxes({ gamma: [0.1, 0.2], seed: [1] })).toEqual({ x: { name: "gamma", values: ["0.1", "0.2"] }, y: null, panel: null });
    expect(gridAxes({ seed: [1] })).toEqual({ x: null, y: null, panel: null });
  });

  it("charts the walk-forward (when run), the pass mask and one chart per KPI: the six ruled ones, context, the objective", () => {
    expect(gridCharts(input()).map((c) => c.name)).toEqual([
      "pass-mask",
      ...["spreadCapturedPct", "rmsInventory", "fillRatio", "cancelRatio", "latencyP99Ms", "pnl", "sharpe", "maxDrawdown", "fills", "breakEvenMakerFeeBps"].map((k) => `kpi-${k}`),
    ]);
    expect(chartedKpis("fees")).toContain("fees");
    for (const chart of gridCharts(input())) compilesClean(chart.spec);
  });

  it("the pass mask: green/red per point's verdict, its rules passed, ★ on the best", () => {
    const spec = specOf(input(), "pass-mask");
    expect(titleOf(spec).text).toBe("Pass mask: 2 of 4 points pass the KPI targets (gamma × k)");
    expect(titleOf(spec).subtitle[0]).toMatch(/every required rule: pnl/);
    expect(titleOf(spec).subtitle).toContain("★ best point by pnl among the 2 passing points");
    const cells = cellsOf(spec);
    expect(cells.map((c) => [c.index, c.x, c.y, c.verdictStatus, c.text])).toEqual([
      [0, "0.1", "0.5", "PASS", "★ 6/6 PASS"],
      [1, "0.1", "1", "FAIL", "4/6 FAIL"],
      [2, "0.2", "0.5", "FAIL", "5/6 FAIL"],
      [3, "0.2", "1", "PASS", "5/6 PASS"],
    ]);
    const enc = (spec as { encoding: { x: { sort: string[] }; y: { sort: string[] } } }).encoding;
    expect(enc.x.sort).toEqual(["0.1", "0.2"]);
    expect(enc.y.sort).toEqual(["1", "0.5"]); // values increase upwards
  });

  it("a KPI heatmap: the value as text, its status against the target, the target in the subtitle", () => {
    const spec = specOf(input(), "kpi-pnl");
    expect(titleOf(spec).text).toBe("PnL (quote, net of fees) over gamma × k");
    expect(titleOf(spec).subtitle[0]).toBe("target > 0: a red border marks a point missing it");
    expect(titleOf(spec).subtitle[1]).toBe("measured on 10m of the synthetic default market, seed 1");
    expect(cellsOf(spec).map((c) => [c.value, c.text, c.status])).toEqual([
      [5, "★ 5.00", "target met"],
      [10, "10.00", "target met"],
      [-1, "-1.00", "target missed"],
      [3, "3.00", "target met"],
    ]);
    const fill = cellsOf(specOf(input(), "kpi-fillRatio"));
    expect(fill.map((c) => [c.text, c.status])).toEqual([
      ["★ 10.0 %", "target met"],
      ["1.0 %", "target missed"],
      ["10.0 %", "target met"],
      ["10.0 %", "target met"],
    ]);
    expect(titleOf(specOf(input(), "kpi-sharpe")).subtitle[0]).toBe("no target: shown for context");
    expect(cellsOf(specOf(input(), "kpi-sharpe")).every((c) => c.status === "no target")).toBe(true);
    expect(titleOf(specOf(input(), "kpi-rmsInventory")).subtitle[0]).toMatch(/^target ≤ 0\.4·q_max = 0\.2:/);
  });

  it("a swept q_max gives each point its own inventory target", () => {
    const inp = input();
    inp.points[1].qMax = 0.2; // target 0.08: RMS inventory 0.1 misses it
    const cells = cellsOf(specOf(inp, "kpi-rmsInventory"));
    expect(cells.map((c) => c.status)).toEqual(["target met", "target missed", "target met", "target met"]);
    expect(titleOf(specOf(inp, "kpi-rmsInventory")).subtitle[0]).toMatch(/^target ≤ 0\.4·q_max \(q_max of each point\)/);
  });

  it("with nothing passing, marks the best by the objective among all points and says it fails", () => {
    const inp = input({ best: { index: 1, pool: "all", candidates: 4 } });
    inp.points[0].kpis.passed = false;
    inp.points[3].kpis.passed = false;
    const spec = specOf(inp, "pass-mask");
    expect(titleOf(spec).text).toMatch(/^Pass mask: 0 of 4 points pass/);
    expect(titleOf(spec).subtitle).toContain("★ no point passes the KPI targets: the best by pnl among all 4, FAILING");
    expect(cellsOf(spec).map((c) => c.text)).toEqual(["6/6 FAIL", "★ 4/6 FAIL", "5/6 FAIL", "5/6 FAIL"]);
    const html = gridReportHtml(inp);
    expect(html).toContain('<span class="fail">No point passes the KPI targets.</span> ★ The best by pnl among all 4 points, shown anyway, FAILS: point 1 (gamma=0.1, k=1): pnl 10.00 quote, net of fees');
    expect(html).toContain("4/6 rules passed (&lt; 80 %)");
  });

  it("more than two swept parameters: one panel per value of the others, the same cells", () => {
    const points: GridReportPoint[] = [];
    for (const c of ["a", "b"]) for (const gamma of [0.1, 0.2]) for (const k of [0.5, 1]) points.push({ ...point(points.length, gamma, k, {}), params: { c, gamma, k } });
    const inp = input({ params: { c: ["a", "b"], gamma: [0.1, 0.2], k: [0.5, 1] }, points, best: { index: 0, pool: "passing", candidates: 8 } });
    const axes = gridAxes(inp.params);
    expect([axes.x?.name, axes.y?.name, axes.panel?.names]).toEqual(["c", "gamma", ["k"]]);
    const spec = specOf(inp, "kpi-pnl") as { facet?: { field: string; sort: string[] }; spec?: unknown };
    expect(spec.facet).toMatchObject({ field: "panel", sort: ["k=0.5", "k=1"] });
    expect(cellsOf(spec as TopLevelSpec).map((c) => c.panel)).toEqual(["k=0.5", "k=1", "k=0.5", "k=1", "k=0.5", "k=1", "k=0.5", "k=1"]);
    expect(titleOf(spec as TopLevelSpec).subtitle).toContain("one panel per k");
    for (const chart of gridCharts(inp)) compilesClean(chart.spec);
  });

  it("one swept parameter: bars per KPI, the target as a dashed rule; the pass mask one row", () => {
    const inp = input({ params: { gamma: [0.1, 0.2], seed: [7] }, points: [0, 1].map((i) => ({ ...point(i, [0.1, 0.2][i], 1, i === 1 ? { pnl: -2, passed: false, rulesPassed: 5 } : {}), params: { gamma: [0.1, 0.2][i], seed: 7 } })) });
    const spec = specOf(inp, "kpi-pnl") as { layer: { mark: { type: string } | string; data?: unknown }[] };
    expect(spec.layer.map((l) => (typeof l.mark === "string" ? l.mark : l.mark.type))).toEqual(["bar", "text", "rule"]);
    expect(valuesOf(spec.layer[2].data)).toEqual([{ threshold: 0 }]);
    expect(titleOf(spec as unknown as TopLevelSpec).subtitle).toContain("fixed: seed=7");
    expect(cellsOf(spec as unknown as TopLevelSpec).map((c) => [c.x, c.status])).toEqual([
      ["0.1", "target met"],
      ["0.2", "target missed"],
    ]);
    expect((specOf(inp, "pass-mask") as { encoding: { y?: unknown } }).encoding.y).toBeUndefined();
    for (const chart of gridCharts(inp)) compilesClean(chart.spec);
    // no parameter at all: one bar, named by its point
    const one = input({ params: {}, points: [{ ...point(0, 0, 0, {}), params: {} }], best: { index: 0, pool: "passing", candidates: 1 } });
    expect(cellsOf(specOf(one, "kpi-pnl")).map((c) => c.x)).toEqual(["point 0"]);
    for (const chart of gridCharts(one)) compilesClean(chart.spec);
  });

  it("writes cell values compactly: percentages, counts, small and large numbers", () => {
    expect(cellValueText(71.25, "percent")).toBe("71.3 %");
    expect(cellValueText(0.0512, "fraction")).toBe("5.1 %");
    expect(cellValueText(1234, "integer")).toBe("1,234");
    expect(cellValueText(-0.000123456, "number")).toBe("-0.000123");
    expect(cellValueText(12.345, "number")).toBe("12.35");
    expect(cellValueText(-1234567.8, "number")).toBe("-1,234,568");
    expect(cellValueText(null, "number")).toBe("n/a");
  });

  it("walk-forward: the chosen point's rules in and out of sample, side by side", () => {
    const wf = {
      selectOn: "0-5m",
      reportOn: "5m-10m",
      objective: "pnl",
      chosenFrom: "passing" as const,
      candidates: 2,
      chosen: 0,
      inSample: { kpis: kpis(), resultsHash: "a".repeat(64) },
      outOfSample: { kpis: kpis({ pnl: -0.5, rulesPassed: 5, passed: false }), resultsHash: "b".repeat(64) },
    };
    const inp = input({ walkForward: wf });
    expect(gridCharts(inp).map((c) => c.name).slice(0, 2)).toEqual(["walk-forward", "pass-mask"]);
    const spec = specOf(inp, "walk-forward");
    compilesClean(spec);
    const verdicts = cellsOf(spec).filter((c) => c.column === "rules passed");
    expect(verdicts.map((c) => [c.scenario, c.text])).toEqual([
      ["target", "≥ 80 % + *"],
      ["in-sample (0-5m)", "6/6 PASS"],
      ["out-of-sample (5m-10m)", "5/6 FAIL"],
    ]);
    const html = gridReportHtml(inp);
    expect(html).toContain("<th>in-sample (0-5m)</th><th>out-of-sample (5m-10m)</th>");
    expect(html).toContain('<td class="pass">5.0000 quote PASS</td><td class="fail">-0.5000 quote FAIL</td>');
    expect(html).toMatch(/id="walk-forward"[\s\S]*id="walk-forward-kpis"[\s\S]*id="pass-mask"/);
  });
});

describe("the grid report page", () => {
  it("has the summary, the pass mask, a chart per KPI and the table of points with the best marked", () => {
    const html = gridReportHtml(input());
    for (const id of ["summary", "pass-mask", "kpi-pnl", "kpi-fillRatio", "points"]) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('<span class="pass">2 of 4</span> points pass the KPI targets (≥ 80 % of the 6 rules and every required rule: pnl)');
    expect(html).toContain("★ Best by pnl among the 2 passing points: point 0 (gamma=0.1, k=0.5): pnl 5.00 quote, net of fees");
    expect(html).toContain("no run reports to link: grid points keep no run folders");
    expect(html).toContain('<a href="results.csv">results.csv</a>');
    expect(html).toContain('<tr class="best" style="background:#fff8c5"><td>★ 0</td><td>0.1</td><td>0.5</td><td class="pass">6/6 PASS</td>');
    expect(html).toContain('<td class="fail">5/6 FAIL</td>');
    expect(html).toContain("required rule pnl failed: -1.0000 quote (target &gt; 0)");
    expect(html).not.toContain("run report</th>");
    expect(html).toContain("<dt>grid hash (SHA-256)</dt><dd>abc</dd>");
    expect(html).toContain("fees: binance-spot-vip9 1.2/2.4 bp at every point");
    expect(html).not.toContain("<th>fee schedule</th>");
  });

  it("links each point's run report when its run folder was kept", () => {
    const inp = input();
    inp.points.forEach((p) => (p.runReport = `runs/${p.index}/report.html`));
    const html = gridReportHtml(inp);
    expect(html).toContain('<a href="runs/2/report.html">report</a>');
    expect(html).toContain("each point links its run report");
  });

  it("writeGridReport: grid.html and an SVG and PNG per chart, atomically; again, the same bytes", async () => {
    const files = await writeGridReport(dir, input(), {});
    expect(files).toEqual([...gridCharts(input()).flatMap((c) => [`charts/${c.name}.svg`, `charts/${c.name}.png`]), "grid.html"]);
    const before = files.map((f) => readFileSync(join(dir, f)));
    expect(readFileSync(join(dir, "charts/pass-mask.svg"), "utf8")).toContain("6/6 PASS");
    expect(readFileSync(join(dir, "charts/kpi-pnl.png")).subarray(1, 4).toString("latin1")).toBe("PNG");
    await writeGridReport(dir, input(), {});
    files.forEach((f, i) => expect(readFileSync(join(dir, f)).equals(before[i]), f).toBe(true));
    expect(readdirSync(dir).sort()).toEqual(["charts", "grid.html"]); // no temporary files left
    // without PNGs, charts/ holds only what this report wrote
    await writeGridReport(dir, input(), { png: false });
    expect(readdirSync(join(dir, "charts")).every((f) => f.endsWith(".svg"))).toBe(true);
    expect(existsSync(join(dir, "grid.html"))).toBe(true);
  });

  it("kpiCells places every point in a cell of its own", () => {
    const axes = gridAxes(input().params);
    const cells = kpiCells(input().params, axes, gridPointResults(input()), "fills");
    expect(new Set(cells.map((c) => `${c.x}|${c.y}|${c.panel}`)).size).toBe(4);
    expect(cells[0].text).toBe("★ 120");
    // values that would read the same (1 and "1") are written as JSON
    const params = { gamma: [1, "1"], k: [0.5, 1] };
    expect(gridAxes(params).x).toEqual({ name: "gamma", values: ["1", '"1"'] });
    const points = [0, 1].map((i) => ({ ...point(i, 0, 1, {}), params: { gamma: params.gamma[i], k: 1 } }));
    const two = kpiCells(params, gridAxes(params), gridPointResults({ points, best: null }), "fills");
    expect(two.map((c) => c.x)).toEqual(["1", '"1"']);
  });
});
