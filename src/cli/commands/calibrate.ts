import type { Argv } from "yargs";
import { calibratedConfig } from "../../calibration/calibrationConfig.ts";
import { calibrationJson } from "../../calibration/calibrationJson.ts";
import { writeCalibration } from "../../calibration/calibrationReport.ts";
import { openCalibrationSource } from "../../calibration/calibrationSource.ts";
import { formatMarketCalibration } from "../../calibration/calibrationText.ts";
import { validateDepthGrid } from "../../estimators/depthGrid.ts";
import { calibrationWarnings } from "../../calibration/fitChecks.ts";
import { fitMarket, type MarketFit } from "../../calibration/market/fitMarket.ts";
import { formatMarketFit, marketFitJson, marketJson, MARKET_FIT_FILES } from "../../calibration/market/marketFitOutput.ts";
import { calibrateMarket } from "../../calibration/marketCalibration.ts";
import { MmlabError } from "../../core/errors.ts";
import { NS_PER_MS, NS_PER_S, parseDurationNs } from "../../core/time.ts";
import { jsonText } from "../../research/output.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";
import { ProgressBar, progressWanted } from "../progressBar.ts";
import { withReadProgress } from "../suiteProgress.ts";

export interface CalibrateArgs {
  data?: string;
  scenario?: string;
  seed: string;
  duration?: string;
  "offset-ticks": number;
  "step-ticks": number;
  levels: number;
  "min-count": number;
  "sigma-interval": string;
  horizons: string;
  window: string;
  refit?: string;
  "ofi-bucket": string;
  clock: string;
  "min-r2": number;
  "min-points": number;
  "market-A": number;
  "market-k": number;
  "market-sigma": number;
  market: boolean;
  "market-sim-hours"?: number;
  "market-iterations": number;
  out?: string;
  force: boolean;
  json: boolean;
}

