import { NS_PER_S } from "../core/time.ts";
import type { DatasetMeta } from "../data/schema.ts";
import type { MarketData } from "../data/sources/marketData.ts";
import { streamBook, type FeedSink } from "./bookFeed.ts";
import { OfiBucketer, type OfiSeries } from "./ofiBuckets.ts";
import { olsFit, type OlsFit } from "./ols.ts";
import { windowIndex, type WindowSpec } from "./windowSpec.ts";

/** Options of the OFI study. */
export interface OfiStudyOptions {
  /** Bucket length, ns (default 10 s). */
  bucketNs?: number;
  /** Windows for the per-window regressions (default 1 h of data time). */
  window?: WindowSpec;
  /** Read only the first `durationNs` of data time (default: all of it). */
  durationNs?: number;
}

/** One window's regression: its time span (s since the data origin, bucket starts) and the fit. */
export interface OfiWindowFit extends OlsFit {
  window: number;
  startS: number;
  endS: number;
}

/** The study: Δmid (ticks) = α + β·OFI (base units) per bucket, overall and per window. */
export interface OfiStudyResult {
  meta: DatasetMeta;
  description: Record<string, unknown>;
  bucketS: number;
  window: WindowSpec;
  durationS: number;
  events: number;
  overall: OlsFit;
  windows: OfiWindowFit[];
  series: OfiSeries;
}

/** Default bucket (10 s) and window (1 h). */
export const DEFAULT_OFI_BUCKET_NS = 10 * NS_PER_S;
export const DEFAULT_OFI_WINDOW: WindowSpec = { kind: "time", ns: 3600 * NS_PER_S };

/**
 * The OFI price-impact regression of Cont, Kukanov & Stoikov (2014), streaming over `data`:
 * bucket the settled top of book, regress each bucket's mid change (ticks) on its OFI sum
 * (base units) by OLS with an intercept; β is ticks per unit of OFI. `extraSinks` see the same
 * stream (so other statistics need no second pass).
 */
export async function runOfiStudy(data: MarketData, opts: OfiStudyOptions = {}, extraSinks: FeedSink[] = []): Promise<OfiStudyResult> {
  const bucketer = new OfiBucketer(opts.bucketNs ?? DEFAULT_OFI_BUCKET_NS);
  const { endNs, events } = await streamBook(data, [bucketer, ...extraSinks], opts.durationNs);
  return ofiStudyResult(data, bucketer.series, opts.window ?? DEFAULT_OFI_WINDOW, endNs / NS_PER_S, events);
}

/** The regressions of a bucket series, overall and per window. */
export function ofiStudyResult(data: Pick<MarketData, "meta" | "description">, series: OfiSeries, window: WindowSpec, durationS: number, events: number): OfiStudyResult {
  return { meta: data.meta, description: data.description, bucketS: series.bucketS, window, durationS, events, overall: olsFit(series.ofi, series.dMidTicks), windows: windowFits(series, window), series };
}

/** OLS per window over the kept buckets (windows with no bucket are left out). */
export function windowFits(series: OfiSeries, window: WindowSpec): OfiWindowFit[] {
  const fits: OfiWindowFit[] = [];
  let from = 0;
  const n = series.tS.length;
  for (let i = 1; i <= n; i++) {
    const w = windowIndex(window, series.tS[from], from);
    if (i < n && windowIndex(window, series.tS[i], i) === w) continue;
    const fit = olsFit(series.ofi.slice(from, i), series.dMidTicks.slice(from, i));
    fits.push({ window: w, startS: series.tS[from], endS: series.tS[i - 1] + series.bucketS, ...fit });
    from = i;
  }
  return fits;
}
