import { Propagator } from "../../data/synthetic/propagator.ts";
import type { MarketOrderSink } from "../../research/marketOrders.ts";

/** A propagator kernel: ε·η·v^ψ at once, a share ρ of it permanent, the rest decaying with time constant T. */
export interface ImpactKernel {
  etaTicks: number;
  exponent: number;
  permanentShare: number;
  decayS: number;
}

/**
 * The impact a given propagator kernel attributes to the market orders seen so far,
 * C(t) = Σ_{t_i ≤ t} ε_i·η·v_i^ψ·(ρ + (1 − ρ)·e^{−(t − t_i)/T}) in ticks, so that mid − C is the
 * mid with the order flow's impact taken out (the synthetic market's propagator, reused, without
 * its rule that a sweep moves the price at least to its last print). With a kernel near the
 * market's, mid − C moves like the exogenous value: its variance and the orders'
 * correlation with its moves measure σ and information without the impact's noise. A
 * MarketOrderSink: list it before the sinks that ask it, so a timestamp's orders are in when
 * they read `at`, and `before` still gives the value before them.
 */
export class ImpactResidual implements MarketOrderSink {
  private readonly propagator: Propagator;
  private lastOrderNs = NaN;
  private beforeTicks = 0;

  constructor(readonly kernel: ImpactKernel) {
    this.propagator = new Propagator(kernel.etaTicks, kernel.exponent, kernel.permanentShare, kernel.decayS);
  }

  onMarketOrder(tNs: number, side: number, _midBeforeTicks: number, _reachTicks: number, qty: number): void {
    if (tNs !== this.lastOrderNs) {
      this.beforeTicks = this.propagator.at(tNs);
      this.lastOrderNs = tNs;
    }
    // The reference is linear in η (no "as far as its reach" rule), so its best η has a closed form (referenceKernel.ts).
    this.propagator.add(side, qty, 0);
  }

  /** C just before the orders of timestamp `tNs` (ticks). */
  before(tNs: number): number {
    return tNs === this.lastOrderNs ? this.beforeTicks : this.propagator.at(tNs);
  }

  /** C at `tNs`, the orders of that timestamp included (ticks). */
  at(tNs: number): number {
    return this.propagator.at(tNs);
  }
}
