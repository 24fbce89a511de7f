import type { Argv } from "yargs";
import { STRATEGY_OPTION, withStrategy } from "../strategyOption.ts";
import { loadConfigFile, parseConfig } from "../../config/load.ts";
import type { MmConfig } from "../../config/schema.ts";
import { rootRng } from "../../core/rng.ts";
import { NS_PER_S, parseDurationNs } from "../../core/time.ts";
import { formatKpiTable } from "../../kpi/format.ts";
import { runBacktest } from "../../runner/backtest.ts";
import type { MarketData } from "../../data/sources/marketData.ts";
import { aheadPays } from "../../data/sources/syntheticAhead.ts";
import { syntheticData } from "../../data/sources/syntheticData.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";
import { assetNames } from "../../report/context.ts";
import { ProgressBar } from "../progressBar.ts";
import { traceFirstEvent } from "../startupTrace.ts";

export interface BacktestArgs {
  data?: string;
  scenario?: string;
  config?: string;
  set: string[];
  strategy?: string;
  seed: string;
  out?: string;
  duration?: string;
  json: boolean;
  force: boolean;
  report: boolean;
  onCrossed?: "fail" | "skip";
}

/** Declares the `backtest` options. */
export function backtestOptions(y: Argv): Argv<BacktestArgs> {
  return y
    .example("$0 backtest --duration 1h", "an hour of the default synthetic market: the KPI table, and the run folder runs/backtest-NNN")
    .example("$0 backtest --data btcusdt.arrow --set gamma=0.2 --out runs/gamma-0.2", "replay a recorded file with one config field changed")
    .option("data", { type: "string", describe: "data file to replay instead of synthetic data: .arrow (event schema), .npz/.npy (hftbacktest), .parquet" })
    .option("scenario", { type: "string", describe: "synthetic market: default (the default), high-vol, low-liquidity, jumpy, or a market.json (mmlab calibrate FILE --market)" })
    .option("config", { type: "string", describe: "JSON config file (defaults: Binance spot BTC-USDT)" })
    .option("set", { type: "string", array: true, default: [] as string[], describe: "override a config field: --set risk.q_max=2 (repeatable)" })
    .option("strategy", STRATEGY_OPTION)
    .option("seed", { type: "string", default: "1", describe: "run seed (synthetic market and stochastic models)" })
    .option("out", { type: "string", describe: "run folder (default: runs/backtest-NNN, never overwritten)" })
    .option("duration", { type: "string", describe: "data time to run: 24h, 90m, 30s (default: 24h synthetic, whole file)" })
    .option("json", { type: "boolean", default: false, describe: "print kpis.json instead of the table" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out folder" })
    .option("report", { type: "boolean", default: true, describe: "write report.html and the charts into the run folder (--no-report to skip)" })
    .option("on-crossed", {
      type: "string",
      choices: ["fail", "skip"],
      describe: "a book still crossed after a timestamp's rows: fail (the default, naming the row), or skip: match none of our orders while it is crossed (sim.on_crossed)",
    })
    .conflicts("data", "scenario") as unknown as Argv<BacktestArgs>;
}

/** Runs `mmlab backtest`: one backtest, a run folder, the KPI table. */
export async function backtestCommand(args: BacktestArgs): Promise<number> {
  // --on-crossed is sim.on_crossed, set last (over a config file, and a paper session's own config).
  const sets = withStrategy(args.onCrossed === undefined ? args.set : [...args.set, `sim.on_crossed=${args.onCrossed}`], args.strategy);
  let config: MmConfig = args.config ? loadConfigFile(args.config, sets) : parseConfig({}, sets);
  const durationNs = args.duration !== undefined ? parseDurationNs(args.duration, "--duration") : args.data ? undefined : 24 * 3600 * NS_PER_S;
  const rng = rootRng(args.seed);
  const outPath = args.out ?? RunFolder.nextFree("runs", "backtest");
  if (args.out !== undefined) RunFolder.create(args.out, args.force).abort(); // refuse early, before the run
  // files (Arrow, the importers) and, after the run, the run folder and report are loaded when used: start-up stays short;
  // a long synthetic market is generated ahead in a worker thread when there is a core to spare (the same data)
  const data: MarketData = traceFirstEvent(args.data ? await (await import("../../data/sources/fileData.ts")).openMarketData(args.data, config.symbol) : syntheticData(args.scenario ?? "default", rng, { durationNs, ahead: durationNs !== undefined && aheadPays(durationNs) }));
  // a paper session's file cut short (killed, disk full): replayed to its last complete batch, and said so
  if (typeof data.description.unfinished === "string") process.stderr.write(`note: ${data.description.unfinished}\n`);
  if (data.session !== undefined && args.config === undefined) {
    // A paper session replays with the config it ran with (its hot reloads follow from the file).
    config = parseConfig((await data.session()).configs[0], sets);
    process.stderr.write(`replaying a paper session with its own config${sets.length > 0 ? " and --set" : ""} (--config to replay another)\n`);
  }

  const bar = new ProgressBar("backtest", durationNs ?? 0, { quiet: args.json });
  const startedMs = performance.now();
  const result = await runBacktest({
    config,
    data,
    rng,
    durationNs,
    onProgress: (p) => bar.update(p.tNs, `${(p.events / 1e6).toFixed(1)} M events`),
  });
  bar.done();
  // the report is rendered into the folder before it is published: a failure leaves no folder
  const { writeRunFolder } = await import("../../runfolder/writeRun.ts");
  const writeReport = args.report ? (await import("../../report/runReport.ts")).writeRunReport : undefined;
  const report = writeReport && ((dir: string) => writeReport(dir, { png: true }));
  const manifest = await writeRunFolder(outPath, args.force, { config, seed: args.seed, data, durationNs, result }, report);
  const seconds = (performance.now() - startedMs) / 1000;

  if (args.json) {
    process.stdout.write(JSON.stringify(result.kpis, null, 2) + "\n");
  } else {
    process.stdout.write(formatKpiTable(result.kpis, assetNames(data.meta.symbol)) + "\n\n"); // BTC and USDT, as the report says
    process.stdout.write(`${result.events.toLocaleString("en-US")} events, ${result.steps.toLocaleString("en-US")} steps in ${seconds.toFixed(1)} s; `);
    process.stdout.write(`${result.guardEvents.length} guard events, ${result.feedEvents.filter((e) => e.kind === "pause").length} stale-feed pauses, ${result.stepErrors.length} step errors\n`);
    const crossed = result.crossedBook;
    if (crossed !== undefined && crossed.episodes > 0) {
      process.stdout.write(`crossed book: ${crossed.episodes} times, ${crossed.rows.toLocaleString("en-US")} rows, ${crossed.seconds.toFixed(1)} s of data without matching (--on-crossed skip; runlog.json)\n`);
    }
    process.stdout.write(`run folder: ${outPath}  (results hash ${manifest.resultsHash.slice(0, 16)})${args.report ? `; report: ${outPath}/report.html` : ""}\n`);
  }
  return 0;
}
