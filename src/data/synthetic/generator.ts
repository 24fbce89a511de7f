import type { Rng } from "../../core/rng.ts";
import { NS_PER_S } from "../../core/time.ts";
import { EventKind, SCHEMA_VERSION, type DatasetMeta, type EventColumns } from "../schema.ts";
import { BatchBuilder } from "./batchBuilder.ts";
import { syntheticSchema, type SyntheticParams, type SyntheticParamsInput } from "./params.ts";
import { DepthPublisher } from "./depthPublisher.ts";
import { Propagator } from "./propagator.ts";
import { SideLevels } from "./sideLevels.ts";
import { ValuePath } from "./valuePath.ts";

/**
 * A seeded synthetic L2 market with trades. The efficient price is an exogenous value W (news:
 * stochastic volatility with clustering, regime switches, jumps, intraday seasonality; generated
 * ahead on its own grid, valuePath.ts) plus the impact of past market orders (a propagator,
 * propagator.ts). It anchors a book of sparse levels:
 *
 *   limit orders   arrive around it (some at the touch, the rest at a geometric distance);
 *                  a bid never at or above the best ask
 *   quotes         market makers keep the spread at one tick: while it is wider, the side
 *                  farther from the efficient price quotes a large size at it (moved from its
 *                  previous best level when that held a quote), so the touch is deep
 *   pulls          best levels the efficient price has passed by more than `stalePullTicks` are
 *                  pulled and quoted again at it at once, so the mid follows it within a few ticks
 *   cancels        each level at a constant rate; levels that it has passed fade faster
 *   market orders  Hawkes arrivals (clustered), heavy-tailed sizes, now and then a large sweep;
 *                  informed ones (a share of ordinary orders, most sweeps) trade in the direction
 *                  of W's move over the next `informedHorizonS` and take no level beyond where
 *                  they expect the price to be; the others are 50/50. Every order moves the
 *                  efficient price by its impact, partly for good — so the orders that reach deep
 *                  quotes are, on average, followed by the mid moving through them (adverse
 *                  selection, as on real data), with a partial reversion
 *
 * Each market order prints one trade per level it consumes, then the depth updates of those
 * levels, all at the same exchange timestamp (as a matching engine reports one order).
 * local_ts = exch_ts + a lognormal feed latency, kept non-decreasing. The output is the event
 * schema, the same as real data.
 */
export interface SyntheticMarket {
  meta: DatasetMeta;
  originNs: bigint;
  batches: Iterable<EventColumns>;
}

/** Validates the parameters and returns the market's metadata and its batches (generated lazily). */
export function syntheticMarket(input: SyntheticParamsInput, rng: Rng): SyntheticMarket {
  const params = syntheticSchema.parse(input);
  const originNs = BigInt(params.startEpochMs) * 1_000_000n;
  return {
    meta: {
      symbol: params.symbol,
      venue: params.venue,
      tickSize: params.tickSize,
      lotSize: params.lotSize,
      source: "mmlab-synthetic",
      schemaVersion: SCHEMA_VERSION,
    },
    originNs,
    batches: { [Symbol.iterator]: () => generate(params, originNs, rng) },
  };
}

