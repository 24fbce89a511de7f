import type { Rng } from "../../core/rng.ts";
import { NS_PER_S } from "../../core/time.ts";
import { EventKind } from "../schema.ts";
import { DepthPublisher } from "./depthPublisher.ts";
import type { FeedWriter } from "./feedWriter.ts";
import type { SyntheticParams } from "./params.ts";
import { Propagator } from "./propagator.ts";
import { SideLevels } from "./sideLevels.ts";
import { ValuePath } from "./valuePath.ts";

/**
 * The synthetic market's event loop (the model is described in generator.ts): at each step it
 * draws the next arrival — a limit order, a quote into a gap, a cancel or a market order — from
 * their competing rates, applies it to the book and writes the resulting rows to the feed.
 * Its state lives in fields and typed arrays, not in closures, and no object is made per event.
 */
export class OrderFlow {
  private readonly bids: SideLevels;
  private readonly asks: SideLevels;
  private readonly depth: DepthPublisher;
  private readonly value: ValuePath;
  private readonly impact: Propagator;
  private readonly endNs: number;
  private readonly horizonNs: number;
  /** Time of the current step (relative ns). */
  private tNs = 0;
  /**
   * The efficient price (ticks). Mutable number fields start as numbers (a declared field starts
   * undefined, and would then allocate a new heap number at each store of a fraction).
   */
  private fair = 0;
  /** The Hawkes part of the market-order rate (1/s). */
  private hawkes = 0;
  /** The regime's liquidity multiplier at this step (a field, not an argument: no number boxed per call). */
  private liquidity = 1;
  private ended = false;

  constructor(
    private readonly p: SyntheticParams,
    /** The market's stream (`synthetic`), shared with the feed: draws interleave in event order. */
    private readonly rng: Rng,
    /** The value path's own stream (`synthetic-value`). */
    valueRng: Rng,
    private readonly feed: FeedWriter,
  ) {
    this.depth = new DepthPublisher(p.depthIntervalMs * 1e6, feed);
    this.bids = new SideLevels(1, p.maxLevels, this.depth);
    this.asks = new SideLevels(-1, p.maxLevels, this.depth);
    this.fair = Math.round(p.initialPrice / p.tickSize) + 0.5;
    this.writeSnapshot();
    this.value = new ValuePath(p, this.fair, valueRng);
    this.impact = new Propagator(p.impactTicks, p.impactExponent, p.impactPermanentShare, p.impactDecayS);
    this.horizonNs = p.informedHorizonS * NS_PER_S;
    this.endNs = p.durationS * NS_PER_S;
  }

  /** Steps until the feed holds a full block or the market ends; false once it has ended (and its last rows are written). */
  run(): boolean {
    while (!this.ended) {
      if (this.feed.hasFull()) return true;
      this.step();
    }
    return false;
  }

  /** Initial book: a snapshot of levels around the start price, 1-tick spread, bids then asks. */
  private writeSnapshot(): void {
    const startBid = Math.floor(this.fair);
    const initialLevels = Math.min(this.p.maxLevels, 40);
    for (const book of [this.bids, this.asks]) {
      const dir = -book.side;
      let price = book.side > 0 ? startBid : startBid + 1;
      for (let i = 0; i < initialLevels; i++) {
        const size = this.limitSize(1);
        // Each level lies beyond the last one: it goes to the end of the side, and fits (initialLevels ≤ maxLevels).
        book.prices[book.count] = price;
        book.sizes[book.count] = size;
        book.count++;
        this.feed.push(0, EventKind.SNAPSHOT, book.side, price, size);
        price += dir * (1 + Math.floor(this.geometricOffset() / 8));
      }
    }
  }

  /** One arrival, or the end of the market when the next one falls past it. */
  private step(): void {
    const p = this.p;
    const rng = this.rng;
    const bids = this.bids;
    const asks = this.asks;
    const regime = this.value.regimeAt(this.tNs);
    const season = this.value.seasonAt(this.tNs);
    this.liquidity = regime.liquidity;
    const limitRate = 2 * p.limitRatePerS * regime.liquidity * season;
    const cancelRate = p.cancelRatePerLevelS * (bids.count + asks.count);
    const tradeRate = p.tradeRatePerS * regime.trades * season + this.hawkes;
    const quoteRate = asks.best() - bids.best() > 1 ? p.quoteRatePerS : 0;
    const totalRate = limitRate + quoteRate + cancelRate + tradeRate;
    const dtS = rng.exponential(totalRate);
    const tNs = this.tNs + Math.max(1, Math.round(dtS * NS_PER_S));
    this.tNs = tNs;
    if (tNs >= this.endNs) {
      this.depth.flush(this.endNs - 1); // the last interval's changes, within the requested duration
      this.ended = true;
      return;
    }
    this.depth.advanceTo(tNs);

    // Efficient price: the exogenous value (news, on its own grid) plus the impact of past orders.
    const fair = this.value.valueAt(tNs) + this.impact.at(tNs);
    this.fair = fair;
    if (p.stalePullTicks > 0) {
      // Best levels the efficient price has passed by more than stalePullTicks are pulled at once,
      // and their makers quote again at the efficient price at the same moment (a pull is a move):
      // no market order meets a book hollowed by a pull.
      let pulled = false;
      while (asks.count > 2 && asks.prices[0] < fair - p.stalePullTicks) pulled = asks.reduce(0, asks.sizes[0]) > 0;
      while (bids.count > 2 && bids.prices[0] > fair + p.stalePullTicks) pulled = bids.reduce(0, bids.sizes[0]) > 0;
      for (let k = 0; pulled && k < 4 && asks.best() - bids.best() > 1; k++) this.quoteIntoGap();
    }
    this.hawkes *= Math.exp(-p.hawkesBetaPerS * dtS);

    const u = rng.next() * totalRate;
    if (u < limitRate) this.limitOrder();
    else if (u < limitRate + quoteRate) this.quoteIntoGap();
    else if (u < limitRate + quoteRate + cancelRate) this.cancel();
    else this.marketOrder();
  }

