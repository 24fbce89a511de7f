import { MmlabError } from "../core/errors.ts";
import { EventKind, MARKET_EVENT_KIND_NAMES } from "../core/eventKind.ts";
import { L2Book, NO_ASK, NO_BID } from "./l2book.ts";

/** The book's levels as a strategy reads them (prices in ticks, sizes in base units). */
export interface BookLevels {
  /** Price of the `n`-th non-empty level of a side from the best (n = 0: the best), NaN past the last. */
  levelTicks(side: 1 | -1, n: number): number;
  /** Size at a price of a side (0 when the level is empty). */
  qtyAt(side: 1 | -1, priceTicks: number): number;
  /** Sum of sizes over the best `levels` non-empty levels of a side. */
  depth(side: 1 | -1, levels: number): number;
}

/**
 * A book of levels on the strategy side, for strategies that read more than the top (Strategy
 * `book: "levels"`): fed the market-data rows at their local time, as the strategy sees them.
 * Built from L2 rows (depth, snapshot, clear); order-by-order (L3) rows are refused, because
 * their levels are the exchange side's to rebuild.
 */
export class StrategyLevels extends L2Book implements BookLevels {
  /** Applies one market-data row (trades change no level). */
  applyRow(kind: number, side: number, priceTicks: number, qty: number): void {
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) this.update(side, priceTicks, qty);
    else if (kind === EventKind.DEPTH_CLEAR) this.clear(side);
    else if (kind !== EventKind.TRADE) throw new MmlabError(`the strategy reads book levels, which are built from L2 rows; this data has ${MARKET_EVENT_KIND_NAMES[kind as EventKind] ?? `kind ${kind}`} rows (order by order): use a strategy with book "top"`);
  }

  levelTicks(side: 1 | -1, n: number): number {
    return levelPrice(this.nthLevelTicks(side, n));
  }
}

/** The levels of a book the engine keeps itself (it is fed every row: no second book needed). */
export function levelsOf(book: L2Book): BookLevels {
  return {
    levelTicks: (side, n) => levelPrice(book.nthLevelTicks(side, n)),
    qtyAt: (side, priceTicks) => book.qtyAt(side, priceTicks),
    depth: (side, levels) => book.depth(side, levels),
  };
}

/** A level's price, NaN for the empty-side sentinels. */
function levelPrice(ticks: number): number {
  return ticks === NO_BID || ticks === NO_ASK ? NaN : ticks;
}
