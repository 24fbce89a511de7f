import type { Rng } from "../../../core/rng.ts";
import type { MarketData } from "../../../data/sources/marketData.ts";
import { shiftTransform, type ShiftPath } from "../shiftTransform.ts";
import { transformData } from "../transformData.ts";
import type { StressScenario } from "../types.ts";

export interface HighVolatilityParams {
  /** m: moves away from the anchor are multiplied by this. */
  multiplier: number;
  /** Time constant of the anchor (an EWMA of the mid), s. */
  anchorSeconds: number;
  /** How often the shift is updated, ms of exchange time. */
  updateMs: number;
}

export const HIGH_VOLATILITY_DEFAULTS: HighVolatilityParams = { multiplier: 2.5, anchorSeconds: 300, updateMs: 1000 };

/**
 * Amplified price moves around a slow anchor. The anchor A is an EWMA of the source mid S with
 * time constant `anchorSeconds` (A += (1 − e^(−Δt/T))·(S − A) at each update); every event's
 * price gets the shift s = round((m − 1)·(S − A)) ticks, so the mid becomes A + m·(S − A):
 * moves slower than the anchor are unchanged, faster ones are ×m. The whole book moves
 * together (same shift for both sides at any time; spread and depth keep their shape), on the
 * tick grid, never crossed (see shiftTransform.ts). No random draws.
 */
export function highVolatility(params: Partial<HighVolatilityParams> = {}): StressScenario {
  const p = { ...HIGH_VOLATILITY_DEFAULTS, ...params };
  const name = "high-volatility";
  const description = `price moves ×${p.multiplier} around a ${p.anchorSeconds} s EWMA anchor of the mid (whole book shifted, updated every ${p.updateMs} ms)`;
  return {
    name,
    description,
    configOverrides: [],
    runCost: 1.6, // about twice the events (a whole-book shift every second), and the transform
    apply(data: MarketData, _rng: Rng): MarketData {
      return transformData(data, name, description, { ...p }, (source, pool) => shiftTransform(amplifyPath(p), p.updateMs * 1e6)(source, pool));
    },
  };
}

/** The shift path of the high-volatility scenario (state: the anchor), fresh per stream. */
export function amplifyPath(p: HighVolatilityParams): ShiftPath {
  let anchor = NaN;
  let lastNs = NaN;
  const tauNs = p.anchorSeconds * 1e9;
  return (tNs, book) => {
    const mid = book.mid();
    if (Number.isNaN(mid)) return NaN;
    if (Number.isNaN(anchor)) anchor = mid;
    else anchor += (1 - Math.exp(-(tNs - lastNs) / tauNs)) * (mid - anchor);
    lastNs = tNs;
    return (p.multiplier - 1) * (mid - anchor);
  };
}
