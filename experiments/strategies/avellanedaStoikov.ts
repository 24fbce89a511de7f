/**
 * V1 written against the public Strategy API only: the same quotes as the built-in
 * `avellaneda_stoikov` (same results hash on the default day), as a starting point to copy.
 *
 *   r      = S − q·γ·σ²·τ                        reservation price
 *   δ      = γ·σ²·τ + (2/γ)·ln(1 + γ/k)          total spread (the engine applies the volatility regime)
 *   centre = r + clamp(β·z, −1, +1) ticks         OFI shift
 *   bid = centre − δ/2, ask = centre + δ/2        (the engine rounds outward, keeps post-only, sizes by inventory)
 *
 * `mmlab backtest --strategy experiments/strategies/avellanedaStoikov.ts --set strategy.params.gamma=0.3`
 */
import { defineStrategy, optimalSpread, reservationOffset, shiftedCentre, z } from "../../src/index.ts"; // in your project: from "mmlab"

export default defineStrategy({
  name: "v1_on_the_api",
  description: "Avellaneda–Stoikov with the OFI centre shift, written on the public API",
  params: z.strictObject({
    gamma: z.number().positive().default(0.5),
    k: z.number().positive().default(0.7),
    ofi_beta: z.number().default(0.5),
  }),
  create({ params, symbol }) {
    const tick = symbol.tickSize;
    return {
      onStep(view, quotes) {
        const k = Number.isNaN(view.fittedK) ? params.k : view.fittedK; // the online calibration's k, when on
        const reservation = view.midTicks + reservationOffset(view.inventory, params.gamma, view.sigma, view.tauSeconds) / tick;
        const halfSpreadTicks = optimalSpread(params.gamma, k, view.sigma, view.tauSeconds) / (2 * tick);
        quotes.centreTicks = shiftedCentre(reservation, params.ofi_beta, view.ofiZ);
        quotes.bidOffsetTicks = halfSpreadTicks;
        quotes.askOffsetTicks = halfSpreadTicks;
        quotes.reservationTicks = reservation;
      },
    };
  },
});
