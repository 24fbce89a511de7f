import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gridCharts } from "../../../src/report/gridReport.ts";
import { resolveGrid } from "../../../src/runner/grid/definition.ts";
import { mergeGrids } from "../../../src/runner/grid/merge.ts";
import { gridPoints } from "../../../src/runner/grid/points.ts";
import { gridReportInput, measuredOn } from "../../../src/runner/grid/report.ts";
import { KPI_COLUMNS, type GridRow, type KpiCell, type KpiColumn } from "../../../src/runner/grid/rows.ts";
import { runGrid } from "../../../src/runner/grid/runGrid.ts";
import { GridFolder } from "../../../src/runner/grid/store.ts";

const dir = mkdtempSync(join(tmpdir(), "mmlab-grid-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A synthetic grid row: every KPI rule met at q_max 0.5, PnL 5, then the overrides. */
function row(def: Parameters<typeof gridPoints>[0], index: number, over: Partial<Record<KpiColumn, KpiCell>>): GridRow {
  const p = gridPoints(def)[index];
  const kpis = Object.fromEntries(KPI_COLUMNS.map((k) => [k, 0])) as Record<KpiColumn, KpiCell>;
  Object.assign(kpis, { spreadCapturedPct: 80, rmsInventory: 0.1, fillRatio: 0.1, cancelRatio: 0.5, latencyP99Ms: 20, pnl: 5, feeSchedule: "binance-spot-vip9 1.2/2.4 bp", rulesPassed: 6, rulesTotal: 6, passed: true }, over);
  return { index, id: p.id, params: p.params, kpis, resultsHash: `r${index}`, dataHash: "d" };
}

describe("gridReportInput", () => {
  const def = resolveGrid({ params: { gamma: [0.1, 0.2], "risk.q_max": [0.5, 0.2] }, duration: "10m" });

  it("checks each point against its own config's targets and marks the best by PnL among the passing points", () => {
    // 0 (γ 0.1, q_max 0.5) PnL 5 PASS; 1 (γ 0.1, q_max 0.2) PnL 9, RMS 0.1 > 0.08 but 5/6 PASS;
    // 2 (γ 0.2, q_max 0.5) PnL 20, FAIL (4/6); 3 (γ 0.2, q_max 0.2) PnL −1 FAIL (required pnl)
    const rows = [
      row(def, 0, {}),
      row(def, 1, { pnl: 9, rulesPassed: 5 }),
      row(def, 2, { pnl: 20, fillRatio: 0.01, cancelRatio: 0.9, rulesPassed: 4, passed: false }),
      row(def, 3, { pnl: -1, rulesPassed: 4, passed: false }),
    ];
    const input = gridReportInput(def, "h", rows, null, [join(dir, "results.arrow"), join(dir, "results.csv")]);
    expect(input.points.map((p) => p.qMax)).toEqual([0.5, 0.2, 0.5, 0.2]);
    expect(input.points.map((p) => p.required)).toEqual([["pnl"], ["pnl"], ["pnl"], ["pnl"]]);
    expect(input.best).toEqual({ index: 1, pool: "passing", candidates: 2 });
    expect(input.objective).toEqual({ kpi: "pnl", direction: 1, text: "pnl" });
    expect(input.tables).toEqual(["results.arrow", "results.csv"]);
    expect(input.title).toBe("mmlab grid: gamma × risk.q_max, 4 points");
    expect(input.measuredOn).toBe("10m of the synthetic default market, seed 1");
    const mask = gridCharts(input).find((c) => c.name === "pass-mask")!.spec as { data: { values: { index: number; text: string }[] } };
    expect(mask.data.values.map((c) => c.text)).toEqual(["6/6 PASS", "★ 5/6 PASS", "4/6 FAIL", "4/6 FAIL"]);
    const rms = gridCharts(input).find((c) => c.name === "kpi-rmsInventory")!.spec as { data: { values: { status: string }[] } };
    expect(rms.data.values.map((c) => c.status)).toEqual(["target met", "target missed", "target met", "target missed"]);
  });

  it("with no point passing, the best by PnL among all points", () => {
    const rows = [0, 1, 2, 3].map((i) => row(def, i, { pnl: [1, 4, -2, 3][i], rulesPassed: 4, passed: false }));
    expect(gridReportInput(def, "h", rows, null).best).toEqual({ index: 1, pool: "all", candidates: 4 });
  });

  it("uses the walk-forward objective, and says what the KPIs were measured on", () => {
    const wf = resolveGrid({ params: { gamma: [0.1, 0.2] }, selectOn: "0-5m", reportOn: "5m-10m", objective: "-maxDrawdown", seed: 3 });
    const rows = [row(wf, 0, { maxDrawdown: 2 }), row(wf, 1, { maxDrawdown: 1 })];
    const input = gridReportInput(wf, "h", rows, null);
    expect(input.objective).toEqual({ kpi: "maxDrawdown", direction: -1, text: "-maxDrawdown" });
    expect(input.best?.index).toBe(1);
    expect(input.measuredOn).toBe("the select-on span 0-5m (in-sample), seed 3");
    expect(gridCharts(input).map((c) => c.name)).toContain("kpi-maxDrawdown");
    expect(measuredOn(resolveGrid({ params: { seed: [1, 2] }, scenario: "jumpy" }))).toBe("24h of the synthetic jumpy market");
    expect(measuredOn(resolveGrid({ params: { scenario: ["default", "jumpy"] }, duration: "1h" }))).toBe("1h of each point's synthetic scenario, seed 1");
  });
});

const SECTIONS = ["summary", "pass-mask", "kpi-spreadCapturedPct", "kpi-rmsInventory", "kpi-fillRatio", "kpi-cancelRatio", "kpi-latencyP99Ms", "kpi-pnl", "kpi-sharpe", "kpi-maxDrawdown", "kpi-fills", "kpi-breakEvenMakerFeeBps", "points"];
const CHARTS = SECTIONS.filter((s) => s !== "summary" && s !== "points");

describe("a grid run writes grid.html", () => {
  const def = resolveGrid({ params: { gamma: [0.05, 0.2], "ofi.beta": [0, 0.6] }, duration: "10m" });
  let out: string;

  beforeAll(async () => {
    out = join(dir, "g");
    const report = await runGrid(def, { out, workers: 2 });
    expect(report.html).toBe(join(out, "grid.html"));
  }, 120_000);

  it("after the tables, with the summary, the pass mask, a chart per KPI and the points; SVG and PNG of each chart", () => {
    expect(readdirSync(out).sort()).toEqual(["charts", "grid.html", "grid.json", "overfitting.json", "points", "results.arrow", "results.csv"]);
    const html = readFileSync(join(out, "grid.html"), "utf8");
    for (const id of SECTIONS) expect(html, id).toContain(`<section id="${id}">`);
    for (const c of CHARTS) expect(html, c).toContain(`id="vis-${c}"`);
    expect(readdirSync(join(out, "charts")).sort()).toEqual(CHARTS.flatMap((c) => [`${c}.png`, `${c}.svg`]).sort());
    expect(html).toMatch(/<span class="(pass|fail)">\d of 4<\/span> points pass the KPI targets/);
    expect(html).toContain("★");
    expect(html).toContain('<a href="results.csv">results.csv</a>');
    expect(html).toContain('<a href="overfitting.json">overfitting.json</a>');
    expect(html).toMatch(/overfitting: PBO \d\.\d\d \(CSCV, 12870 splits, ranked by mean; in\/out-of-sample rank correlation -?\d\.\d\d\); deflated Sharpe \d\.\d\d for point \d among 4 trials/);
    expect(html).toContain("no run reports to link");
    const folder = GridFolder.read(out);
    expect(html).toContain(folder.hash);
    // every point is in the table, in grid order
    for (const p of gridPoints(def)) expect(html).toContain(`<code>${p.id}</code>`);
    expect(readFileSync(join(out, "charts/kpi-pnl.svg"), "utf8")).toContain("PnL (quote, net of fees) over gamma × ofi.beta");
  });

  it("leaves the tables' bytes as they are without a report", async () => {
    const bare = join(dir, "bare");
    cpSync(join(out, "points"), join(bare, "points"), { recursive: true });
    cpSync(join(out, "grid.json"), join(bare, "grid.json"));
    const r = await runGrid(def, { out: bare, workers: 1, report: false });
    expect([r.ran, r.html]).toEqual([0, null]);
    expect(existsSync(join(bare, "grid.html"))).toBe(false);
    for (const t of ["results.arrow", "results.csv"]) expect(readFileSync(join(bare, t)).equals(readFileSync(join(out, t))), t).toBe(true);
  });

  it("a resumed run rewrites it (same bytes); a shard writes none; merge writes the same page", async () => {
    const first = readFileSync(join(out, "grid.html"));
    rmSync(join(out, "grid.html"));
    rmSync(join(out, "charts/kpi-pnl.svg"));
    const again = await runGrid(def, { out, workers: 1 });
    expect([again.cached, again.ran]).toEqual([4, 0]);
    expect(readFileSync(join(out, "grid.html")).equals(first)).toBe(true);
    expect(existsSync(join(out, "charts/kpi-pnl.svg"))).toBe(true);

    const shard = join(dir, "shard");
    cpSync(join(out, "points"), join(shard, "points"), { recursive: true });
    cpSync(join(out, "grid.json"), join(shard, "grid.json"));
    const s = await runGrid(def, { out: shard, workers: 1, shard: { index: 0, count: 2 } });
    expect([s.ran, s.html]).toEqual([0, null]);
    expect(existsSync(join(shard, "grid.html"))).toBe(false);

    const merged = join(dir, "merged");
    const m = await mergeGrids([shard], { out: merged });
    expect(m.html).toBe(join(merged, "grid.html"));
    expect(readFileSync(join(merged, "grid.html")).equals(first)).toBe(true);
    expect(readdirSync(join(merged, "charts")).length).toBe(2 * CHARTS.length);
  });

  it("walk-forward: the chosen point's KPIs in and out of sample", async () => {
    const wf = resolveGrid({ params: { gamma: [0.05, 0.2] }, selectOn: "0-5m", reportOn: "5m-10m" });
    const wfOut = join(dir, "wf");
    const r = await runGrid(wf, { out: wfOut, workers: 2, report: { png: false } });
    const html = readFileSync(r.html!, "utf8");
    expect(html).toMatch(/<section id="walk-forward">[\s\S]*<section id="walk-forward-kpis">[\s\S]*<section id="pass-mask">/);
    expect(html).toContain(`<th>in-sample (0-5m)</th><th>out-of-sample (5m-10m)</th>`);
    expect(html).toContain(`point ${r.holdout!.chosen.index} (gamma=${r.holdout!.chosen.params.gamma}), chosen by pnl`);
    expect(html).toContain(r.holdout!.report.resultsHash.slice(0, 16));
    expect(html).toContain('<a href="holdout.json">holdout.json</a>');
    expect(existsSync(join(wfOut, "charts/walk-forward.svg"))).toBe(true);
    expect(existsSync(join(wfOut, "charts/walk-forward.png"))).toBe(false);
    expect(readFileSync(join(wfOut, "charts/kpi-pnl.svg"), "utf8")).toContain("measured on the select-on span 0-5m (in-sample)");
  });
});
