import * as z from "zod";
import { defineStrategy, type StrategyFill, type StrategyView } from "./api.ts";
import { createAvellanedaStoikov } from "./avellanedaStoikov.ts";
import { emptyQuoteTarget, type QuoteInput, type Quoter } from "./quoter.ts";
import { viewInput } from "./quoterStrategy.ts";

/**
 * V1.5: V1 (Avellaneda–Stoikov around the OFI-shifted reservation price) with what lets a maker
 * live on real flow. Each addition has a switch; with every switch off V1.5 quotes exactly as V1.
 * Everything below is worked out as a distance from the centre c (ticks), before the engine's
 * volatility-regime multiplier m, which the engine applies after (bid = c − d_bid·m).
 *
 *   d = δ/2 (V1's half spread)
 *   touch      d_bid ← min(d_bid, c − best bid): join the touch when V1 would quote behind it
 *   fee_floor  d ← max(d, e_min),  e_min = (maker fee + min_edge_bps)·mid/10⁴, at least ½ tick:
 *              never quote where a fill earns less than the fee plus a margin
 *   guard      no bid while OFI z ≤ −guard_z (no ask while z ≥ guard_z): selling pressure makes a
 *              resting bid the one that gets filled before the fall; and a side whose own fills have
 *              been losing (EWMA of the mid's move guard_markout_ms after each fill < −guard_markout_bps)
 *              quotes guard_widen_bps further out
 *   ev_requote keep the working order while EV(working) ≥ (1 − requote_tolerance)·EV(wanted) and its
 *              edge is ≥ e_min, EV(p) = e^(−k·|mid − p|·tick)·(edge of p), both at the prices the
 *              engine places (after m): the order keeps its queue place instead of chasing every tick
 *              (the cancel-ratio target). The distance written for a kept order is its own divided by
 *              m, half a tick inside it, so that the engine's placement (× m, rounded outward) lands
 *              on the working price itself, not m times further out at every step
 *   size_skew  the side that adds to the inventory q shrinks: bid size·(1 − q⁺/q_max), ask
 *              size·(1 − q⁻/q_max), rounded down to the lot (less than a lot: no quote)
 *
 * Units: prices and distances in ticks; fees and margins in bp of the mid; k 1/quote; sizes base units.
 */
export const v15Strategy = defineStrategy({
  name: "v1_5",
  description: "V1 with near-touch quoting, a fee-aware floor, an adverse-selection guard, expected-value requotes and inventory-skewed sizes",
  params: z.strictObject({
    gamma: z.number().positive().describe("risk aversion γ, 1/(quote·base)").default(0.5),
    k: z.number().positive().describe("fill-intensity decay k, 1/quote (an online fit replaces it)").default(0.7),
    ofi_beta: z.number().describe("OFI centre shift β, ticks per unit of z (clamped to ±1 tick)").default(0.5),
    touch: z.boolean().describe("join the touch when V1 would quote behind it").default(true),
    fee_floor: z.boolean().describe("keep each side at least the maker fee plus min_edge_bps from the centre").default(true),
    min_edge_bps: z.number().min(0).describe("margin above the maker fee a fill must earn, bp of the mid").default(0.5),
    guard: z.boolean().describe("the adverse-selection guard: skip the side the order flow runs against; widen a side whose fills lose").default(true),
    guard_z: z.number().positive().describe("OFI z-score at which the side at risk is not quoted").default(1.5),
    guard_markout_ms: z.number().int().positive().describe("time after a fill its markout is taken, ms").default(1000),
    guard_markout_bps: z.number().min(0).describe("mean markout (EWMA) below −this widens the side, bp").default(1),
    guard_widen_bps: z.number().min(0).describe("how much further out a side with losing fills quotes, bp of the mid").default(2),
    ev_requote: z.boolean().describe("keep a working order while its expected value is close to the wanted one's").default(true),
    requote_tolerance: z.number().min(0).lt(1).describe("share of the wanted order's expected value a working order may lack and stay").default(0.2),
    size_skew: z.boolean().describe("shrink the side that adds to the inventory").default(true),
  }),
  create: (ctx) => {
    const p = ctx.params;
    const tick = ctx.symbol.tickSize;
    const lot = ctx.symbol.lotSize;
    const size = ctx.config.orders.size;
    const qMax = ctx.config.risk.q_max;
    const makerBps = ctx.config.fees.maker_bps;
    let fitK = NaN;
    let quoter: Quoter = createAvellanedaStoikov({ gamma: p.gamma, k: p.k, ofiBeta: p.ofi_beta, tickSize: tick });
    const target = emptyQuoteTarget();
    const input: QuoteInput = { midTicks: NaN, inventory: NaN, sigma: NaN, tauSeconds: NaN, ofiZ: NaN, spreadMultiplier: 1, bestBidTicks: NaN, bestAskTicks: NaN };
    const toxicity = new FillToxicity(p.guard_markout_ms * 1e6);
    return {
      onFill(fill: StrategyFill) {
        if (p.guard) toxicity.add(fill);
      },
      onStep(view, quotes) {
        if (!Object.is(view.fittedK, fitK)) {
          fitK = view.fittedK;
          quoter = createAvellanedaStoikov({ gamma: p.gamma, k: Number.isNaN(fitK) ? p.k : fitK, ofiBeta: p.ofi_beta, tickSize: tick });
        }
        quoter.target(viewInput(view, input), target);
        const centre = target.centreTicks;
        const bps = view.midTicks / 1e4; // ticks per bp of the mid
        const floor = p.fee_floor ? Math.max(0.5, (makerBps + p.min_edge_bps) * bps) : 0;
        let bid = target.halfSpreadTicks;
        let ask = target.halfSpreadTicks;
        if (p.touch) {
          bid = Math.min(bid, centre - view.bestBidTicks);
          ask = Math.min(ask, view.bestAskTicks - centre);
        }
        if (p.guard) {
          toxicity.settle(view);
          if (toxicity.markoutBps(1) < -p.guard_markout_bps) bid += p.guard_widen_bps * bps;
          if (toxicity.markoutBps(-1) < -p.guard_markout_bps) ask += p.guard_widen_bps * bps;
        }
        if (p.fee_floor) {
          bid = Math.max(bid, floor);
          ask = Math.max(ask, floor);
        }
        const kQuote = Number.isNaN(fitK) ? p.k : fitK;
        if (p.ev_requote) {
          bid = keptDistance(1, view, centre, bid, floor, kQuote * tick, makerBps * bps, p.requote_tolerance);
          ask = keptDistance(-1, view, centre, ask, floor, kQuote * tick, makerBps * bps, p.requote_tolerance);
        }
        const flowAgainstBid = p.guard && view.ofiZ <= -p.guard_z;
        const flowAgainstAsk = p.guard && view.ofiZ >= p.guard_z;
        quotes.centreTicks = centre;
        quotes.reservationTicks = target.reservationTicks;
        quotes.bidOffsetTicks = flowAgainstBid ? NaN : bid;
        quotes.askOffsetTicks = flowAgainstAsk ? NaN : ask;
        if (p.size_skew) {
          const bidSize = lotsOf(size * Math.max(0, 1 - Math.max(0, view.inventory) / qMax), lot);
          const askSize = lotsOf(size * Math.max(0, 1 - Math.max(0, -view.inventory) / qMax), lot);
          if (bidSize < lot) quotes.bidOffsetTicks = NaN;
          else quotes.bidSize = bidSize;
          if (askSize < lot) quotes.askOffsetTicks = NaN;
          else quotes.askSize = askSize;
        }
      },
    };
  },
});

