import type { SyntheticParams } from "../../data/synthetic/params.ts";

/** One fitted (or set) parameter of the synthetic market: its value and unit, how it was obtained ("<method>: <details>"), and what to know about it. */
export interface ParamEstimate {
  param: string;
  value: number;
  unit: string;
  method: string;
  note?: string;
}

/** The moments the simulated-moments fit matched: the data's, the fitted market's, and the data's standard errors. */
export interface FittedMoments {
  names: string[];
  data: number[];
  fitted: number[];
  se: number[];
  simulatedHours: number;
  simulations: number;
}

/**
 * A synthetic market fitted to data: `params` is complete and valid under `syntheticSchema` (the
 * object `--scenario market.json` loads), `estimates` says how each parameter was obtained, and
 * `warnings` what the data could not support. `moments` is the simulated-moments fit's detail.
 */
export interface MarketFit {
  params: SyntheticParams;
  estimates: ParamEstimate[];
  warnings: string[];
  moments?: FittedMoments;
}

/** Bounds and knobs of the fit. */
export interface MarketFitOptions {
  /** Hours of synthetic market generated per candidate of the simulated-moments fit (default: twice the data's duration, within 0.5 … 4). */
  simulatedHours?: number;
  /** Search steps of the simulated-moments fit after its initial design (default 8; 9 more simulations are always made). */
  maxIterations?: number;
  /** Seed shared by every simulated candidate (default "market-fit"). */
  seed?: string;
  /** Depth changes within this many ticks of the mid are the book's flow (default 500). */
  bookWindowTicks?: number;
  /** Read only the first `durationNs` of the data (default: all of it). */
  durationNs?: number;
  /** Progress messages (one per stage and per simulation). */
  onProgress?: (message: string) => void;
}
