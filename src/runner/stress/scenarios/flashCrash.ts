import type { Rng } from "../../../core/rng.ts";
import type { MarketData } from "../../../data/sources/marketData.ts";
import { shiftTransform, type ShiftPath } from "../shiftTransform.ts";
import { transformData } from "../transformData.ts";
import type { StressContext, StressScenario } from "../types.ts";

export interface FlashCrashParams {
  /** Depth of the crash, % of the mid at its start. */
  dropPct: number;
  /** Linear fall, s. */
  fallSeconds: number;
  /** Linear recovery after the bottom, s. */
  recoverSeconds: number;
  /** The crash starts at a seeded time in [from, to] × the run's duration (1 h when unknown)… */
  startWindow: [number, number];
  /** …or at this time (s since the data origin), when given. */
  startSeconds?: number;
  /** How often the shift is updated during the crash, ms of exchange time. */
  updateMs: number;
}

export const FLASH_CRASH_DEFAULTS: FlashCrashParams = { dropPct: 3, fallSeconds: 30, recoverSeconds: 300, startWindow: [0.1, 0.6], updateMs: 100 };

/**
 * A flash crash: from a seeded time t0 every price is shifted down by a path that falls linearly
 * to −dropPct % of the mid at t0 over `fallSeconds`, then recovers linearly to 0 over
 * `recoverSeconds` (the shift is added to every event, so the book keeps its shape, on the tick
 * grid, never crossed: shiftTransform.ts). Before t0 and after the recovery the data is unchanged.
 */
export function flashCrash(params: Partial<FlashCrashParams> = {}): StressScenario {
  const p = { ...FLASH_CRASH_DEFAULTS, ...params };
  const name = "flash-crash";
  const description = `prices fall ${p.dropPct} % over ${p.fallSeconds} s at a seeded time and recover over ${p.recoverSeconds} s`;
  return {
    name,
    description,
    configOverrides: [],
    runCost: 1.2, // whole-book shifts every 100 ms through the crash
    apply(data: MarketData, rng: Rng, context: StressContext = {}): MarketData {
      const startSeconds = crashStartSeconds(p, rng.fork(`stress-${name}`), context.durationNs);
      return transformData(data, name, description, { ...p, startSeconds }, (source, pool) => shiftTransform(crashPath(p, startSeconds), p.updateMs * 1e6)(source, pool));
    },
  };
}

/** When the crash starts (s since the data origin): `startSeconds`, else seeded in the start window of the duration. */
export function crashStartSeconds(p: FlashCrashParams, rng: Rng, durationNs?: number): number {
  if (p.startSeconds !== undefined) return p.startSeconds;
  const durationS = durationNs !== undefined && Number.isFinite(durationNs) ? durationNs / 1e9 : 3600;
  const [from, to] = p.startWindow;
  return (from + rng.next() * (to - from)) * durationS;
}

/** Fraction of the full drop at `tS` seconds after the start: 0 → 1 over the fall, 1 → 0 over the recovery, 0 outside. */
export function crashFraction(tS: number, p: Pick<FlashCrashParams, "fallSeconds" | "recoverSeconds">): number {
  if (tS <= 0) return 0;
  if (tS < p.fallSeconds) return tS / p.fallSeconds;
  const up = tS - p.fallSeconds;
  return up < p.recoverSeconds ? 1 - up / p.recoverSeconds : 0;
}

/** The crash's shift path: −round(dropPct % × mid at the start) × crashFraction, fresh per stream. */
export function crashPath(p: FlashCrashParams, startSeconds: number): ShiftPath {
  let dropTicks = NaN;
  const startNs = startSeconds * 1e9;
  return (tNs, book) => {
    if (tNs < startNs) return 0;
    if (Number.isNaN(dropTicks)) {
      const mid = book.mid();
      if (Number.isNaN(mid)) return 0;
      dropTicks = Math.round((p.dropPct / 100) * mid);
    }
    return -dropTicks * crashFraction((tNs - startNs) / 1e9, p);
  };
}
