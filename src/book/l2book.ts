import { Side } from "../core/side.ts";

/** Sentinels for an empty side: a best bid below and a best ask above every real price. */
export const NO_BID = -0x7fffffff;
export const NO_ASK = 0x7fffffff;

/**
 * An L2 order book on tick-indexed typed arrays (a window of `capacityTicks` price levels per
 * side around the market). Level updates carry the level's new absolute size; 0 deletes it.
 * Levels outside the window are dropped (counted in `droppedLevels`) unless they become the best
 * of their side within half a window of the opposite best (the market moved), in which case the
 * window re-centres on them; a market maker never looks that
 * deep (the default window spans ±131,072 ticks, ±1,310 USDT at a 0.01 tick).
 *
 * The best prices are kept lazily: `bidTop` is never below the best bid (`askTop` never above
 * the best ask), and reading `bestBidTicks` moves it down to the first non-empty level. An update
 * is then one store and one rarely taken comparison, and a deleted best costs its scan only when
 * somebody asks for the best. (A backtest's exchange book, src/sim/exchangeBook.ts, keeps its
 * best prices settled after every row instead: it records them for the strategy side.)
 */
export class L2Book {
  protected readonly bidQty: Float64Array;
  protected readonly askQty: Float64Array;
  protected readonly capacity: number;
  protected baseTicks = 0;
  /** Window size once placed; 0 before the first level, so that every update takes the slow path. */
  protected limit = 0;
  /** At or above the best bid (NO_BID: no bids). */
  protected bidTop = NO_BID;
  /** At or below the best ask (NO_ASK: no asks). */
  protected askTop = NO_ASK;
  /** Lowest window index that may hold a bid, highest that may hold an ask: where scans stop. */
  protected bidFloor: number;
  protected askCeiling = -1;
  /** Updates ignored because they were outside the window and behind the best of their side. */
  droppedLevels = 0;

  constructor(capacityTicks = 1 << 18) {
    this.capacity = capacityTicks;
    this.bidQty = new Float64Array(capacityTicks);
    this.askQty = new Float64Array(capacityTicks);
    this.bidFloor = capacityTicks;
  }

  /** Best bid in ticks (NO_BID when there are no bids). */
  get bestBidTicks(): number {
    const top = this.bidTop;
    return top === NO_BID || this.bidQty[top - this.baseTicks] > 0 ? top : this.settleBid();
  }

  /** Best ask in ticks (NO_ASK when there are no asks). */
  get bestAskTicks(): number {
    const top = this.askTop;
    return top === NO_ASK || this.askQty[top - this.baseTicks] > 0 ? top : this.settleAsk();
  }

  /** Sets the size of one level (0 deletes it). */
  update(side: number, priceTicks: number, qty: number): void {
    const i = priceTicks - this.baseTicks;
    if (!(i >= 0 && i < this.limit)) {
      this.updateOutside(side, priceTicks, qty);
      return;
    }
    if (side === Side.BID) {
      this.bidQty[i] = qty;
      if (priceTicks > this.bidTop && qty > 0) this.bidTop = priceTicks;
      if (i < this.bidFloor && qty > 0) this.bidFloor = i;
    } else {
      this.askQty[i] = qty;
      if (priceTicks < this.askTop && qty > 0) this.askTop = priceTicks;
      if (i > this.askCeiling && qty > 0) this.askCeiling = i;
    }
  }

  /** Size resting at a price on one side (0 when empty or outside the window). */
  qtyAt(side: number, priceTicks: number): number {
    const i = priceTicks - this.baseTicks;
    if (i < 0 || i >= this.capacity) return 0;
    return side === Side.BID ? this.bidQty[i] : this.askQty[i];
  }

  /** Size at the best bid (0 when the side is empty). */
  bestBidQty(): number {
    const best = this.bestBidTicks;
    return best === NO_BID ? 0 : this.bidQty[best - this.baseTicks];
  }

  /** Size at the best ask (0 when the side is empty). */
  bestAskQty(): number {
    const best = this.bestAskTicks;
    return best === NO_ASK ? 0 : this.askQty[best - this.baseTicks];
  }

  /** True when both sides have a level. */
  hasTwoSides(): boolean {
    return this.bestBidTicks !== NO_BID && this.bestAskTicks !== NO_ASK;
  }

  /** Mid in ticks (x.5 when the spread is odd); NaN when a side is empty. */
  midTicks(): number {
    const bid = this.bestBidTicks;
    const ask = this.bestAskTicks;
    return bid !== NO_BID && ask !== NO_ASK ? (bid + ask) / 2 : NaN;
  }

  /** True when the best bid is at or above the best ask. */
  isCrossed(): boolean {
    return this.hasTwoSides() && this.bestBidTicks >= this.bestAskTicks;
  }

