import type { Argv } from "yargs";
import { searchOptions, type SearchArgs } from "../searchOptions.ts";
import { withStrategy } from "../strategyOption.ts";
import { loadConfigFile } from "../../config/load.ts";
import { MmlabError } from "../../core/errors.ts";
import { combineInputs, paramsFromArgs, readGridFile } from "../../runner/grid/input.ts";
import { resolveGrid, type GridInput } from "../../runner/grid/definition.ts";
import { describePoint, gridPoints } from "../../runner/grid/points.ts";
import { overfittingLine } from "../../runner/grid/overfitting.ts";
import { runGrid, type GridRunReport } from "../../runner/grid/runGrid.ts";
import { resolveShard, shardName } from "../../runner/grid/shards.ts";
import type { GridRow } from "../../runner/grid/rows.ts";
import { GridFolder } from "../../runner/grid/store.ts";
import type { Holdout } from "../../runner/grid/walkForward.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";
import { ProgressBar } from "../progressBar.ts";

export interface GridArgs extends SearchArgs {
  grid?: string;
  param: string[];
  duration?: string;
  out?: string;
  selectOn?: string;
  reportOn?: string;
  objective?: string;
  report: boolean;
}

/** Declares the `grid` options. */
export function gridOptions(y: Argv): Argv<GridArgs> {
  return searchOptions(y, "point")
    .example("$0 grid --param gamma=0.1,0.3,0.5 --param ofi.beta=0,0.5 --duration 6h", "six points, each a 6 h backtest, on every CPU")
    .example("$0 grid --grid grid.json --select-on 0-12h --report-on 12h-24h", "walk-forward: choose on the first half, report on the second")
    .option("grid", { type: "string", describe: 'grid file (JSON): { "params": { "gamma": [0.05, 0.1] }, "base": {…}, "data" | "scenario", "duration", "seed" }' })
    .option("param", { type: "string", array: true, default: [] as string[], describe: "a grid dimension: --param gamma=0.05,0.1,0.2 (any config path, or data, scenario, seed; repeatable; the last varies fastest)" })
    .option("duration", { type: "string", describe: "data time per point: 24h, 90m (default: 24h synthetic, whole file)" })
    .option("out", { type: "string", describe: "grid folder (default runs/grid-NNN); run again with the same grid to resume" })
    .option("select-on", { type: "string", describe: "walk-forward: choose the best point on this data span, e.g. 0-12h" })
    .option("report-on", { type: "string", describe: "walk-forward: re-run the chosen point on this span, e.g. 12h-24h → holdout.json" })
    .option("objective", { type: "string", describe: 'walk-forward objective: a KPI to maximise ("-kpi" minimises); default pnl among passing points' })
    .option("report", { type: "boolean", default: true, describe: "write grid.html and its charts (--no-report to skip)" }) as unknown as Argv<GridArgs>;
}

/** Runs `mmlab grid`: every point of the grid (or of one shard), the result tables, holdout.json. */
export async function gridCommand(args: GridArgs): Promise<number> {
  const fromFile: GridInput = args.grid !== undefined ? readGridFile(args.grid) : {};
  const fromArgs: GridInput = {
    params: paramsFromArgs(args.param),
    base: args.config !== undefined ? loadConfigFile(args.config) : undefined,
    sets: withStrategy(args.set, args.strategy),
    data: args.data,
    scenario: args.scenario,
    duration: args.duration,
    seed: args.seed,
    selectOn: args.selectOn,
    reportOn: args.reportOn,
    objective: args.objective,
  };
  const def = resolveGrid(combineInputs(fromFile, fromArgs));
  const shard = resolveShard({ shard: args.shard, shards: args.shards });
  if (shard !== null && args.out === undefined) throw new MmlabError(`--shard needs --out: every shard names its folder (one shared folder, or one per shard to merge)`);
  if (args.workers !== undefined && !(Number.isInteger(args.workers) && args.workers >= 1)) throw new MmlabError(`--workers ${args.workers}: must be a positive integer`);
  const out = args.out ?? RunFolder.nextFree("runs", "grid");

  const bar = new ProgressBar("grid", 1, { quiet: args.json });
  let report: GridRunReport;
  const startedMs = performance.now();
  try {
    report = await runGrid(def, {
      out,
      workers: args.workers,
      shard,
      report: args.report ? undefined : false,
      log: (line) => process.stderr.write(line + "\n"),
      onProgress: (done, total) => bar.update(total > 0 ? done / total : 1, `${Math.floor(done)}/${total} points`),
    });
  } finally {
    bar.done();
  }
  const seconds = (performance.now() - startedMs) / 1000;

  if (args.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return 0;
  }
  const who = report.shard ? `shard ${report.shard.index}/${report.shard.count}: ${report.assigned} of ${report.points} points` : `${report.points} points`;
  process.stdout.write(`grid ${who}: ${report.cached} cached, ${report.ran} run${report.ran > 0 ? ` on ${report.workers} worker${report.workers === 1 ? "" : "s"}` : ""} in ${seconds.toFixed(1)} s\n`);
  process.stdout.write(`tables: ${report.tables.join(", ")}\n`);
  if (report.html) process.stdout.write(`report: ${report.html}\n`);
  if (report.shard) {
    process.stdout.write(`when every shard is done: mmlab merge <the shard folders> (this one: ${out}, table ${shardName(report.shard)})\n`);
    return 0;
  }
  if (report.holdout) process.stdout.write(formatHoldout(report.holdout) + "\n");
  else process.stdout.write(formatBest(out) + "\n");
  if (report.overfitting) process.stdout.write(overfittingLine(report.overfitting) + "\n");
  return 0;
}

/** The five points with the highest PnL, one line each. */
function formatBest(out: string): string {
  const folder = GridFolder.read(out);
  const rows = gridPoints(folder.def).map((p) => folder.readRow(p));
  const top = [...rows].sort((a, b) => Number(b.kpis.pnl) - Number(a.kpis.pnl) || a.index - b.index).slice(0, 5);
  return [`best ${top.length} by pnl:`, ...top.map((r) => `  ${describePoint(r)}: pnl ${Number(r.kpis.pnl).toFixed(2)}${feeText(r)}, ${r.kpis.rulesPassed}/${r.kpis.rulesTotal} rules ${r.kpis.passed ? "PASS" : "FAIL"}`)].join("\n");
}

/** " (fees binance-spot-vip9 1.2/2.4 bp, break-even maker fee 0.73 bp)": the fee assumption next to a PnL. */
function feeText(r: Pick<GridRow, "kpis">): string {
  const breakEven = r.kpis.breakEvenMakerFeeBps;
  return ` (fees ${String(r.kpis.feeSchedule)}, break-even maker fee ${typeof breakEven === "number" ? `${breakEven.toFixed(2)} bp` : "n/a"})`;
}

/** The walk-forward result in two lines. */
export function formatHoldout(h: Holdout): string {
  const line = (span: string, r: Holdout["selection"]): string => `  on ${span}: pnl ${Number(r.kpis.pnl).toFixed(2)}${feeText(r)}, ${r.kpis.rulesPassed}/${r.kpis.rulesTotal} rules${r.kpis.passed ? " (PASS)" : " (FAIL)"}`;
  return [`chosen by ${h.objective} among ${h.candidates} ${h.chosenFrom === "passing" ? "passing" : "(none passed: all)"} points: ${describePoint(h.chosen)}`, line(h.selectOn, h.selection), line(h.reportOn, h.report)].join("\n");
}
