import type { Rng } from "../../../core/rng.ts";
import type { EventBatchPool } from "../../../data/batch.ts";
import { EventKind, type EventBatch } from "../../../data/schema.ts";
import type { MarketData } from "../../../data/sources/marketData.ts";
import { BatchWriter } from "../batchWriter.ts";
import { LevelBook } from "../../../book/levelBook.ts";
import { transformData } from "../transformData.ts";
import type { StressScenario } from "../types.ts";

export interface LowLiquidityParams {
  /** Every depth size is multiplied by this. */
  depthFactor: number;
}

export const LOW_LIQUIDITY_DEFAULTS: LowLiquidityParams = { depthFactor: 0.3 };

/**
 * A thinner book with the same order flow:
 *   depth / snapshot  size × depthFactor, rounded to the lot (a level never vanishes: ≥ 1 lot)
 *   trade             capped by the size the (thinned) book showed at its price on the passive
 *                     side just before it — a market order cannot take more than was shown; a
 *                     trade at a price the book did not show (hidden liquidity, or data where the
 *                     depth update precedes the trade) is scaled by depthFactor instead
 *   L3 events         size × depthFactor
 * Prices and times are unchanged (the larger impact a thin book would have on prices is not
 * modelled here: combine with high-volatility for that). No random draws.
 */
export function lowLiquidity(params: Partial<LowLiquidityParams> = {}): StressScenario {
  const p = { ...LOW_LIQUIDITY_DEFAULTS, ...params };
  const name = "low-liquidity";
  const description = `depth sizes ×${p.depthFactor}; trades capped to the size the thinned book showed`;
  return {
    name,
    description,
    configOverrides: [],
    runCost: 1.1,
    apply(data: MarketData, _rng: Rng): MarketData {
      return transformData(data, name, description, { ...p }, (source, pool) => thinBook(source, p.depthFactor, data.meta.lotSize, pool));
    },
  };
}

/** The low-liquidity transform of an engine stream (output batches from `pool`, if given). */
export async function* thinBook(source: AsyncIterable<EventBatch>, factor: number, lot: number, pool?: EventBatchPool): AsyncIterable<EventBatch> {
  const book = new LevelBook(); // the output (thinned) book
  const scale = (qty: number): number => (qty > 0 ? Math.max(lot, Math.round((qty * factor) / lot) * lot) : 0);
  for await (const b of source) {
    const out = new BatchWriter(Math.max(1024, b.length), pool);
    for (let i = 0; i < b.length; i++) {
      const kind = b.kind[i];
      const side = b.side[i];
      const price = b.priceTicks[i];
      let qty = b.qty[i];
      if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) qty = scale(qty);
      else if (kind === EventKind.TRADE) {
        const shown = side === 0 ? 0 : book.qtyAt(-side, price);
        qty = shown > 0 ? Math.min(qty, shown) : scale(qty);
      } else if (kind >= EventKind.L3_ADD && kind <= EventKind.L3_FILL) qty *= factor;
      book.apply(kind, side, price, qty);
      out.pushFrom(b, i, price, qty);
    }
    if (out.length > 0) yield out.take();
  }
}