  /** A limit order around the efficient price, never crossing the opposite best. */
  private limitOrder(): void {
    const bestBid = this.bids.best();
    const bestAsk = this.asks.best();
    const offset = this.rng.next() < this.p.limitAtTouchProb ? 0 : 1 + this.geometricOffset();
    const size = this.limitSize(this.liquidity);
    if (this.rng.next() < 0.5) {
      let price = Math.floor(this.fair) - offset;
      if (price >= bestAsk) price = bestAsk - 1;
      this.bids.add(price, size);
    } else {
      let price = Math.ceil(this.fair) + offset;
      if (price <= bestBid) price = bestBid + 1;
      this.asks.add(price, size);
    }
  }

  /**
   * A market maker's quote into a spread wider than a tick: the side farther from the efficient price quotes at it
   * (at least a tick inside the other side). A moved quote leaves the side's previous best level when that holds a quote.
   */
  private quoteIntoGap(): void {
    const bids = this.bids;
    const asks = this.asks;
    const fair = this.fair;
    const bestBid = bids.best();
    const bestAsk = asks.best();
    const size = this.quoteSize(this.liquidity);
    const side = fair - bestBid >= bestAsk - fair ? bids : asks;
    const price = side === bids ? Math.min(Math.floor(fair), bestAsk - 1) : Math.max(Math.ceil(fair), bestBid + 1);
    if (side.count > 2 && this.rng.next() < this.p.quoteMoveProb && side.sizes[0] >= 0.5 * size) side.reduce(0, size);
    side.add(price, size);
  }

  /** A cancel: a random level, or the touch if the efficient price has moved past it. */
  private cancel(): void {
    const rng = this.rng;
    const bids = this.bids;
    const side = rng.next() * (bids.count + this.asks.count) < bids.count ? bids : this.asks;
    if (side.count > 2) {
      const stale = side === bids ? side.prices[0] > this.fair : side.prices[0] < this.fair;
      const i = stale && rng.next() < 0.5 ? 0 : rng.int(side.count);
      const all = rng.next() < 0.6;
      side.reduce(i, all ? side.sizes[i] : this.roundLot(side.sizes[i] * rng.next()));
    }
  }

  /**
   * A market order: informed ones trade toward the value's move over the next horizon; it sweeps
   * levels, prints one trade per level, and moves the efficient price (impact).
   */
  private marketOrder(): void {
    const p = this.p;
    const rng = this.rng;
    const tNs = this.tNs;
    const fair = this.fair;
    this.hawkes += p.hawkesAlpha;
    const sweep = rng.next() < p.sweepProb;
    const informed = rng.next() < (sweep ? p.sweepInformedShare : p.informedShare);
    const move = informed ? this.value.valueAt(tNs + this.horizonNs) - this.value.valueAt(tNs) : 0;
    const buy = move !== 0 ? move > 0 : rng.next() < 0.5;
    const book = buy ? this.asks : this.bids;
    const aggressor = buy ? 1 : -1;
    const size = sweep ? rng.exponential(1 / p.sweepSizeMean) : p.tradeSizeMedian * Math.exp(p.tradeSizeLogStd * rng.normal());
    let qty = Math.min(p.tradeSizeMax, this.roundLot(size));
    // Never empty the side: the last level stays.
    const available = book.total() - book.sizes[book.count - 1];
    if (qty > available) qty = this.roundLot(available);
    // An informed order is a marketable limit order: it takes no level beyond the efficient price
    // it expects a horizon later (less its edge), but always the best one.
    const limit = informed ? aggressor * (fair + move) - p.informedEdgeTicks : Infinity;
    // The whole order matches at once: every trade prints before the book shows the result.
    let levels = 0;
    let left = qty;
    while (left > 1e-9 && levels < book.count - 1 && (levels === 0 || aggressor * book.prices[levels] <= limit)) {
      const take = Math.min(left, book.sizes[levels]);
      this.feed.push(tNs, EventKind.TRADE, aggressor, book.prices[levels], take);
      left -= take;
      levels++;
    }
    const filled = qty - left;
    const reachTicks = levels > 0 ? aggressor * (book.prices[levels - 1] - fair) : 0;
    left = filled;
    for (let k = 0; k < levels; k++) left -= book.reduce(0, left);
    this.impact.add(aggressor, filled, reachTicks);
  }

  private roundLot(x: number): number {
    const lot = this.p.lotSize;
    return Math.max(lot, Math.round(x / lot) * lot);
  }

  private limitSize(liquidity: number): number {
    return this.roundLot(this.p.limitSizeMedian * liquidity * Math.exp(this.p.limitSizeLogStd * this.rng.normal()));
  }

  private quoteSize(liquidity: number): number {
    return this.roundLot(this.p.quoteSizeMedian * liquidity * Math.exp(this.p.quoteSizeLogStd * this.rng.normal()));
  }

  private geometricOffset(): number {
    return Math.floor(-Math.log(1 - this.rng.next()) * this.p.limitMeanOffsetTicks);
  }
}
