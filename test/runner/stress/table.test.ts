import { describe, expect, it } from "vitest";
import { stressMatrixSpec } from "../../../src/report/charts/stressMatrix.ts";
import { matrixRows } from "../../../src/runner/stress/report.ts";
import type { StressRunSummary } from "../../../src/runner/stress/summary.ts";
import { GOOD_KPIS, stressRun } from "../../support/stressRun.ts";
import { formatStressTable } from "../../../src/runner/stress/table.ts";

/** A run summary with the given KPI values, charged binance-spot-vip9 fees. */
function run(scenario: string, values: Partial<typeof GOOD_KPIS>, breakEvenMakerFeeBps: number | null): StressRunSummary {
  return stressRun(scenario, values, { breakEvenMakerFeeBps });
}

describe("stress table and matrix", () => {
  const runs = [run("baseline", {}, 3.5), run("flash-crash", { pnl: -2 }, -0.25)];

  it("the text table: PnL starred as required, the fees and the break-even maker fee, the verdict and why", () => {
    const lines = formatStressTable(runs).split("\n");
    expect(lines[0]).toMatch(/^scenario\s+Spread captured\s+RMS inventory\s+Fill ratio\s+Cancel ratio\s+Latency P99\s+PnL\*\s+fee schedule\s+break-even maker fee\s+rules\s+KPIs\s+hard limits\s+KPIs failed because$/);
    expect(lines[1]).toMatch(/≥ 80 % \+ required \(\*\)/);
    expect(lines[3]).toMatch(/^baseline\s.*10\.0000 quote\s+binance-spot-vip9 1\.2\/2\.4 bp\s+3\.50 bp\s+6\/6\s+PASS\s+held$/);
    expect(lines[4]).toMatch(/^flash-crash\s.*-2\.0000 quote ✗\s+binance-spot-vip9 1\.2\/2\.4 bp\s+-0\.25 bp\s+5\/6\s+FAIL\s+held\s+required rule pnl failed: -2\.0000 quote \(target > 0\)$/);
  });

  it("with the instrument's assets: amounts and reasons in USDT and BTC, as the CLI prints them (the stored reasons stay generic)", () => {
    const lines = formatStressTable(runs, undefined, { base: "BTC", quote: "USDT" }).split("\n");
    expect(lines[3]).toMatch(/ BTC\s/); // RMS inventory
    expect(lines[4]).toMatch(/-2\.0000 USDT ✗.*required rule pnl failed: -2\.0000 USDT \(target > 0\)$/);
    expect(runs[1].failReasons[0]).toBe("required rule pnl failed: -2.0000 quote (target > 0)");
  });

  it("the matrix: fee columns next to the KPIs, required rules starred, the reasons in the verdict cell", () => {
    const spec = stressMatrixSpec(matrixRows(runs));
    const cells = (spec as { data: { values: Record<string, string>[] } }).data.values;
    const at = (scenario: string, column: string) => cells.find((c) => c.scenario === scenario && c.column === column);
    expect(at("target", "PnL*")).toMatchObject({ text: "> 0", status: "TARGET" });
    expect(at("target", "rules passed")).toMatchObject({ text: "≥ 80 % + *" });
    expect(at("baseline", "fee schedule")).toMatchObject({ text: "binance-spot-vip9 1.2/2.4 bp", status: "INFO" });
    expect(at("flash-crash", "break-even maker fee")).toMatchObject({ text: "-0.25 bp", status: "INFO" });
    expect(at("flash-crash", "rules passed")).toMatchObject({ text: "5/6 FAIL", status: "FAIL", detail: "5/6 FAIL: required rule pnl failed: -2.0000 quote (target > 0)" });
    expect(at("baseline", "rules passed")).toMatchObject({ text: "6/6 PASS", status: "PASS" });
  });
});
