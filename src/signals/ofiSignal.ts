import { RollingWindow } from "./rollingWindow.ts";

/**
 * OFI signal (README: The V1 strategy): per-step OFI sums are added over a window of `windowSteps` steps
 * (ofi_window_seconds / loop interval); each window sum is z-scored against the previous
 * `zWindow` window sums and clamped to ±zClamp. z is 0 until two past sums exist or when
 * they do not vary.
 */
export class OfiSignal {
  private readonly steps: RollingWindow;
  private readonly history: RollingWindow;
  private z = 0;

  constructor(windowSteps: number, zWindow: number, private readonly zClamp: number) {
    this.steps = new RollingWindow(windowSteps);
    this.history = new RollingWindow(zWindow);
  }

  /** Adds one step's OFI and returns the clamped z-score of the current window sum. */
  update(stepOfi: number): number {
    this.steps.push(stepOfi);
    const windowSum = this.steps.total();
    this.z = clampedZ(windowSum, this.history.mean(), this.history.std(), this.zClamp);
    this.history.push(windowSum);
    return this.z;
  }

  /** The latest clamped z-score. */
  zScore(): number {
    return this.z;
  }

  /** The current window sum of OFI (base units). */
  windowSum(): number {
    return this.steps.total();
  }
}

/** (x − mean)/std clamped to ±clamp; 0 when std is 0. */
export function clampedZ(x: number, mean: number, std: number, clamp: number): number {
  // −clamp before the early return: run from the first call, it does not meet optimised code unseen.
  const low = -clamp;
  if (!(std > 0)) return 0;
  const z = (x - mean) / std;
  return z > clamp ? clamp : z < low ? low : z;
}
