#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { MmlabError } from "./core/errors.ts";
import { backtestCommand, backtestOptions, type BacktestArgs } from "./cli/commands/backtest.ts";
import { generateCommand, generateOptions, type GenerateArgs } from "./cli/commands/generate.ts";
import { convertCommand, convertOptions, type ConvertArgs } from "./cli/commands/convert.ts";
import { verifyCommand, verifyOptions, type VerifyArgs } from "./cli/commands/verify.ts";
import { gridCommand, gridOptions, type GridArgs } from "./cli/commands/grid.ts";
import { mergeCommand, mergeOptions, type MergeArgs } from "./cli/commands/merge.ts";
import { reportCommand, reportOptions, type ReportArgs } from "./cli/commands/report.ts";
import { stressCommand, stressOptions, type StressArgs } from "./cli/commands/stress.ts";
import { validateCommand, validateOptions, type ValidateArgs } from "./cli/commands/validate.ts";
import { ofiStudyCommand, ofiStudyOptions, type OfiStudyArgs } from "./cli/commands/ofiStudy.ts";
import { paperCommand, paperOptions, type PaperArgs } from "./cli/commands/paper.ts";
import { compareMarketsCommand, compareMarketsOptions, type CompareMarketsArgs } from "./cli/commands/compareMarkets.ts";
import { calibrateCommand, calibrateOptions, type CalibrateArgs } from "./cli/commands/calibrate.ts";
import { sim2realCommand, sim2realOptions, type Sim2RealArgs } from "./cli/commands/sim2real.ts";

/**
 * The `mmlab` command. Each command lives in cli/commands/; errors the user can act on
 * (MmlabError: config, data, usage) print as one line and exit 1; anything else is a bug and
 * prints its stack.
 */
async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const run = (f: () => Promise<number>) => async () => {
    exitCode = await f();
  };
  await yargs(argv)
    .scriptName("mmlab")
    .command("backtest", "backtest the V1 strategy on synthetic or recorded data", backtestOptions, (a) => run(() => backtestCommand(a as BacktestArgs))())
    .command("generate", "write a synthetic market to an event file (.arrow)", generateOptions, (a) => run(() => generateCommand(a as GenerateArgs))())
    .command("convert <inputs..>", "convert market data (binance, binance-csv, tardis, lobster, hftbacktest, bybit, databento, coinbase, parquet; several inputs merged by time) to an event file", convertOptions, (a) => run(() => convertCommand(a as unknown as ConvertArgs))())
    .command("verify <inputs..>", "check an event file, or a raw source with --from", verifyOptions, (a) => run(() => verifyCommand(a as unknown as VerifyArgs))())
    .command("grid", "grid search over config parameters (worker threads, resumable, shardable, walk-forward)", gridOptions, (a) => run(() => gridCommand(a as unknown as GridArgs))())
    .command("merge <dirs..>", "join grid shard folders into the table a single run gives", mergeOptions, (a) => run(() => mergeCommand(a as unknown as MergeArgs))())
    .command("report <runDir>", "render (or re-render) the HTML, SVG and PNG report of a run folder", reportOptions, (a) => run(() => reportCommand(a as unknown as ReportArgs))())
    .command("stress", "run the baseline and every stress scenario (scenario × KPI matrix, stress.json, stress.html)", stressOptions, (a) => run(() => stressCommand(a as unknown as StressArgs))())
    .command("validate", "the 24 h backtest plus the stress suite: pass/fail, validate.html, exit code", validateOptions, (a) => run(() => validateCommand(a as unknown as ValidateArgs))())
    .command("ofi-study", "regress the mid change on order-flow imbalance per bucket (Cont–Kukanov–Stoikov), overall and per window", ofiStudyOptions, (a) => run(() => ofiStudyCommand(a as unknown as OfiStudyArgs))())
    .command("compare-markets <real> <synth>", "stylized facts and order-flow metrics (response, sign memory, maker markout) of two markets side by side, with verdicts (is the synthetic market realistic?)", compareMarketsOptions, (a) => run(() => compareMarketsCommand(a as unknown as CompareMarketsArgs))())
    .command("calibrate [data]", "calibrate λ(δ) = A·e^(−kδ) per side, σ and the OFI impact; calibration.json, a config to backtest with, and a report", calibrateOptions, (a) => run(() => calibrateCommand(a as unknown as CalibrateArgs))())
    .command("sim2real <data>", "fit the synthetic market to a real file, run the same config on both, and compare the KPIs (agreement per KPI)", sim2realOptions, (a) => run(() => sim2realCommand(a as unknown as Sim2RealArgs))())
    .command("paper", "paper trading on live Binance market data: the backtest's engine, simulated fills, a replayable session file", paperOptions, (a) => run(() => paperCommand(a as unknown as PaperArgs))())
    .demandCommand(1, "name a command (see --help)")
    .strict()
    .fail((message, error) => {
      // some of yargs' messages span lines ("Invalid values:\n  Argument: …"); an error is one line
      throw error ?? new UsageError(message.replace(/\s*\n\s*/g, " "));
    })
    .help()
    .parseAsync();
  return exitCode;
}

class UsageError extends MmlabError {}

// Output piped into a reader that stops early (`| head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof MmlabError) {
      process.stderr.write(`mmlab: ${error.message}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    } else {
      process.stderr.write(`mmlab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    }
  },
);
