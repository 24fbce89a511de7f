import { ConfigError } from "../core/errors.ts";
import type { Rng } from "../core/rng.ts";
import { NS_PER_S } from "../core/time.ts";
import { allocEventBatch } from "../data/batch.ts";
import { EventKind, SCHEMA_VERSION, type DatasetMeta, type EventBatch } from "../data/schema.ts";

/**
 * A market with KNOWN fill intensity and volatility, to check the calibration:
 *   mid     arithmetic Brownian motion, σ quote/√s, stepped every `bookStepMs`; the book is one
 *           level a side, one tick apart around it (bid = floor(mid), ask = bid + 1 tick), so
 *           each step whose rounded mid moved prints four depth updates;
 *   orders  market buys and sells, each side a Poisson process of rate A per second; an order's
 *           reach r beyond the mid is exponential with rate k (1/quote), so orders reaching at
 *           least δ arrive at A·e^(−kδ) per second and per side; a buy prints a trade at the ask
 *           and, when it reaches farther, one at ask + floor(r/tick) (a sweep of a sparse book),
 *           both at one timestamp; the book is refilled at once (no impact).
 * With the mid on a half tick, an order reaches at least i whole ticks exactly when r ≥ i ticks,
 * so a whole-tick grid measures A·e^(−kδ) without discretisation bias.
 */
export interface TestMarketParams {
  /** Market orders per second and per side (reaching δ ≥ 0). */
  A: number;
  /** Decay of the reach, 1/quote. */
  k: number;
  /** Volatility of the mid, quote per √s. */
  sigma: number;
  durationS: number;
  tickSize?: number;
  initialPrice?: number;
  bookStepMs?: number;
  batchRows?: number;
}

/** The test market's metadata and its batches, already in the engine's form (relative ns, ticks). */
export interface TestMarket {
  meta: DatasetMeta;
  batches: Iterable<EventBatch>;
}

/** Builds the test market (generated lazily, seeded by `rng`). */
export function testMarket(params: TestMarketParams, rng: Rng): TestMarket {
  for (const f of ["A", "k", "sigma", "durationS"] as const) {
    const v = params[f];
    if (!(v >= 0 && v < Infinity) || (f !== "sigma" && v === 0)) throw new ConfigError(`testMarket.${f}`, v, f === "sigma" ? "must be finite and ≥ 0" : "must be finite and > 0");
  }
  const tickSize = params.tickSize ?? 0.01;
  return {
    meta: { symbol: "TEST", venue: "test-market", tickSize, lotSize: 0.00001, source: "mmlab-test-market", schemaVersion: SCHEMA_VERSION },
    batches: { [Symbol.iterator]: () => generate(params, tickSize, rng.fork("test-market")) },
  };
}

function* generate(p: TestMarketParams, tick: number, rng: Rng): Generator<EventBatch> {
  const rows = p.batchRows ?? 8192;
  const stepNs = (p.bookStepMs ?? 50) * 1e6;
  const endNs = p.durationS * NS_PER_S;
  const sigmaStepTicks = (p.sigma / tick) * Math.sqrt(stepNs / NS_PER_S);
  const kTicks = p.k * tick; // decay per tick
  let out = allocEventBatch(rows);
  const push = (tNs: number, kind: number, side: number, price: number, qty: number): EventBatch | undefined => {
    const i = out.length++;
    out.exchTsNs[i] = tNs;
    out.localTsNs[i] = tNs;
    out.kind[i] = kind;
    out.side[i] = side;
    out.priceTicks[i] = price;
    out.qty[i] = qty;
    out.orderId[i] = 0;
    if (out.length < rows) return undefined;
    const full = out;
    out = allocEventBatch(rows);
    return full;
  };
  let mid = Math.round((p.initialPrice ?? 60_000) / tick) + 0.5;
  let bid = Math.floor(mid);
  const full: EventBatch[] = [];
  const keep = (b: EventBatch | undefined): void => void (b && full.push(b));
  keep(push(0, EventKind.SNAPSHOT, 1, bid, 1));
  keep(push(0, EventKind.SNAPSHOT, -1, bid + 1, 1));
  let nextBuy = rng.exponential(p.A) * NS_PER_S;
  let nextSell = rng.exponential(p.A) * NS_PER_S;
  for (let t = stepNs; t < endNs; t += stepNs) {
    // market orders before this book step, in time order, against the current book
    while (Math.min(nextBuy, nextSell) < t) {
      const side = nextBuy <= nextSell ? 1 : -1;
      const at = Math.round(side > 0 ? nextBuy : nextSell);
      const extra = Math.floor(rng.exponential(kTicks)); // whole ticks beyond the touch
      const touch = side > 0 ? bid + 1 : bid;
      keep(push(at, EventKind.TRADE, side, touch, 0.01));
      if (extra > 0) keep(push(at, EventKind.TRADE, side, touch + side * extra, 0.01));
      if (side > 0) nextBuy += rng.exponential(p.A) * NS_PER_S;
      else nextSell += rng.exponential(p.A) * NS_PER_S;
    }
    mid += sigmaStepTicks * rng.normal();
    const newBid = Math.floor(mid);
    if (newBid !== bid) {
      keep(push(t, EventKind.DEPTH, 1, bid, 0));
      keep(push(t, EventKind.DEPTH, -1, bid + 1, 0));
      keep(push(t, EventKind.DEPTH, 1, newBid, 1));
      keep(push(t, EventKind.DEPTH, -1, newBid + 1, 1));
      bid = newBid;
    }
    while (full.length > 0) yield full.shift()!;
  }
  if (out.length > 0) yield out;
}
