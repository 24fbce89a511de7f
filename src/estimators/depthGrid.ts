import { ConfigError } from "../core/errors.ts";

/**
 * The distances from the mid at which the fill intensity λ(δ) is measured, in ticks:
 * δ_i = offsetTicks + i·stepTicks, i = 0 … levels − 1. Mids lie on the half-tick grid, so a
 * grid of whole ticks (offset 0) or of half ticks measures what quotes on the tick grid see.
 */
export interface DepthGrid {
  offsetTicks: number;
  stepTicks: number;
  levels: number;
}

/** Checks a grid: offset ≥ 0, step > 0, levels an integer ≥ 2 (a line needs two points). */
export function validateDepthGrid(g: DepthGrid): DepthGrid {
  if (!(g.offsetTicks >= 0 && g.offsetTicks < Infinity)) throw new ConfigError("calibration.offset_ticks", g.offsetTicks, "must be finite and ≥ 0 (first distance from the mid, ticks)");
  if (!(g.stepTicks > 0 && g.stepTicks < Infinity)) throw new ConfigError("calibration.step_ticks", g.stepTicks, "must be finite and > 0 (spacing of the distances, ticks)");
  if (!(Number.isInteger(g.levels) && g.levels >= 2)) throw new ConfigError("calibration.levels", g.levels, "must be an integer ≥ 2 (number of distances)");
  return g;
}

/** δ_i in ticks. */
export function gridDistanceTicks(g: DepthGrid, i: number): number {
  return g.offsetTicks + i * g.stepTicks;
}

/** Index of the farthest grid distance a reach attains (δ_i ≤ reach), capped at levels − 1; −1 below δ_0. */
export function gridBin(g: DepthGrid, reachTicks: number): number {
  const x = (reachTicks - g.offsetTicks) / g.stepTicks;
  if (x < -1e-9) return -1;
  const i = Math.floor(x + 1e-9);
  return i >= g.levels ? g.levels - 1 : i;
}
