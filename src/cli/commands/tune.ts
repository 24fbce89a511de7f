import type { Argv } from "yargs";
import { loadConfigFile } from "../../config/load.ts";
import { MmlabError } from "../../core/errors.ts";
import { resolveShard } from "../../runner/grid/shards.ts";
import { resolveTune } from "../../runner/tune/definition.ts";
import { tuneLines, writeTuneOutputs } from "../../runner/tune/outputs.ts";
import { writeTuneFolderReport } from "../../runner/tune/report.ts";
import { runTune } from "../../runner/tune/runTune.ts";
import { spaceFromArgs } from "../../runner/tune/space.ts";
import { TuneFolder } from "../../runner/tune/store.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";
import { ProgressBar } from "../progressBar.ts";
import { searchOptions, type SearchArgs } from "../searchOptions.ts";
import { withStrategy } from "../strategyOption.ts";

export interface TuneArgs extends SearchArgs {
  resume?: string;
  param: string[];
  duration?: string;
  budget?: number;
  eta?: number;
  folds?: number;
  objective?: string;
  out?: string;
  report: boolean;
}

/** Declares the `tune` options. */
export function tuneOptions(y: Argv): Argv<TuneArgs> {
  return searchOptions(y, "run")
    .example("$0 tune --param gamma=log:0.01..1 --param ofi.beta=0..1 --duration 24h", "27 configurations, successive halving on 2 walk-forward folds of the default market")
    .example("$0 tune --data btc.arrow --param risk.q_max=int:1..5 --folds 1 --budget 81", "tune on a file's first half, report on its second")
    .example("$0 tune --resume runs/tune-003 --shard 1/4", "continue a tune from its folder (its tune.json), here as one of four shards")
    .option("resume", { type: "string", describe: "continue the tune in this folder, with the definition its tune.json holds (no --param or data options)" })
    .option("param", { type: "string", array: true, default: [] as string[], describe: "a tuned parameter (any config path): gamma=0.01..1 (uniform), gamma=log:0.01..1, risk.q_max=int:1..5, quoter=as,glft (a choice); repeatable" })
    .option("duration", { type: "string", describe: "data time tuned over, cut into folds + 1 segments (default: 24h synthetic, the whole file)" })
    .option("budget", { type: "number", describe: "configurations sampled: the first rung's size (default 27)" })
    .option("eta", { type: "number", describe: "successive halving: each rung keeps the best 1/eta on an eta times longer span (default 3)" })
    .option("folds", { type: "number", describe: "walk-forward folds: fold f selects on segment f and reports on segment f + 1 (default 2)" })
    .option("objective", { type: "string", describe: 'a KPI to maximise ("-kpi" minimises) among the passing runs; default pnl' })
    .option("out", { type: "string", describe: "tune folder (default runs/tune-NNN); run again with the same tune to resume" })
    .option("report", { type: "boolean", default: true, describe: "write tune.html and its charts (--no-report to skip)" }) as unknown as Argv<TuneArgs>;
}

/** Runs `mmlab tune`: samples, successive halving per fold, the out-of-sample runs, the outputs. */
export async function tuneCommand(args: TuneArgs): Promise<number> {
  if (args.resume !== undefined) {
    const given = (["config", "data", "scenario", "seed", "duration", "budget", "eta", "folds", "objective", "strategy", "out"] as const).filter((k) => args[k] !== undefined);
    if (args.param.length > 0 || args.set.length > 0 || given.length > 0) throw new MmlabError(`--resume takes the tune from ${args.resume}/tune.json: drop ${[...(args.param.length > 0 ? ["--param"] : []), ...(args.set.length > 0 ? ["--set"] : []), ...given.map((k) => `--${k}`)].join(", ")}`);
  }
  const def = args.resume !== undefined ? TuneFolder.read(args.resume).def : resolveTune({
    space: spaceFromArgs(args.param),
    base: args.config !== undefined ? loadConfigFile(args.config) : undefined,
    sets: withStrategy(args.set, args.strategy),
    data: args.data,
    scenario: args.scenario,
    duration: args.duration,
    seed: args.seed,
    budget: args.budget,
    eta: args.eta,
    folds: args.folds,
    objective: args.objective,
  });
  const shard = resolveShard({ shard: args.shard, shards: args.shards });
  if (args.workers !== undefined && !(Number.isInteger(args.workers) && args.workers >= 1)) throw new MmlabError(`--workers ${args.workers}: must be a positive integer`);
  if (shard !== null && args.out === undefined && args.resume === undefined) throw new MmlabError(`--shard needs --out (or --resume): every shard names its folder (one shared folder, or one per shard to merge)`);
  const out = args.resume ?? args.out ?? RunFolder.nextFree("runs", "tune");

  const bar = new ProgressBar("tune", 1, { quiet: args.json });
  const startedMs = performance.now();
  let report;
  try {
    report = await runTune(def, {
      out,
      workers: args.workers,
      shard,
      log: (line) => process.stderr.write(line + "\n"),
      onProgress: (done, total) => bar.update(total > 0 ? done / total : 1, `${Math.floor(done)}/${total} runs`),
    });
  } finally {
    bar.done();
  }
  const seconds = (performance.now() - startedMs) / 1000;
  if (!report.complete) {
    process.stderr.write(`tune: ${report.ran} run${report.ran === 1 ? "" : "s"} now, ${report.cached} cached in ${seconds.toFixed(1)} s; stopped: ${report.waiting} (mmlab tune --resume ${out})\n`);
    if (args.json) process.stdout.write(JSON.stringify({ complete: false, waiting: report.waiting, ran: report.ran, cached: report.cached }, null, 2) + "\n");
    return 0;
  }
  const folder = TuneFolder.read(out);
  const tables = writeTuneOutputs(folder, report);
  const html = args.report ? await writeTuneFolderReport(folder, report) : null;
  if (args.json) {
    process.stdout.write(JSON.stringify({ complete: true, ran: report.ran, cached: report.cached, tables, html, folds: report.folds }, null, 2) + "\n");
    return 0;
  }
  process.stdout.write(`tune ${def.budget} configurations: ${report.ran} runs, ${report.cached} cached${report.ran > 0 ? ` on ${Math.min(report.workers, report.ran)} worker${Math.min(report.workers, report.ran) === 1 ? "" : "s"}` : ""} in ${seconds.toFixed(1)} s\n`);
  process.stdout.write(`tables: ${tables.join(", ")}\n`);
  if (html) process.stdout.write(`report: ${html}\n`);
  for (const line of tuneLines(folder, report)) process.stdout.write(line + "\n");
  return 0;
}
