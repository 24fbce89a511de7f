import type { Rng } from "../../core/rng.ts";
import type { JsonValue } from "../grid/definition.ts";
import { valueAt, type ParamSpace } from "./space.ts";

/**
 * `count` configurations of `space` by Latin-hypercube sampling: each parameter's [0, 1) is cut
 * into `count` equal strata and every stratum is drawn exactly once (its order shuffled per
 * parameter, a uniform draw inside it), then mapped through the parameter's range. Every
 * parameter's range is thus covered evenly whatever `count` is (Sobol points balance only at powers
 * of two), and the draws come from `rng` alone: the same seed gives the same configurations.
 */
export function latinHypercube(space: ParamSpace, count: number, rng: Rng): Record<string, JsonValue>[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`latinHypercube: count must be an integer ≥ 1, not ${count}`);
  const samples: Record<string, JsonValue>[] = Array.from({ length: count }, () => ({}));
  for (const [name, range] of Object.entries(space)) {
    const strata = shuffled(count, rng);
    for (let k = 0; k < count; k++) samples[k][name] = valueAt(range, (strata[k] + rng.next()) / count);
  }
  return samples;
}

/** 0 … n−1 in a random order (Fisher–Yates). */
function shuffled(n: number, rng: Rng): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
