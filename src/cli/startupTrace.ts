import type { MarketData } from "../data/sources/marketData.ts";
import { withReadProgress } from "./suiteProgress.ts";

/**
 * With MMLAB_STARTUP_TRACE=1, the time from the process's start to the first event batch a run
 * reads, on stderr ("startup: first event after 212 ms"): what `npm run bench` reports as the
 * start-up of a backtest. Without it, the data as given. Wall-clock time is read here, in the
 * command, once; never in the simulation.
 */
export function traceFirstEvent(data: MarketData, env: NodeJS.ProcessEnv = process.env): MarketData {
  if (env.MMLAB_STARTUP_TRACE !== "1") return data;
  let traced = false;
  return withReadProgress(data, () => {
    if (traced) return;
    traced = true;
    // performance.now() counts from the process's start
    process.stderr.write(`startup: first event after ${Math.round(performance.now())} ms\n`);
  });
}