/**
 * The distance (before the engine's multiplier m = view.spreadMultiplier) to quote a side at: the
 * working order's, when it is worth keeping (its edge at least `floor` and its expected value
 * within `tolerance` of the wanted one's), else `wanted`. Both are compared at the prices the
 * engine places: `wanted`·m from the centre, and the working price. EV(d) = e^(−kTick·|mid −
 * price|)·(d − fee): fill intensity λ ∝ e^(−kδ) times the edge over the centre net of the maker
 * fee (all in ticks; kTick = k·tick). A kept order's distance is (d − ½)/m: placed at d − ½ from
 * the centre and rounded outward, it is the working price.
 */
export function keptDistance(side: 1 | -1, view: Pick<StrategyView, "midTicks" | "workingBidTicks" | "workingAskTicks" | "spreadMultiplier">, centre: number, wanted: number, floor: number, kTick: number, feeTicks: number, tolerance: number): number {
  const working = side === 1 ? view.workingBidTicks : view.workingAskTicks;
  if (Number.isNaN(working)) return wanted;
  const m = view.spreadMultiplier;
  const kept = side === 1 ? centre - working : working - centre;
  if (kept < floor) return wanted;
  const fromMid = side * (view.midTicks - centre);
  const keep = expectedValue(fromMid + kept, kept, kTick, feeTicks) >= (1 - tolerance) * expectedValue(fromMid + wanted * m, wanted * m, kTick, feeTicks);
  return keep ? (kept - 0.5) / m : wanted;
}

/** e^(−kTick·|distance from the mid|)·(distance from the centre − fee), ticks: a resting order's expected value up to A. */
function expectedValue(fromMidTicks: number, fromCentreTicks: number, kTick: number, feeTicks: number): number {
  return Math.exp(-kTick * Math.abs(fromMidTicks)) * (fromCentreTicks - feeTicks);
}

/** Largest multiple of the lot at or below `size` (with a guard against 0.3/0.1 = 2.9999…). */
function lotsOf(size: number, lot: number): number {
  return Math.floor(size / lot + 1e-9) * lot;
}

/**
 * The markouts of the strategy's own fills per side: each fill's mid move `horizonNs` after it, in
 * bp of its price (positive: the fill earned), averaged by an EWMA (weight 0.2 on the newest).
 */
export class FillToxicity {
  private readonly pending: StrategyFill[] = [];
  private readonly mean = { 1: 0, [-1]: 0 } as Record<1 | -1, number>;

  constructor(private readonly horizonNs: number) {}

  /** A fill to mark out once its horizon has passed. */
  add(fill: StrategyFill): void {
    this.pending.push(fill);
  }

  /** Marks out the fills whose horizon has passed by the view's time, at its mid. */
  settle(view: Pick<StrategyView, "tNs" | "midTicks">): void {
    while (this.pending.length > 0 && this.pending[0].tNs + this.horizonNs <= view.tNs) {
      const f = this.pending.shift()!;
      const bps = (f.side * (view.midTicks - f.priceTicks) / f.priceTicks) * 1e4;
      this.mean[f.side] = 0.8 * this.mean[f.side] + 0.2 * bps;
    }
  }

  /** The side's mean markout so far, bp (0 before any fill has been marked out). */
  markoutBps(side: 1 | -1): number {
    return this.mean[side];
  }
}
