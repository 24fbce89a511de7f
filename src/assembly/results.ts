import { hashJson, hashView, newHasher } from "../core/hash.ts";
import type { TimeseriesColumn } from "../engine/recorder.ts";
import type { StepError, TradingEngine } from "../engine/tradingEngine.ts";
import type { KpiReport } from "../kpi/report.ts";
import type { GuardEvent } from "../risk/latencyGuard.ts";
import type { FeedEvent } from "../risk/feedGuard.ts";
import type { OnlineFitRecord } from "../estimators/onlineCalibration.ts";
import type { Simulation } from "./simulation.ts";

/** What a finished simulation produced (a backtest's or a paper session's), and the hash over it. */
export interface RunResults {
  kpis: KpiReport;
  timeseries: Record<TimeseriesColumn, Float64Array>;
  fills: Record<string, Float64Array | Int8Array | Uint8Array>;
  guardEvents: GuardEvent[];
  /** The feed-health rule's pauses and resumes. */
  feedEvents: FeedEvent[];
  stepErrors: StepError[];
  /** Why working orders were cancelled, by reason. */
  cancelReasons: Record<string, number>;
  steps: number;
  /** SHA-256 over the KPI report, the fills and the timeseries. */
  resultsHash: string;
  /** The online re-calibration's fits (config calibration.online; empty when off). */
  onlineCalibration?: OnlineFitRecord[];
}

/** Ends the KPIs at the clock's time and collects the results of a finished simulation. */
export function collectResults(sim: Pick<Simulation, "clock" | "kpi" | "engine">, tickSize: number): RunResults {
  const { clock, kpi, engine } = sim;
  const endNs = clock.nowNs();
  const mid = engine.market.midTicks();
  const kpis = kpi.finish(endNs, Number.isNaN(mid) ? lastMid(engine) : mid);
  const timeseries = engine.timeseries.toColumns();
  const fills = engine.fillLog.toColumns(tickSize);
  const resultsHash = hashJson({ kpis, fills: digestColumns(fills), timeseries: digestColumns(timeseries), guard: engine.guardEvents, feed: engine.feedEvents, errors: engine.stepErrors });
  return {
    kpis,
    timeseries,
    fills,
    guardEvents: engine.guardEvents,
    feedEvents: engine.feedEvents,
    stepErrors: engine.stepErrors,
    cancelReasons: { ...engine.cancelReasons() },
    steps: engine.stepCount,
    resultsHash,
    onlineCalibration: engine.onlineCalibration?.history ?? [],
  };
}

function lastMid(engine: TradingEngine): number {
  const ts = engine.timeseries.toColumns();
  const n = ts.mid.length;
  return n > 0 ? ts.mid[n - 1] / engine.currentConfig().symbol.tick_size : 0;
}

function digestColumns(columns: Record<string, ArrayBufferView>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(columns).sort()) {
    const hasher = newHasher();
    hashView(hasher, columns[name]);
    out[name] = hasher.digest("hex");
  }
  return out;
}
