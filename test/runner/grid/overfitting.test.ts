import { describe, expect, it } from "vitest";
import { deflatedSharpe, probabilityOfOverfitting, sharpeStats } from "../../../src/research/overfitting/index.ts";
import { parseObjective } from "../../../src/runner/grid/objective.ts";
import { gridOverfitting, overfittingLine } from "../../../src/runner/grid/overfitting.ts";
import { KPI_COLUMNS, RETURN_SLICES, type GridRow, type KpiCell, type KpiColumn } from "../../../src/runner/grid/rows.ts";

/** A row with PnL per slice `returns` (a pattern repeated over the slices), pnl their sum, passing or not. */
function row(index: number, pattern: number[], passed: boolean): GridRow {
  const returns = Array.from({ length: RETURN_SLICES }, (_, k) => pattern[k % pattern.length]);
  const kpis = Object.fromEntries(KPI_COLUMNS.map((k) => [k, null])) as Record<KpiColumn, KpiCell>;
  kpis.pnl = returns.reduce((a, b) => a + b, 0);
  kpis.sharpe = index; // any number: the grid's objective below is what ranks
  kpis.passed = passed;
  kpis.rulesPassed = passed ? 6 : 3;
  kpis.rulesTotal = 6;
  return { index, id: `p${index}`, params: {}, kpis, resultsHash: "", dataHash: "", returns };
}

describe("gridOverfitting", () => {
  const rows = [row(0, [1, -1, 2, 0], true), row(1, [3, -2, 0, 1, 0], true), row(2, [0.5, 0.4, 0.6], false), row(3, [5, -5, 1], false)];

  it("PBO over every point's returns, ranked by mean for a pnl objective; DSR of the best passing point among all N trials", () => {
    const outcome = gridOverfitting(rows, parseObjective("pnl"));
    if (!("stats" in outcome)) throw new Error(outcome.missing);
    const o = outcome.stats;
    const returns = rows.map((r) => r.returns!);
    const pbo = probabilityOfOverfitting(returns, 16, "mean");
    expect(o.pbo).toEqual({ value: pbo.pbo, blocks: 16, combinations: 12870, rankedBy: "mean", rankCorrelation: pbo.rankCorrelation });
    // the best by pnl among the passing points 0 and 1
    const best = [rows[0], rows[1]].sort((a, b) => Number(b.kpis.pnl) - Number(a.kpis.pnl))[0];
    expect(o.deflatedSharpe.point).toBe(best.index);
    const own = sharpeStats(best.returns!);
    const sharpes = returns.map((r) => sharpeStats(r).sharpe);
    const m = sharpes.reduce((a, b) => a + b, 0) / 4;
    const v = sharpes.reduce((a, b) => a + (b - m) ** 2, 0) / 3;
    expect(o.deflatedSharpe.sharpeVariance).toBeCloseTo(v, 14);
    const d = deflatedSharpe({ ...own, trials: 4, sharpeVariance: v });
    expect(o.deflatedSharpe.value).toBeCloseTo(d.dsr, 14);
    expect(o.deflatedSharpe.expectedMaxSharpe).toBeCloseTo(d.expectedMaxSharpe, 14);
    expect(o.trials).toBe(4);
    expect(overfittingLine(outcome)).toMatch(new RegExp(`^overfitting: PBO ${pbo.pbo.toFixed(2)} \\(CSCV, 12870 splits, ranked by mean; .*deflated Sharpe ${d.dsr.toFixed(2)} for point ${best.index} among 4 trials`));
  });

  it("any other objective ranks by the Sharpe ratio", () => {
    const outcome = gridOverfitting(rows, parseObjective("sharpe"));
    if (!("stats" in outcome)) throw new Error(outcome.missing);
    expect(outcome.stats.pbo.rankedBy).toBe("sharpe");
    expect(outcome.stats.pbo.value).toBe(probabilityOfOverfitting(rows.map((r) => r.returns!), 16, "sharpe").pbo);
    expect(outcome.stats.deflatedSharpe.point).toBe(1); // kpis.sharpe = index: the higher passing one
  });

  it("says why when it cannot: one point, points cached before their returns were, or points that all made the same PnL", () => {
    const flat = [row(0, [0], true), row(1, [0], false)];
    expect(gridOverfitting(flat, parseObjective("pnl"))).toEqual({ missing: "every point made the same PnL in every slice (none: no fills): nothing to rank" });
    expect(gridOverfitting([rows[0]], parseObjective("pnl"))).toEqual({ missing: "one point: nothing was selected among trials" });
    const old = { ...rows[2], returns: undefined };
    const outcome = gridOverfitting([rows[0], rows[1], old], parseObjective("pnl"));
    expect(outcome).toEqual({ missing: expect.stringContaining("1 of 3 points were cached without their PnL per slice") });
    expect(overfittingLine(outcome)).toMatch(/^overfitting: not computed \(1 of 3 points/);
  });
});