  /** Removes every level of one side (`side` = 0 clears both). */
  clear(side = 0): void {
    if (side !== Side.ASK) {
      this.bidQty.fill(0);
      this.bidTop = NO_BID;
      this.bidFloor = this.capacity;
    }
    if (side !== Side.BID) {
      this.askQty.fill(0);
      this.askTop = NO_ASK;
      this.askCeiling = -1;
    }
  }

  /** Price of the `n`-th non-empty level of a side from the best (n = 0: the best); NO_BID / NO_ASK past the last. */
  nthLevelTicks(side: number, n: number): number {
    let found = -1;
    if (side === Side.BID) {
      const best = this.bestBidTicks;
      for (let i = best - this.baseTicks; i >= 0 && best !== NO_BID; i--) if (this.bidQty[i] > 0 && ++found === n) return i + this.baseTicks;
      return NO_BID;
    }
    const best = this.bestAskTicks;
    for (let i = best - this.baseTicks; i < this.capacity && best !== NO_ASK; i++) if (this.askQty[i] > 0 && ++found === n) return i + this.baseTicks;
    return NO_ASK;
  }

  /** Sum of sizes over the best `levels` non-empty levels of a side. */
  depth(side: number, levels: number): number {
    let total = 0;
    let found = 0;
    if (side === Side.BID) {
      const best = this.bestBidTicks;
      for (let i = best - this.baseTicks; i >= 0 && found < levels && best !== NO_BID; i--) {
        if (this.bidQty[i] > 0) { total += this.bidQty[i]; found++; }
      }
    } else {
      const best = this.bestAskTicks;
      for (let i = best - this.baseTicks; i < this.capacity && found < levels && best !== NO_ASK; i++) {
        if (this.askQty[i] > 0) { total += this.askQty[i]; found++; }
      }
    }
    return total;
  }

  /** Moves `bidTop` down to the best bid (the level it pointed at was emptied). */
  protected settleBid(): number {
    const q = this.bidQty;
    const floor = this.bidFloor;
    let i = this.bidTop - this.baseTicks - 1;
    while (i >= floor && !(q[i] > 0)) i--;
    if (i < floor) {
      this.bidFloor = this.capacity; // nothing left: the next bid sets it again
      return (this.bidTop = NO_BID);
    }
    return (this.bidTop = i + this.baseTicks);
  }

  /** Moves `askTop` up to the best ask. */
  protected settleAsk(): number {
    const q = this.askQty;
    const ceiling = this.askCeiling;
    let i = this.askTop - this.baseTicks + 1;
    while (i <= ceiling && !(q[i] > 0)) i++;
    if (i > ceiling) {
      this.askCeiling = -1;
      return (this.askTop = NO_ASK);
    }
    return (this.askTop = i + this.baseTicks);
  }

  /** An update outside the window (or before it is placed): dropped, or the window follows it. */
  private updateOutside(side: number, priceTicks: number, qty: number): void {
    const initialised = this.limit > 0;
    if (qty === 0) return; // deleting a level the window does not hold changes nothing
    // A level outside the window matters only if it becomes the best of its side (the market
    // moved): then the window follows it. A deeper one is dropped (far from the market).
    const bestBid = this.bestBidTicks;
    const bestAsk = this.bestAskTicks;
    const becomesBest = side === Side.BID ? priceTicks > bestBid : priceTicks < bestAsk;
    const opposite = side === Side.BID ? bestAsk : bestBid;
    const nearMarket = opposite === NO_ASK || opposite === NO_BID || Math.abs(priceTicks - opposite) < this.capacity >> 1;
    if (initialised && !(becomesBest && nearMarket)) {
      this.droppedLevels++;
      return;
    }
    this.recentre(priceTicks);
    this.update(side, priceTicks, qty);
  }

  /** Moves the window so that `priceTicks` sits in its middle, keeping the levels that still fit. */
  private recentre(priceTicks: number): void {
    const newBase = priceTicks - (this.capacity >> 1);
    if (this.limit === 0) {
      this.baseTicks = newBase;
      this.limit = this.capacity;
      return;
    }
    const shift = newBase - this.baseTicks;
    shiftLevels(this.bidQty, shift);
    shiftLevels(this.askQty, shift);
    this.baseTicks = newBase;
    // Bounds over the whole window, settled at once.
    this.bidFloor = 0;
    this.askCeiling = this.capacity - 1;
    this.bidTop = this.capacity - 1 + newBase;
    this.askTop = newBase;
    if (!(this.bidQty[this.capacity - 1] > 0)) this.settleBid();
    if (!(this.askQty[0] > 0)) this.settleAsk();
  }
}

function shiftLevels(qty: Float64Array, shift: number): void {
  const n = qty.length;
  if (Math.abs(shift) >= n) qty.fill(0);
  else if (shift > 0) {
    qty.copyWithin(0, shift);
    qty.fill(0, n - shift);
  } else {
    qty.copyWithin(-shift, 0, n + shift);
    qty.fill(0, 0, -shift);
  }
}
