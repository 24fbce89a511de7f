/**
 * Calibrates the fill intensity λ(δ) = A·e^(−kδ) (both sides and per side), σ and the OFI impact
 * of a market with the code of `mmlab calibrate` (src/calibration/marketCalibration.ts), and prints
 * them with the λ(δ) table — no output folder (use `mmlab calibrate` for calibration.json, the
 * config file and the report).
 * Run: `npx tsx experiments/calibrate.ts [--data FILE | --scenario NAME --hours H] [--seed N] [--json]
 *        [--offset-ticks 1 --step-ticks 10 --levels 30 --min-count 10 --sigma-interval-ms 100 --clock exch|local]
 *        [--window-seconds 300 --refit-seconds 300]`
 * --window-seconds/--refit-seconds: the per-window (rolling) re-calibration a quoter would see
 * (src/estimators/rollingCalibrator.ts): A, k, σ over the last window, re-fitted every --refit-seconds.
 * NAME: a synthetic scenario (default, high-vol, low-liquidity, jumpy) or `test-market`, the market
 * of known A, k, σ (`--market-A 1.5 --market-k 2 --market-sigma 0.5`) that the tests calibrate.
 */
import { parseArgs } from "node:util";
import { calibratedConfig } from "../src/calibration/calibrationConfig.ts";
import { calibrationJson } from "../src/calibration/calibrationJson.ts";
import { openCalibrationSource } from "../src/calibration/calibrationSource.ts";
import { formatMarketCalibration } from "../src/calibration/calibrationText.ts";
import type { FeedClock } from "../src/estimators/calibrationFeed.ts";
import { calibrationWarnings } from "../src/calibration/fitChecks.ts";
import { calibrateMarket, DEFAULT_CALIBRATION_WINDOW_S } from "../src/calibration/marketCalibration.ts";
import { MmlabError } from "../src/core/errors.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      scenario: { type: "string" },
      hours: { type: "string", default: "1" },
      seed: { type: "string", default: "1" },
      json: { type: "boolean", default: false },
      "offset-ticks": { type: "string", default: "1" },
      "step-ticks": { type: "string", default: "10" },
      levels: { type: "string", default: "30" },
      "min-count": { type: "string", default: "10" },
      "sigma-interval-ms": { type: "string", default: "100" },
      clock: { type: "string", default: "exch" },
      "market-A": { type: "string", default: "1.5" },
      "market-k": { type: "string", default: "2" },
      "market-sigma": { type: "string", default: "0.5" },
      "window-seconds": { type: "string", default: String(DEFAULT_CALIBRATION_WINDOW_S) },
      "refit-seconds": { type: "string" },
    },
  });
  if (values.clock !== "exch" && values.clock !== "local") throw new MmlabError(`--clock "${values.clock}": must be exch or local`);
  const num = (name: keyof typeof values): number => {
    const v = Number(values[name]);
    if (!Number.isFinite(v)) throw new MmlabError(`--${name} "${String(values[name])}": must be a number`);
    return v;
  };
  const hours = num("hours");
  if (!(hours > 0)) throw new MmlabError(`--hours "${values.hours}": must be > 0`);
  const source = await openCalibrationSource({
    data: values.data,
    scenario: values.scenario,
    seed: values.seed,
    durationNs: values.data === undefined ? hours * 3600e9 : undefined,
    market: { A: num("market-A"), k: num("market-k"), sigma: num("market-sigma") },
  });
  const windowSeconds = num("window-seconds");
  const c = await calibrateMarket(source.data, {
    grid: { offsetTicks: num("offset-ticks"), stepTicks: num("step-ticks"), levels: num("levels") },
    minCount: num("min-count"),
    sigmaIntervalMs: num("sigma-interval-ms"),
    clock: values.clock as FeedClock,
    windows: { windowSeconds, refitSeconds: values["refit-seconds"] === undefined ? windowSeconds : num("refit-seconds") },
    durationNs: source.durationNs,
  });
  const warnings = calibrationWarnings(c);
  const calibrated = calibratedConfig(c);
  for (const w of warnings) console.error(`warning: ${w}`);
  if (values.json) console.log(JSON.stringify(calibrationJson(source.label, c, warnings, calibrated)));
  else console.log(formatMarketCalibration(source.label, c, calibrated));
}

try {
  await main();
} catch (e) {
  if (!(e instanceof MmlabError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
}
