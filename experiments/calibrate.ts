/**
 * Calibrates the fill intensity λ(δ) = A·e^(−kδ) and σ from market data, as hftbacktest's GLFT
 * example does (see src/calibration/), and prints A, k, σ with the fit's R² and the λ(δ) table.
 * Run: `npx tsx experiments/calibrate.ts [--data FILE | --scenario NAME --hours H] [--seed N] [--json]
 *        [--offset-ticks 0 --step-ticks 1 --levels 30 --min-count 10 --sigma-interval-ms 100 --clock exch|local]
 *        [--window-seconds 600 --refit-seconds 5]`
 * With --window-seconds, it also prints the rolling re-calibration (src/calibration/rollingCalibrator.ts)
 * a quoter would see: A, k, σ over the last window, re-fitted every --refit-seconds.
 * NAME: a synthetic scenario (default, high-vol, low-liquidity, jumpy) or `test-market`, the market
 * of known A, k, σ (`--market-A 1.5 --market-k 2 --market-sigma 0.5`) that the tests calibrate.
 */
import { parseArgs } from "node:util";
import { calibrate } from "../src/calibration/calibrate.ts";
import type { FeedClock } from "../src/calibration/calibrationFeed.ts";
import { calibrationJson, formatCalibration, formatRolling, rollingJson } from "../src/calibration/format.ts";
import { Calibrator, type RollingFit } from "../src/calibration/rollingCalibrator.ts";
import { testMarket } from "../src/calibration/testMarket.ts";
import { parseConfig } from "../src/config/load.ts";
import { MmlabError } from "../src/core/errors.ts";
import { rootRng } from "../src/core/rng.ts";
import type { EventBatch } from "../src/data/schema.ts";
import { openMarketData, syntheticData } from "../src/runner/marketData.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      scenario: { type: "string" },
      hours: { type: "string", default: "1" },
      seed: { type: "string", default: "1" },
      json: { type: "boolean", default: false },
      "offset-ticks": { type: "string", default: "0" },
      "step-ticks": { type: "string", default: "1" },
      levels: { type: "string", default: "30" },
      "min-count": { type: "string", default: "10" },
      "sigma-interval-ms": { type: "string", default: "100" },
      clock: { type: "string", default: "exch" },
      "market-A": { type: "string", default: "1.5" },
      "market-k": { type: "string", default: "2" },
      "market-sigma": { type: "string", default: "0.5" },
      "window-seconds": { type: "string" },
      "refit-seconds": { type: "string", default: "5" },
    },
  });
  if ((values.data === undefined) === (values.scenario === undefined)) throw new MmlabError("calibrate: give either --data FILE or --scenario NAME");
  if (values.clock !== "exch" && values.clock !== "local") throw new MmlabError(`--clock "${values.clock}": must be exch or local`);
  const num = (name: keyof typeof values): number => {
    const v = Number(values[name]);
    if (!Number.isFinite(v)) throw new MmlabError(`--${name} "${String(values[name])}": must be a number`);
    return v;
  };
  let source: string;
  let tickSize: number;
  let batches: AsyncIterable<EventBatch> | Iterable<EventBatch>;
  if (values.data !== undefined) {
    const data = await openMarketData(values.data, parseConfig({}).symbol);
    [source, tickSize, batches] = [values.data, data.meta.tickSize, data.batches()];
  } else {
    const hours = num("hours");
    if (!(hours > 0)) throw new MmlabError(`--hours "${values.hours}": must be > 0`);
    const name = values.scenario!;
    const rng = rootRng(values.seed);
    if (name === "test-market") {
      const market = testMarket({ A: num("market-A"), k: num("market-k"), sigma: num("market-sigma"), durationS: hours * 3600 }, rng);
      [tickSize, batches] = [market.meta.tickSize, market.batches];
      source = `test-market (A ${values["market-A"]}, k ${values["market-k"]}, σ ${values["market-sigma"]}), ${hours} h, seed ${values.seed}`;
    } else {
      const data = syntheticData(name, rng, hours * 3600);
      [tickSize, batches] = [data.meta.tickSize, data.batches()];
      source = `synthetic "${name}", ${hours} h, seed ${values.seed}`;
    }
  }
  const options = {
    tickSize,
    grid: { offsetTicks: num("offset-ticks"), stepTicks: num("step-ticks"), levels: num("levels") },
    minCount: num("min-count"),
    sigmaIntervalMs: num("sigma-interval-ms"),
    clock: values.clock as FeedClock,
  };
  const fits: RollingFit[] = [];
  const rolling = values["window-seconds"] === undefined
    ? undefined
    : new Calibrator({ ...options, windowSeconds: num("window-seconds"), refitSeconds: num("refit-seconds"), onFit: (f) => fits.push(f) });
  const tee = async function* () {
    for await (const batch of batches) {
      rolling?.update(batch);
      yield batch;
    }
  };
  const result = await calibrate(tee(), options);
  if (values.json) {
    console.log(JSON.stringify({ ...calibrationJson(source, result), ...(rolling ? { rolling: fits.map(rollingJson) } : {}) }));
    return;
  }
  console.log(formatCalibration(source, result));
  if (rolling) console.log(`\n${formatRolling(fits, num("window-seconds"), num("refit-seconds"))}`);
}

try {
  await main();
} catch (e) {
  if (!(e instanceof MmlabError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
}
