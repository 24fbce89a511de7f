import { fitMarket, type MarketFit } from "../../calibration/market/fitMarket.ts";
import type { MmConfig } from "../../config/schema.ts";
import { rootRng } from "../../core/rng.ts";
import { NS_PER_S } from "../../core/time.ts";
import type { KpiReport } from "../../kpi/report.ts";
import { runBacktest } from "../backtest.ts";
import { aheadPays, openMarketData, syntheticParamsData } from "../../data/sources/index.ts";
import { compareRuns, type AgreementRow } from "./agreement.ts";

/**
 * `mmlab sim2real`: does a market fitted to a file give the strategy the KPIs the file gives it?
 *
 *   real file → fit the synthetic market (calibration/market) → market.json parameters
 *   real file → backtest (the config)                         → real KPIs
 *   fitted market, seeds 1…N, ≥ 1 h each → backtests           → synthetic KPIs
 *   → agreement per KPI (agreement.ts)
 */
export interface Sim2RealOptions {
  dataPath: string;
  config: MmConfig;
  /** Seeds of the fitted market (default 1, 2, 3). */
  seeds?: readonly string[];
  /** Hours each fitted-market run lasts at least (default 1: a 10-minute file's fills are few; the rates compare per order and per hour). */
  syntheticHours?: number;
  /** Passed to the market fit (bounded simulated moments). */
  fitOptions?: Parameters<typeof fitMarket>[1];
  onStep?: (label: string) => void;
}

/** Everything sim2real measured: the fit, the real run, each seed's run, and the agreement. */
export interface Sim2Real {
  data: string;
  /** The real file's duration and each fitted-market run's, s. */
  realDurationS: number;
  durationS: number;
  fit: MarketFit;
  real: KpiReport;
  synthetic: { seed: string; kpis: KpiReport; resultsHash: string }[];
  rows: AgreementRow[];
  targetMet: boolean;
}

/** Fits the market to the file, runs the config on both, and compares the KPIs. */
export async function runSim2Real(o: Sim2RealOptions): Promise<Sim2Real> {
  const seeds = o.seeds ?? ["1", "2", "3"];
  o.onStep?.("fitting the market to the file");
  const fit = await fitMarket(await openMarketData(o.dataPath, o.config.symbol), o.fitOptions);
  o.onStep?.("backtest on the real file");
  const real = await runBacktest({ config: o.config, data: await openMarketData(o.dataPath, o.config.symbol), rng: rootRng("1") });
  const durationS = Math.max(real.kpis.durationSeconds, (o.syntheticHours ?? 1) * 3600, 1);
  const synthetic: Sim2Real["synthetic"] = [];
  for (const seed of seeds) {
    o.onStep?.(`backtest on the fitted market, seed ${seed}`);
    const rng = rootRng(seed);
    const data = syntheticParamsData({ ...fit.params, durationS }, rng, "fitted", aheadPays(durationS * NS_PER_S)); // one run at a time: a long market generated on the core to spare
    const r = await runBacktest({ config: o.config, data, rng, durationNs: durationS * NS_PER_S });
    synthetic.push({ seed, kpis: r.kpis, resultsHash: r.resultsHash });
  }
  const { rows, targetMet } = compareRuns(real.kpis, synthetic.map((s) => s.kpis));
  return { data: o.dataPath, realDurationS: real.kpis.durationSeconds, durationS, fit, real: real.kpis, synthetic, rows, targetMet };
}
