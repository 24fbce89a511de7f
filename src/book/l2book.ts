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
 */
export class L2Book {
  private readonly bidQty: Float64Array;
  private readonly askQty: Float64Array;
  private readonly capacity: number;
  private baseTicks = 0;
  private initialised = false;
  private bidLevels = 0;
  private askLevels = 0;
  bestBidTicks = NO_BID;
  bestAskTicks = NO_ASK;
  /** Updates ignored because they were outside the window and behind the best of their side. */
  droppedLevels = 0;

  constructor(capacityTicks = 1 << 18) {
    this.capacity = capacityTicks;
    this.bidQty = new Float64Array(capacityTicks);
    this.askQty = new Float64Array(capacityTicks);
  }

  /** Sets the size of one level (0 deletes it). */
  update(side: number, priceTicks: number, qty: number): void {
    let i = priceTicks - this.baseTicks;
    if (i < 0 || i >= this.capacity || !this.initialised) {
      if (qty === 0) return; // deleting a level the window does not hold changes nothing
      // A level outside the window matters only if it becomes the best of its side (the market
      // moved): then the window follows it. A deeper one is dropped (far from the market).
      const becomesBest = side === Side.BID ? priceTicks > this.bestBidTicks : priceTicks < this.bestAskTicks;
      const opposite = side === Side.BID ? this.bestAskTicks : this.bestBidTicks;
      const nearMarket = opposite === NO_ASK || opposite === NO_BID || Math.abs(priceTicks - opposite) < this.capacity >> 1;
      if (this.initialised && !(becomesBest && nearMarket)) {
        this.droppedLevels++;
        return;
      }
      this.recentre(priceTicks);
      i = priceTicks - this.baseTicks;
    }
    if (side === Side.BID) {
      const before = this.bidQty[i];
      this.bidQty[i] = qty;
      if (qty > 0) {
        if (before === 0) this.bidLevels++;
        if (priceTicks > this.bestBidTicks) this.bestBidTicks = priceTicks;
      } else if (before > 0) {
        this.bidLevels--;
        if (priceTicks === this.bestBidTicks) this.bestBidTicks = this.scanBidFrom(i - 1);
      }
    } else {
      const before = this.askQty[i];
      this.askQty[i] = qty;
      if (qty > 0) {
        if (before === 0) this.askLevels++;
        if (priceTicks < this.bestAskTicks) this.bestAskTicks = priceTicks;
      } else if (before > 0) {
        this.askLevels--;
        if (priceTicks === this.bestAskTicks) this.bestAskTicks = this.scanAskFrom(i + 1);
      }
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
    return this.bestBidTicks === NO_BID ? 0 : this.bidQty[this.bestBidTicks - this.baseTicks];
  }

  /** Size at the best ask (0 when the side is empty). */
  bestAskQty(): number {
    return this.bestAskTicks === NO_ASK ? 0 : this.askQty[this.bestAskTicks - this.baseTicks];
  }

  /** True when both sides have a level. */
  hasTwoSides(): boolean {
    return this.bestBidTicks !== NO_BID && this.bestAskTicks !== NO_ASK;
  }

  /** Mid in ticks (x.5 when the spread is odd); NaN when a side is empty. */
  midTicks(): number {
    return this.hasTwoSides() ? (this.bestBidTicks + this.bestAskTicks) / 2 : NaN;
  }

  /** True when the best bid is at or above the best ask. */
  isCrossed(): boolean {
    return this.hasTwoSides() && this.bestBidTicks >= this.bestAskTicks;
  }

  /** Removes every level of one side (`side` = 0 clears both). */
  clear(side = 0): void {
    if (side !== Side.ASK) {
      this.bidQty.fill(0);
      this.bidLevels = 0;
      this.bestBidTicks = NO_BID;
    }
    if (side !== Side.BID) {
      this.askQty.fill(0);
      this.askLevels = 0;
      this.bestAskTicks = NO_ASK;
    }
  }

  /** Sum of sizes over the best `levels` non-empty levels of a side. */
  depth(side: number, levels: number): number {
    let total = 0;
    let found = 0;
    if (side === Side.BID) {
      for (let i = this.bestBidTicks - this.baseTicks; i >= 0 && found < levels && this.bestBidTicks !== NO_BID; i--) {
        if (this.bidQty[i] > 0) { total += this.bidQty[i]; found++; }
      }
    } else {
      for (let i = this.bestAskTicks - this.baseTicks; i < this.capacity && found < levels && this.bestAskTicks !== NO_ASK; i++) {
        if (this.askQty[i] > 0) { total += this.askQty[i]; found++; }
      }
    }
    return total;
  }

  private scanBidFrom(i: number): number {
    if (this.bidLevels === 0) return NO_BID;
    const q = this.bidQty;
    for (; i >= 0; i--) if (q[i] > 0) return i + this.baseTicks;
    return NO_BID;
  }

  private scanAskFrom(i: number): number {
    if (this.askLevels === 0) return NO_ASK;
    const q = this.askQty;
    for (; i < this.capacity; i++) if (q[i] > 0) return i + this.baseTicks;
    return NO_ASK;
  }

  /** Moves the window so that `priceTicks` sits in its middle, keeping the levels that still fit. */
  private recentre(priceTicks: number): void {
    const newBase = priceTicks - (this.capacity >> 1);
    if (!this.initialised) {
      this.baseTicks = newBase;
      this.initialised = true;
      return;
    }
    const shift = newBase - this.baseTicks;
    shiftLevels(this.bidQty, shift);
    shiftLevels(this.askQty, shift);
    this.baseTicks = newBase;
    this.bidLevels = countLevels(this.bidQty);
    this.askLevels = countLevels(this.askQty);
    this.bestBidTicks = this.scanBidFrom(this.capacity - 1);
    this.bestAskTicks = this.scanAskFrom(0);
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

function countLevels(qty: Float64Array): number {
  let n = 0;
  for (let i = 0; i < qty.length; i++) if (qty[i] > 0) n++;
  return n;
}