/** Declares the `calibrate [data]` argument and options. */
export function calibrateOptions(y: Argv): Argv<CalibrateArgs> {
  return y
    .example("$0 calibrate btcusdt.arrow --market", "A, k, σ and OFI impact of a file, and the synthetic market fitted to it (market.json)")
    .example("$0 calibrate --scenario test-market --duration 2h", "recover the known A, k, σ of the test market")
    .positional("data", { type: "string", describe: "event file: .arrow (event schema), .npz/.npy (hftbacktest), .parquet" })
    .option("scenario", { type: "string", describe: "synthetic market instead: default, high-vol, low-liquidity, jumpy, or test-market (known A, k, σ: --market-A/-k/-sigma)" })
    .option("seed", { type: "string", default: "1", describe: "seed of a synthetic market" })
    .option("duration", { type: "string", describe: "data time to read: 24h, 90m (default: 24h synthetic, whole file)" })
    .option("offset-ticks", { type: "number", default: 1, describe: "first distance δ from the mid of the λ(δ) grid, ticks (1: past the touch of a 1-tick spread)" })
    .option("step-ticks", { type: "number", default: 10, describe: "spacing of the λ(δ) grid, ticks" })
    .option("levels", { type: "number", default: 30, describe: "distances in the λ(δ) grid (≥ 2)" })
    .option("min-count", { type: "number", default: 10, describe: "distances reached by fewer market orders stay out of the fit" })
    .option("sigma-interval", { type: "string", default: "100ms", describe: "sampling period of the mid for σ (the loop cadence)" })
    .option("horizons", { type: "string", default: "100ms,1s,10s,60s", describe: "horizons of the realised σ, comma-separated durations" })
    .option("window", { type: "string", default: "5m", describe: "per-window fits of A, k, σ: window length" })
    .option("refit", { type: "string", describe: "one per-window fit every … (default: the window, so windows do not overlap; must divide it)" })
    .option("ofi-bucket", { type: "string", default: "10s", describe: "bucket of the OFI price-impact regression" })
    .option("clock", { type: "string", default: "exch", describe: "timestamps of λ(δ) and σ: exch (exchange) or local (as the strategy sees them)" })
    .option("min-r2", { type: "number", default: 0.9, describe: "warn when the R² of ln λ is below this" })
    .option("min-points", { type: "number", default: 5, describe: "warn when fewer distances enter a fit" })
    .option("market-A", { type: "number", default: 1.5, describe: "test-market: market orders per second and side (reaching δ ≥ 0)" })
    .option("market-k", { type: "number", default: 2, describe: "test-market: decay of the reach, 1/quote" })
    .option("market-sigma", { type: "number", default: 0.5, describe: "test-market: volatility of the mid, quote/√s" })
    .option("market", { type: "boolean", default: false, describe: "also fit the synthetic market to the data: market.json (its parameters, for --scenario market.json) and market-fit.json (how each was estimated)" })
    .option("market-sim-hours", { type: "number", describe: "market fit: hours of market simulated per candidate (default: twice the data, within 0.5 … 4)" })
    .option("market-iterations", { type: "number", default: 8, describe: "market fit: search steps of the simulated moments (each one simulation)" })
    .option("out", { type: "string", describe: "output folder (default: runs/calibrate-NNN, never overwritten)" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out folder" })
    .option("json", { type: "boolean", default: false, describe: "print calibration.json instead of the text report" }) as unknown as Argv<CalibrateArgs>;
}

function finite(name: string, v: number, rule: (x: number) => boolean, what: string): number {
  if (!(Number.isFinite(v) && rule(v))) throw new MmlabError(`--${name} ${String(v)}: must be ${what}`);
  return v;
}

function durationNs(name: string, text: string): number {
  try {
    return parseDurationNs(text);
  } catch (e) {
    throw new MmlabError(`--${name}: ${(e as Error).message}`);
  }
}

/** Runs `mmlab calibrate`: A, k (per side), σ and the OFI impact of a market; calibration.json, calibration.config.json and a report; with --market also the fitted synthetic market (market.json, market-fit.json). */
export async function calibrateCommand(args: CalibrateArgs): Promise<number> {
  // Every option is checked before any work, so a bad one leaves nothing behind.
  if (args.data !== undefined && args.scenario !== undefined) throw new MmlabError("calibrate: give either a data file or --scenario NAME, not both");
  if (args.clock !== "exch" && args.clock !== "local") throw new MmlabError(`--clock "${args.clock}": must be exch or local`);
  const grid = validateDepthGrid({ offsetTicks: args["offset-ticks"], stepTicks: args["step-ticks"], levels: args.levels });
  const minCount = finite("min-count", args["min-count"], (x) => x >= 1, "a number ≥ 1");
  const minR2 = finite("min-r2", args["min-r2"], (x) => x >= 0 && x <= 1, "between 0 and 1");
  const minPoints = finite("min-points", args["min-points"], (x) => Number.isInteger(x) && x >= 2, "an integer ≥ 2");
  const sigmaIntervalMs = durationNs("sigma-interval", args["sigma-interval"]) / NS_PER_MS;
  const horizonsS = args.horizons.split(",").map((h) => durationNs("horizons", h) / NS_PER_S);
  const windowSeconds = durationNs("window", args.window) / NS_PER_S;
  const refitSeconds = args.refit === undefined ? windowSeconds : durationNs("refit", args.refit) / NS_PER_S;
  const ofiBucketNs = durationNs("ofi-bucket", args["ofi-bucket"]);
  const duration = args.duration === undefined ? undefined : durationNs("duration", args.duration);
  const market = {
    A: finite("market-A", args["market-A"], (x) => x > 0, "> 0"),
    k: finite("market-k", args["market-k"], (x) => x > 0, "> 0"),
    sigma: finite("market-sigma", args["market-sigma"], (x) => x >= 0, "≥ 0"),
  };
  const simHours = args["market-sim-hours"] === undefined ? undefined : finite("market-sim-hours", args["market-sim-hours"], (x) => x > 0 && x <= 48, "> 0 and ≤ 48 (hours)");
  const iterations = finite("market-iterations", args["market-iterations"], (x) => Number.isInteger(x) && x >= 0 && x <= 100, "an integer from 0 to 100");
  const outPath = args.out ?? RunFolder.nextFree("runs", "calibrate");
  if (args.out !== undefined) RunFolder.create(args.out, args.force).abort(); // refuse early, before the work

  const source = await openCalibrationSource({ data: args.data, scenario: args.scenario, seed: args.seed, durationNs: duration, market, ahead: true });
  // progress: the data time read, of the duration (a whole file's length is not known before it is read)
  const bar = new ProgressBar("calibrate", source.durationNs ?? 0, { quiet: args.json });
  const data = withReadProgress(source.data, (tNs) => bar.update(tNs, `${(tNs / NS_PER_S / 3600).toFixed(2)} h of data read`));
  const c = await calibrateMarket(data, {
    grid,
    minCount,
    sigmaIntervalMs,
    clock: args.clock,
    horizonsS,
    ofiBucketNs,
    windows: { windowSeconds, refitSeconds },
    durationNs: source.durationNs,
  });
  bar.done();
  const warnings = calibrationWarnings(c, { minR2, minPoints });
  const calibrated = calibratedConfig(c);
  // The fit reads the data again from the start (a data source may be readable once).
  const fit = args.market ? await fitMarket((await openCalibrationSource({ data: args.data, scenario: args.scenario, seed: args.seed, durationNs: duration, market, ahead: true })).data, { simulatedHours: simHours, maxIterations: iterations, durationNs: source.durationNs, onProgress: (m) => marketProgress(m, args.json) }) : undefined;
  if (fit) marketProgress("", args.json);
  const extra: [string, string][] = fit ? [["market.json", jsonText(marketJson(fit))], ["market-fit.json", jsonText(marketFitJson(source.label, c.description, fit))]] : [];
  await writeCalibration(outPath, args.force, source.label, c, warnings, calibrated, extra);
  for (const w of warnings) process.stderr.write(`mmlab: warning: ${w}\n`);
  for (const w of fit?.warnings ?? []) process.stderr.write(`mmlab: warning: market fit: ${w}\n`);
  if (args.json) process.stdout.write(JSON.stringify(calibrationJson(source.label, c, warnings, calibrated), null, 2) + "\n");
  else process.stdout.write(`${formatMarketCalibration(source.label, c, calibrated)}\n${marketText(fit)}\noutput: ${outPath} (calibration.json, calibration.config.json, calibration.html, intensity/volatility/ofi-scatter .svg/.png${fit ? `, ${MARKET_FIT_FILES.join(", ")}` : ""})\n`);
  return 0;
}

function marketText(fit: MarketFit | undefined): string {
  return fit ? `\n${formatMarketFit(fit)}\n` : "";
}

/** The market fit's stages, on one redrawn line of a terminal (nothing when stderr is a file, in CI or with --json). */
function marketProgress(message: string, quiet: boolean): void {
  if (progressWanted(quiet)) process.stderr.write(message ? `\rmarket fit: ${message}\x1b[K` : "\r\x1b[K");
}