function* generate(p: SyntheticParams, originNs: bigint, root: Rng): Generator<EventColumns> {
  const rng = root.fork("synthetic");
  const tick = p.tickSize;
  const lot = p.lotSize;
  const out = new BatchBuilder(p.batchRows, originNs, tick);
  const pending: EventColumns[] = [];
  let tNs = 0;
  let lastLocalNs = 0;
  const feedMedianNs = p.feedLatencyMs * 1e6;

  const emitAt = (exchNs: number, kind: number, side: number, priceTicks: number, qty: number): void => {
    let local = exchNs + feedMedianNs * Math.exp(p.feedLatencyLogStd * rng.normal());
    local = Math.round(local);
    if (local < lastLocalNs) local = lastLocalNs;
    lastLocalNs = local;
    out.push(exchNs, local, kind, side, priceTicks, qty);
    if (out.isFull()) pending.push(out.flush());
  };
  const emit = (kind: number, side: number, priceTicks: number, qty: number): void => emitAt(tNs, kind, side, priceTicks, qty);
  const depth = new DepthPublisher(p.depthIntervalMs * 1e6, (t, side, priceTicks, qty) => emitAt(t, EventKind.DEPTH, side, priceTicks, qty));
  const emitDepth = (side: number, priceTicks: number, qty: number): void => depth.change(tNs, side, priceTicks, qty);
  const bids = new SideLevels(1, p.maxLevels, emitDepth);
  const asks = new SideLevels(-1, p.maxLevels, emitDepth);
  const roundLot = (x: number): number => Math.max(lot, Math.round(x / lot) * lot);
  const limitSize = (liquidity: number): number => roundLot(p.limitSizeMedian * liquidity * Math.exp(p.limitSizeLogStd * rng.normal()));
  const quoteSize = (liquidity: number): number => roundLot(p.quoteSizeMedian * liquidity * Math.exp(p.quoteSizeLogStd * rng.normal()));
  const geometricOffset = (): number => Math.floor(-Math.log(1 - rng.next()) * p.limitMeanOffsetTicks);

  // Initial book: a snapshot of levels around the start price, 1-tick spread.
  let fair = Math.round(p.initialPrice / tick) + 0.5;
  const startBid = Math.floor(fair);
  const initialLevels = Math.min(p.maxLevels, 40);
  const snapshot = (side: number, priceTicks: number, qty: number): void => emit(EventKind.SNAPSHOT, side, priceTicks, qty);
  const snapBids = new SideLevels(1, p.maxLevels, snapshot);
  const snapAsks = new SideLevels(-1, p.maxLevels, snapshot);
  for (const [book, snap, dir, touch] of [[bids, snapBids, -1, startBid], [asks, snapAsks, 1, startBid + 1]] as const) {
    let price = touch;
    for (let i = 0; i < initialLevels; i++) {
      const size = limitSize(1);
      snap.add(price, size);
      price += dir * (1 + Math.floor(geometricOffset() / 8));
    }
    for (let i = 0; i < snap.count; i++) {
      book.prices[i] = snap.prices[i];
      book.sizes[i] = snap.sizes[i];
    }
    book.count = snap.count;
  }

  // A market maker's quote into a spread wider than a tick: the side farther from the efficient price quotes at it
  // (at least a tick inside the other side). A moved quote leaves the side's previous best level when that holds a quote.
  const quoteIntoGap = (liquidity: number): void => {
    const bestBid = bids.best();
    const bestAsk = asks.best();
    const size = quoteSize(liquidity);
    const side = fair - bestBid >= bestAsk - fair ? bids : asks;
    const price = side === bids ? Math.min(Math.floor(fair), bestAsk - 1) : Math.max(Math.ceil(fair), bestBid + 1);
    if (side.count > 2 && rng.next() < p.quoteMoveProb && side.sizes[0] >= 0.5 * size) side.reduce(0, size);
    side.add(price, size);
  };
  const value = new ValuePath(p, fair, root.fork("synthetic-value"));
  const impact = new Propagator(p.impactTicks, p.impactExponent, p.impactPermanentShare, p.impactDecayS);
  const horizonNs = p.informedHorizonS * NS_PER_S;
  let hawkes = 0;
  const endNs = p.durationS * NS_PER_S;

  while (tNs < endNs) {
    const regime = value.regimeAt(tNs);
    const season = value.seasonAt(tNs);
    const limitRate = 2 * p.limitRatePerS * regime.liquidity * season;
    const cancelRate = p.cancelRatePerLevelS * (bids.count + asks.count);
    const tradeRate = p.tradeRatePerS * regime.trades * season + hawkes;
    const quoteRate = asks.best() - bids.best() > 1 ? p.quoteRatePerS : 0;
    const totalRate = limitRate + quoteRate + cancelRate + tradeRate;
    const dtS = rng.exponential(totalRate);
    tNs += Math.max(1, Math.round(dtS * NS_PER_S));
    if (tNs >= endNs) break;
    depth.flushBefore(tNs);

    // Efficient price: the exogenous value (news, on its own grid) plus the impact of past orders.
    fair = value.valueAt(tNs) + impact.at(tNs);
    if (p.stalePullTicks > 0) {
      // Best levels the efficient price has passed by more than stalePullTicks are pulled at once,
      // and their makers quote again at the efficient price at the same moment (a pull is a move):
      // no market order meets a book hollowed by a pull.
      let pulled = false;
      while (asks.count > 2 && asks.prices[0] < fair - p.stalePullTicks) pulled = asks.reduce(0, asks.sizes[0]) > 0;
      while (bids.count > 2 && bids.prices[0] > fair + p.stalePullTicks) pulled = bids.reduce(0, bids.sizes[0]) > 0;
      for (let k = 0; pulled && k < 4 && asks.best() - bids.best() > 1; k++) quoteIntoGap(regime.liquidity);
    }
    hawkes *= Math.exp(-p.hawkesBetaPerS * dtS);

    const bestBid = bids.best();
    const bestAsk = asks.best();
    const u = rng.next() * totalRate;
    if (u < limitRate) {
      // A limit order around the efficient price, never crossing the opposite best.
      const offset = rng.next() < p.limitAtTouchProb ? 0 : 1 + geometricOffset();
      const size = limitSize(regime.liquidity);
      if (rng.next() < 0.5) {
        let price = Math.floor(fair) - offset;
        if (price >= bestAsk) price = bestAsk - 1;
        bids.add(price, size);
      } else {
        let price = Math.ceil(fair) + offset;
        if (price <= bestBid) price = bestBid + 1;
        asks.add(price, size);
      }
    } else if (u < limitRate + quoteRate) {
      // A market maker's quote into a gap: the side farther from the efficient price quotes at it (at least a
      // tick inside the other side). A moved quote leaves the side's previous best level when that holds a quote.
      quoteIntoGap(regime.liquidity);
    } else if (u < limitRate + quoteRate + cancelRate) {
      // A cancel: a random level, or the touch if the efficient price has moved past it.
      const side = rng.next() * (bids.count + asks.count) < bids.count ? bids : asks;
      if (side.count > 2) {
        const stale = side === bids ? side.prices[0] > fair : side.prices[0] < fair;
        const i = stale && rng.next() < 0.5 ? 0 : rng.int(side.count);
        const all = rng.next() < 0.6;
        side.reduce(i, all ? side.sizes[i] : roundLot(side.sizes[i] * rng.next()));
      }
    } else {
      // A market order: informed ones trade toward the value's move over the next horizon; it
      // sweeps levels, prints one trade per level, and moves the efficient price (impact).
      hawkes += p.hawkesAlpha;
      const sweep = rng.next() < p.sweepProb;
      const informed = rng.next() < (sweep ? p.sweepInformedShare : p.informedShare);
      const move = informed ? value.valueAt(tNs + horizonNs) - value.valueAt(tNs) : 0;
      const buy = move !== 0 ? move > 0 : rng.next() < 0.5;
      const book = buy ? asks : bids;
      const aggressor = buy ? 1 : -1;
      const size = sweep ? rng.exponential(1 / p.sweepSizeMean) : p.tradeSizeMedian * Math.exp(p.tradeSizeLogStd * rng.normal());
      let qty = Math.min(p.tradeSizeMax, roundLot(size));
      // Never empty the side: the last level stays.
      const available = book.total() - book.sizes[book.count - 1];
      if (qty > available) qty = roundLot(available);
      // An informed order is a marketable limit order: it takes no level beyond the efficient price
      // it expects a horizon later (less its edge), but always the best one.
      const limit = informed ? aggressor * (fair + move) - p.informedEdgeTicks : Infinity;
      // The whole order matches at once: every trade prints before the book shows the result.
      let levels = 0;
      let left = qty;
      while (left > 1e-9 && levels < book.count - 1 && (levels === 0 || aggressor * book.prices[levels] <= limit)) {
        const take = Math.min(left, book.sizes[levels]);
        emit(EventKind.TRADE, aggressor, book.prices[levels], take);
        left -= take;
        levels++;
      }
      const filled = qty - left;
      const reachTicks = levels > 0 ? aggressor * (book.prices[levels - 1] - fair) : 0;
      left = filled;
      for (let k = 0; k < levels; k++) left -= book.reduce(0, left);
      impact.add(aggressor, filled, reachTicks);
    }
    while (pending.length > 0) yield pending.shift()!;
  }
  depth.flush(endNs - 1); // the last interval's changes, within the requested duration
  while (pending.length > 0) yield pending.shift()!;
  if (out.length > 0) yield out.flush();
}
