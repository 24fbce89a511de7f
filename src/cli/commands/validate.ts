import { assetNames } from "../../report/context.ts";
import type { Argv } from "yargs";
import { STRATEGY_OPTION, withStrategy } from "../strategyOption.ts";
import { parseDurationNs } from "../../core/time.ts";
import { scenarioParams } from "../../data/synthetic/scenarios.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";
import { configBuilder } from "../../runner/stress/config.ts";
import { selectScenarios } from "../../runner/stress/registry.ts";
import { formatStressTable } from "../../runner/stress/table.ts";
import { writeValidationReport } from "../../runner/validate/report.ts";
import { BASELINE_DURATION_NS, runValidation, STRESS_DURATION_NS } from "../../runner/validate/runValidation.ts";
import { validationLabel, VALIDATION_RULE_TEXT } from "../../runner/validate/verdict.ts";
import { checkWorkers, runLine, WORKERS_OPTION } from "./stress.ts";
import { BASELINE } from "../../runner/stress/runSuite.ts";
import { SuiteProgress, type PlannedRun } from "../suiteProgress.ts";

export interface ValidateArgs {
  data?: string;
  scenario?: string;
  config?: string;
  set: string[];
  strategy?: string;
  seed: string;
  duration?: string;
  stressDuration?: string;
  only?: string;
  out?: string;
  json: boolean;
  force: boolean;
  runReports: boolean;
  workers?: number;
}

/** Declares the `validate` options. */
export function validateOptions(y: Argv): Argv<ValidateArgs> {
  return y
    .example("$0 validate --config my.json", "24 h baseline plus the stress suite; exit code 0 only if it passes")
    .example("$0 validate --data btcusdt.arrow", "the baseline on a real file, the stress suite on the market fitted to it")
    .option("data", { type: "string", describe: "validate on a real file: the baseline on the file, the stress suite on the market fitted to it" })
    .option("scenario", { type: "string", describe: "synthetic market: default (the default), high-vol, low-liquidity, jumpy, or a market.json" })
    .option("config", { type: "string", describe: "JSON config file to validate (defaults: Binance spot BTC-USDT)" })
    .option("set", { type: "string", array: true, default: [] as string[], describe: "override a config field: --set risk.q_max=2 (repeatable)" })
    .option("strategy", STRATEGY_OPTION)
    .option("seed", { type: "string", default: "1", describe: "run seed (synthetic day, stochastic models, scenario draws)" })
    .option("duration", { type: "string", describe: "baseline data time (default 24h)" })
    .option("stress-duration", { type: "string", describe: "data time of each stress run (default 6h, at most the baseline's)" })
    .option("only", { type: "string", describe: "stress only these scenarios (comma-separated)" })
    .option("out", { type: "string", describe: "validation folder (default: runs/validate-NNN, never overwritten)" })
    .option("json", { type: "boolean", default: false, describe: "print validate.json instead of the summary" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out folder" })
    .option("run-reports", { type: "boolean", default: true, describe: "write each run's report.html (--no-run-reports skips them)" })
    .option("workers", WORKERS_OPTION)
    .conflicts("data", "scenario") as unknown as Argv<ValidateArgs>;
}

/**
 * Runs `mmlab validate`: the 24 h baseline on the default synthetic day (or a scenario, or a real
 * file with the stress suite on the market fitted to it) and the stress suite (6 h runs), the verdict (runner/validate/verdict.ts), validate.json and validate.html.
 * The runs go on at once (`--workers`); every file is the same for any worker count.
 * Exit code 0 when validation passes, 1 when it fails (bad input is also 1, with no folder left).
 */
export async function validateCommand(args: ValidateArgs): Promise<number> {
  const buildConfig = configBuilder(args.config, withStrategy(args.set, args.strategy));
  const assets = assetNames(buildConfig([]).symbol.name); // a bad config fails here, before anything runs
  const scenarios = selectScenarios(args.only);
  // On a file: the whole file and stress runs as long, unless asked otherwise (runValidation decides).
  const durationNs = args.duration !== undefined ? parseDurationNs(args.duration) : args.data !== undefined ? undefined : BASELINE_DURATION_NS;
  const stressDurationNs = args.stressDuration !== undefined ? parseDurationNs(args.stressDuration) : args.data !== undefined ? undefined : STRESS_DURATION_NS;
  if (args.scenario !== undefined) scenarioParams(args.scenario); // a bad scenario or market file fails here, before anything runs
  checkWorkers(args.workers);
  const outPath = args.out ?? RunFolder.nextFree("runs", "validate");
  const folder = RunFolder.create(outPath, args.force);
  const started = performance.now();
  const plan = validationPlan(scenarios.map((s) => s.name), durationNs, stressDurationNs);
  const progress = new SuiteProgress("validate", plan, { quiet: args.json });
  try {
    const v = await runValidation({
      market: args.data !== undefined ? { kind: "file", path: args.data } : { kind: "scenario", scenario: args.scenario ?? "default" },
      seed: args.seed,
      buildConfig,
      durationNs,
      stressDurationNs,
      scenarios,
      dir: folder.tmpPath,
      runReports: args.runReports,
      workers: args.workers,
      // the plan's names are the runs' labels ("baseline", "stress baseline", "stress feed-gaps", …)
      onRun: (label, run) => {
        const index = plan.findIndex((p) => p.name === label);
        progress.finishedRun(index, runLine(run, progress.seconds(index), label));
      },
      onProgress: (fraction, run) => progress.progress(run.index, fraction),
    });
    await writeValidationReport(folder.tmpPath, v, { runReports: args.runReports });
    progress.done();
    folder.commit();
    if (args.json) {
      process.stdout.write(JSON.stringify(v, null, 2) + "\n");
    } else {
      const out = process.stdout;
      out.write(formatStressTable([v.baseline, ...v.stress.runs], (r) => validationLabel(v, r, r === v.baseline), assets) + "\n\n");
      for (const c of v.checks) out.write(`${c.passed ? "PASS" : "FAIL"}  ${c.label}: ${c.detail}\n`);
      out.write(`\n${VALIDATION_RULE_TEXT}\n`);
      out.write(`validation ${v.passed ? "PASSED" : "FAILED"} in ${((performance.now() - started) / 1000).toFixed(1)} s; report: ${outPath}/validate.html\n`);
    }
    return v.passed ? 0 : 1;
  } catch (e) {
    progress.done();
    folder.abort();
    throw e;
  }
}

/**
 * The runs of a validation in order, weighted by data time: the baseline, then the stress suite's
 * own baseline and its scenarios (on a file, whose length is known only once read: one each).
 */
export function validationPlan(scenarios: readonly string[], durationNs: number | undefined, stressDurationNs: number | undefined): PlannedRun[] {
  const known = durationNs !== undefined && stressDurationNs !== undefined;
  const stressWeight = known ? Math.min(stressDurationNs, durationNs) / durationNs : 1;
  return [{ name: "baseline", weight: 1 }, ...[BASELINE, ...scenarios].map((name) => ({ name: `stress ${name}`, weight: stressWeight }))];
}
