import { assetNames } from "../kpi/formatValue.ts";

/** The time unit of a chart's x axis: seconds since the data origin divided by `seconds`. */
export interface TimeAxis {
  unit: "s" | "min" | "h";
  seconds: number;
  /** Decimals kept for t in this unit (millisecond resolution). */
  decimals: number;
}

/** What every chart needs to know besides its data: units, tick, time axis, row budget. */
export interface ChartContext {
  base: string;
  quote: string;
  tickSize: number;
  time: TimeAxis;
  /** At most this many data rows per time-series chart (min/max downsampling above it). */
  maxRows: number;
  /** The data origin as "YYYY-MM-DD HH:MM:SS UTC", or null when unknown. */
  origin: string | null;
}

/** Default row budget per time-series chart. */
export const DEFAULT_MAX_ROWS = 5000;

/** Base and quote asset names from a symbol (kpi/formatValue.ts, where the terminal's units come from too). */
export { assetNames };

/** Seconds for spans up to 2 min, minutes up to 3 h, hours beyond. */
export function timeAxisFor(spanSeconds: number): TimeAxis {
  if (spanSeconds <= 120) return { unit: "s", seconds: 1, decimals: 3 };
  if (spanSeconds <= 3 * 3600) return { unit: "min", seconds: 60, decimals: 5 };
  return { unit: "h", seconds: 3600, decimals: 7 };
}

/** Decimals of a tick size (0.01 → 2), capped at 10. */
export function tickDecimals(tickSize: number): number {
  for (let d = 0; d <= 10; d++) if (Math.abs(Math.round(tickSize * 10 ** d) - tickSize * 10 ** d) < 1e-9) return d;
  return 10;
}

/** "YYYY-MM-DD HH:MM:SS UTC" for an epoch time in ns given as a decimal string; null if unparsable. */
export function utcText(epochNs: string | null | undefined): string | null {
  if (!epochNs || !/^-?\d+$/.test(epochNs)) return null;
  const ms = Number(BigInt(epochNs) / 1_000_000n);
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** A chart context from the run's facts. */
export function chartContext(o: { symbol: string; tickSize: number; spanSeconds: number; originEpochNs?: string | null; maxRows?: number }): ChartContext {
  return {
    ...assetNames(o.symbol),
    tickSize: o.tickSize,
    time: timeAxisFor(o.spanSeconds),
    maxRows: o.maxRows ?? DEFAULT_MAX_ROWS,
    origin: utcText(o.originEpochNs),
  };
}
