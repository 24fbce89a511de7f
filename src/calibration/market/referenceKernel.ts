import type { MarketOrderSink } from "../../research/marketOrders.ts";
import { ImpactResidual, type ImpactKernel } from "./impactResidual.ts";
import type { MarketTape } from "./marketTape.ts";

/**
 * The reference kernel of the residual moments: the shape (ψ, ρ, T) given, and the η that
 * explains most of the mid's variance at `horizonS` — C is linear in η, so with C₁ the impact of
 * η = 1, the changes of mid − η·C₁ sampled every horizon have the least Σ(Δmid − η·ΔC₁)² at
 * η = ΣΔmid·ΔC₁ / ΣΔC₁² (the regression of the mid's moves on the flow's modelled impact, as an
 * OFI regression but per order). The residual then moves as little as a kernel of that shape
 * allows, whatever the data: a fixed function of the data, so the fit can compare it with the
 * simulations'. η is at least `minEta`.
 */
export function referenceKernel(tape: MarketTape, shape: Omit<ImpactKernel, "etaTicks">, horizonS: number, minEta = 1): ImpactKernel {
  const unit = new ImpactResidual({ ...shape, etaTicks: 1 });
  const stepNs = horizonS * 1e9;
  let nextNs = NaN;
  let lastMid = NaN;
  let lastC = NaN;
  let sxy = 0;
  let sxx = 0;
  const sampler: MarketOrderSink = {
    onMarketOrder() {},
    onMid(tNs: number, untilNs: number, midTicks: number) {
      if (Number.isNaN(nextNs)) {
        if (Number.isNaN(midTicks)) return;
        nextNs = tNs;
      }
      if (nextNs >= untilNs) return;
      nextNs += Math.ceil((untilNs - nextNs) / stepNs) * stepNs;
      const c = unit.at(tNs);
      if (!Number.isNaN(midTicks) && !Number.isNaN(lastMid)) {
        const dc = c - lastC;
        sxy += (midTicks - lastMid) * dc;
        sxx += dc * dc;
      }
      lastMid = midTicks;
      lastC = c;
    },
  };
  tape.replay([unit, sampler]);
  const eta = sxx > 0 ? sxy / sxx : NaN;
  return { ...shape, etaTicks: Number.isFinite(eta) ? Math.max(minEta, eta) : minEta };
}
