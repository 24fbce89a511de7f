import { HorizonQueue, type DueSink } from "../../research/horizonQueue.ts";
import type { MarketOrderSink } from "../../research/marketOrders.ts";
import { GrowableArray } from "../../research/stats.ts";
import { BlockSums, jackknife } from "./blockSums.ts";
import type { ImpactResidual } from "./impactResidual.ts";

/** The response at one lag: ε·Δm = a + b·v^ψ over the orders (a in ticks, b in ticks per base unit^ψ), the mean after the orders that reached far, with jackknife standard errors. */
export interface ResponseAtLag {
  lagS: number;
  n: number;
  intercept: number;
  slope: number;
  interceptSe: number;
  slopeSe: number;
  /** Orders that reached ≥ reachTicks, and their mean response (ticks). */
  reachN: number;
  reachMean: number;
  reachMeanSe: number;
}

// Sums per lag: n, Σx, Σx², Σy, Σxy, then the far-reaching orders' n and Σy.
const N = 0, SX = 1, SXX = 2, SY = 3, SXY = 4, RN = 5, RY = 6, CELLS = 7;

/**
 * The response function R(ℓ) = E[ε·(m(t+ℓ) − m(t⁻))] of market orders, regressed at each lag on
 * the order's size to the power ψ: ε·Δm = a + b·v^ψ. With a propagator impact η·v^ψ the slope
 * carries the impact (η at short lags, decaying to ρ·η), the intercept what does not scale with
 * size — mostly information (informed orders see the value's next move). Also the mean response
 * after the orders that reached ≥ `reachTicks` from the mid (sweeps).
 *
 * m is the mid, or with an ImpactResidual the mid less the impact a reference kernel gives the
 * flow: the other orders' impact then adds less noise, and the slope measures the own impact
 * beyond the reference's. Orders come from a MarketOrderFeed (mid before their timestamp), the
 * mids at t + ℓ from its onMid. Sums per block of data time (BlockSums) give jackknife errors.
 */
export class ResponseMoments implements MarketOrderSink, DueSink {
  readonly sums: BlockSums;
  private readonly queues: HorizonQueue[];
  /** Per order (the queues' id): v^ψ and the time, ns. */
  private readonly x = new GrowableArray();
  private readonly tNs = new GrowableArray();

  constructor(
    readonly lagsS: readonly number[],
    readonly sizeExponent: number,
    readonly reachTicks: number,
    private readonly impact?: ImpactResidual,
    blockNs = 60e9,
  ) {
    this.queues = lagsS.map((s, l) => new HorizonQueue(s * 1e9, l, this));
    this.sums = new BlockSums(lagsS.length * CELLS, blockNs);
  }

  onMarketOrder(tNs: number, side: number, midBeforeTicks: number, reachTicks: number, qty: number): void {
    if (Number.isNaN(midBeforeTicks)) return;
    const before = this.impact ? midBeforeTicks - this.impact.before(tNs) : midBeforeTicks;
    const id = this.x.length;
    this.x.push(Math.pow(qty, this.sizeExponent));
    this.tNs.push(tNs);
    for (const q of this.queues) q.push(tNs, side, before, reachTicks, id);
  }

  onMid(tNs: number, untilNs: number, midTicks: number): void {
    const m = this.impact ? midTicks - this.impact.at(tNs) : midTicks;
    for (const q of this.queues) q.release(untilNs, m);
  }

  onDue(lag: number, side: number, beforeTicks: number, reachTicks: number, id: number, afterTicks: number): void {
    if (Number.isNaN(afterTicks)) return;
    const y = side * (afterTicks - beforeTicks);
    const x = this.x.view()[id];
    const s = this.sums;
    const o = s.row(this.tNs.view()[id]) + lag * CELLS;
    s.add(o, N, 1);
    s.add(o, SX, x);
    s.add(o, SXX, x * x);
    s.add(o, SY, y);
    s.add(o, SXY, x * y);
    if (reachTicks >= this.reachTicks) {
      s.add(o, RN, 1);
      s.add(o, RY, y);
    }
  }

  /** From sums laid out as `this.sums`: per lag the intercept a, the slope b and the far orders' mean. */
  statistic(s: Float64Array, offset = 0): number[] {
    const out: number[] = [];
    for (let l = 0; l < this.lagsS.length; l++) {
      const o = offset + l * CELLS;
      const n = s[o + N];
      const mx = s[o + SX] / n;
      const my = s[o + SY] / n;
      const slope = (s[o + SXY] - n * mx * my) / (s[o + SXX] - n * mx * mx);
      out.push(my - slope * mx, slope, s[o + RY] / s[o + RN]);
    }
    return out;
  }

  /** The regression and the far orders' mean at each lag, with jackknife standard errors. */
  result(): ResponseAtLag[] {
    const { value, se } = jackknife([this.sums], (s) => this.statistic(s));
    const totals = this.sums.totals();
    return this.lagsS.map((lagS, l) => ({
      lagS,
      n: totals[l * CELLS + N],
      intercept: value[3 * l],
      slope: value[3 * l + 1],
      interceptSe: se[3 * l],
      slopeSe: se[3 * l + 1],
      reachN: totals[l * CELLS + RN],
      reachMean: value[3 * l + 2],
      reachMeanSe: se[3 * l + 2],
    }));
  }
}
