/**
 * Price impact of market orders on the efficient price (a propagator, Bouchaud et al. 2004): an
 * order of sign ε and size v moves it at once by I = max(η·v^ψ, its reach) — the square-root-like
 * impact (concave: ψ < 1), or as far as the last price it traded at when it swept farther (the
 * book it left is the market's new belief) —, of which a share ρ stays and the rest decays with
 * time constant T:
 *
 *   impact(t) = Σ_i ε_i·I_i·(ρ + (1 − ρ)·e^{−(t − t_i)/T})
 *
 * kept as two running sums (the permanent part and the decaying one), so each order and each
 * step costs O(1). Ticks and base units; times in relative ns, non-decreasing.
 */
export class Propagator {
  private permanent = 0;
  private transient = 0;
  private lastNs = 0;
  private readonly decayPerNs: number;

  constructor(
    private readonly impactTicks: number,
    private readonly exponent: number,
    private readonly permanentShare: number,
    decayS: number,
  ) {
    this.decayPerNs = 1 / (decayS * 1e9);
  }

  /** The impact (ticks) in force at `tNs`. */
  at(tNs: number): number {
    if (tNs > this.lastNs) {
      this.transient *= Math.exp(-(tNs - this.lastNs) * this.decayPerNs);
      this.lastNs = tNs;
    }
    return this.permanent + this.transient;
  }

  /** The immediate impact (ticks) of an order of `size` base units, unsigned. */
  immediate(size: number): number {
    return this.impactTicks * Math.pow(size, this.exponent);
  }

  /**
   * Adds an order of sign `sign` (+1 buy) and `size` base units at the time last asked for;
   * `reachTicks` is how far past the efficient price it traded (its last price, signed by `sign`).
   */
  add(sign: number, size: number, reachTicks: number): void {
    const shift = sign * Math.max(this.immediate(size), reachTicks);
    this.permanent += this.permanentShare * shift;
    this.transient += (1 - this.permanentShare) * shift;
  }
}
