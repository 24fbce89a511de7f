import { assetNames } from "../../report/context.ts";
import type { Argv } from "yargs";
import { STRATEGY_OPTION, withStrategy } from "../strategyOption.ts";
import { MmlabError } from "../../core/errors.ts";
import { parseDurationNs } from "../../core/time.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";
import { configBuilder } from "../../runner/stress/config.ts";
import { selectScenarios } from "../../runner/stress/registry.ts";
import { durationText, STRESS_RULES_TEXT, writeStressReport } from "../../runner/stress/report.ts";
import { BASELINE, runStressSuite } from "../../runner/stress/runSuite.ts";
import type { StressRunSummary } from "../../runner/stress/summary.ts";
import { formatStressTable } from "../../runner/stress/table.ts";
import { SuiteProgress } from "../suiteProgress.ts";

export interface StressArgs {
  data?: string;
  scenario?: string;
  config?: string;
  set: string[];
  strategy?: string;
  seed: string;
  duration?: string;
  out?: string;
  only?: string;
  json: boolean;
  force: boolean;
  runReports: boolean;
  workers?: number;
}

/** Default data time of a stress run on synthetic data (see runner/validate/runValidation.ts). */
const SYNTHETIC_STRESS_DURATION = "6h";

/** Declares the `stress` options. */
export function stressOptions(y: Argv): Argv<StressArgs> {
  return y
    .example("$0 stress --duration 1h", "the baseline and the six stress scenarios, an hour each")
    .example("$0 stress --only flash-crash,feed-gaps --config my.json", "two scenarios (and the baseline) on your config")
    .option("data", { type: "string", describe: "data file to stress instead of synthetic data: .arrow, .npz/.npy, .parquet" })
    .option("scenario", { type: "string", describe: "synthetic market to stress: default (the default), high-vol, low-liquidity, jumpy, or a market.json (mmlab calibrate FILE --market)" })
    .option("config", { type: "string", describe: "JSON config file (defaults: Binance spot BTC-USDT)" })
    .option("set", { type: "string", array: true, default: [] as string[], describe: "override a config field: --set risk.q_max=2 (repeatable; scenario overrides come after)" })
    .option("strategy", STRATEGY_OPTION)
    .option("seed", { type: "string", default: "1", describe: "run seed (synthetic market, stochastic models, scenario draws)" })
    .option("duration", { type: "string", describe: `data time per run: 6h, 90m (default: ${SYNTHETIC_STRESS_DURATION} synthetic, the whole file)` })
    .option("out", { type: "string", describe: "suite folder (default: runs/stress-NNN, never overwritten)" })
    .option("only", { type: "string", describe: "run only these stress scenarios (comma-separated), besides the baseline" })
    .option("json", { type: "boolean", default: false, describe: "print stress.json instead of the table" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out folder" })
    .option("run-reports", { type: "boolean", default: true, describe: "write each run's report.html (--no-run-reports skips them)" })
    .option("workers", WORKERS_OPTION)
    .conflicts("data", "scenario") as unknown as Argv<StressArgs>;
}

/**
 * Runs `mmlab stress`: the baseline and every stress scenario (or --only) on the same data,
 * one run folder each, stress.json, stress.html with the scenario × KPI matrix, and the table.
 * The suite folder is written beside its target and renamed into place at the end (a failed
 * suite leaves nothing). The runs go on at once (`--workers`), each as it would alone, so every
 * file is the same for any worker count. Exit code 0 once it ran: the suite reports, `mmlab validate` judges.
 */
export async function stressCommand(args: StressArgs): Promise<number> {
  const buildConfig = configBuilder(args.config, withStrategy(args.set, args.strategy));
  const baseConfig = buildConfig([]);
  const scenarios = selectScenarios(args.only);
  const durationNs = args.duration !== undefined ? parseDurationNs(args.duration) : args.data ? undefined : parseDurationNs(SYNTHETIC_STRESS_DURATION);
  checkWorkers(args.workers);
  const outPath = args.out ?? RunFolder.nextFree("runs", "stress");
  const folder = RunFolder.create(outPath, args.force);
  const started = performance.now();
  const names = [BASELINE, ...scenarios.map((s) => s.name)];
  const progress = new SuiteProgress("stress", names.map((name) => ({ name, weight: 1 })), { quiet: args.json });
  try {
    const suite = await runStressSuite({
      seed: args.seed,
      buildConfig,
      source: args.data ? { kind: "file", path: args.data, symbol: baseConfig.symbol } : { kind: "synthetic", scenario: args.scenario ?? "default", durationNs },
      durationNs,
      scenarios,
      dir: folder.tmpPath,
      runReports: args.runReports,
      workers: args.workers,
      onRun: (run) => {
        const index = names.indexOf(run.scenario);
        progress.finishedRun(index, runLine(run, progress.seconds(index)));
      },
      // a run's share: its data time simulated (unknown for a whole file: shown as going on)
      onProgress: (p, run) => progress.progress(run.index, durationNs === undefined ? 0 : p.tNs / durationNs),
    });
    await writeStressReport(folder.tmpPath, suite, { runReports: args.runReports });
    progress.done();
    folder.commit();
    if (args.json) {
      process.stdout.write(JSON.stringify(suite, null, 2) + "\n");
    } else {
      process.stdout.write(`stress suite: seed ${suite.seed}, ${durationText(suite.durationNs)} per run\n\n`);
      process.stdout.write(formatStressTable(suite.runs, undefined, assetNames(baseConfig.symbol.name)) + "\n\n");
      process.stdout.write(`${STRESS_RULES_TEXT}\n`);
      process.stdout.write(`${suite.runs.length} runs in ${((performance.now() - started) / 1000).toFixed(1)} s; suite folder: ${outPath} (stress.html, stress.json)\n`);
    }
    return 0;
  } catch (e) {
    progress.done();
    folder.abort();
    throw e;
  }
}

/** The `--workers` option of stress and validate. */
export const WORKERS_OPTION = {
  type: "number",
  describe: "runs at once, on this thread and worker threads (default: the number of CPUs; 1: one after another); every output is the same for any count",
} as const;

/** Refuses a --workers that is not a positive integer. */
export function checkWorkers(workers: number | undefined): void {
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new MmlabError(`--workers ${workers}: must be a positive integer`);
}

/** A finished run, one line above the progress bar: "  high-vol: 4/6 FAIL, limits held (3.2 s)". */
export function runLine(run: StressRunSummary, seconds: number, label = run.scenario): string {
  return `  ${label}: ${run.rulesPassed}/${run.rulesTotal} ${run.passed ? "PASS" : "FAIL"}, limits ${run.limits.ok ? "held" : "BREACHED"} (${seconds.toFixed(1)} s)`;
}
