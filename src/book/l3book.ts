import { MmlabError } from "../core/errors.ts";
import { Side } from "../core/side.ts";
import { NO_ASK, NO_BID } from "./l2book.ts";

/** An L3 book operation that cannot apply: unknown order id, a live id added again, a bad side or size. */
export class L3BookError extends MmlabError {
  override name = "L3BookError";
  constructor(
    readonly orderId: number,
    readonly operation: string,
    rule: string,
  ) {
    super(`L3 book: ${operation}(${orderId}): ${rule}`);
  }
}

/** One price level as `depthLevels` reports it. */
export interface LevelView {
  priceTicks: number;
  qty: number;
}

export interface L3BookOptions {
  /**
   * Unknown order ids (and cancels or executions larger than the order) are errors by default.
   * Lenient: an unknown id changes nothing and counts in `unknownRefs`; an oversized cancel or
   * execution is clamped to what the order holds.
   */
  lenient?: boolean;
  /** Initial pool sizes (they grow by doubling). */
  initialOrders?: number;
  initialLevels?: number;
}

const NIL = -1;

/**
 * An order-level (L3) book with price-time (FIFO) priority.
 *
 * Orders live in typed-array pools (id, qty, level, prev/next links) with a free list; each price
 * level is an intrusive doubly linked FIFO queue (head = first in line) with its aggregated size
 * and order count. The live prices of each side are kept in one sorted Float64Array of keys
 * (side × price, ascending, so the best level is the LAST element for both sides: inserting or
 * removing near the touch moves few elements). In steady state nothing is allocated per event
 * beyond the id → slot map entry of a new order.
 *
 * Priority rules: `add` joins the back of its level; a partial `cancel` or `execute` keeps the
 * order's place; `modify` to a smaller size keeps its place, to a larger size sends it to the
 * back of the level (it loses priority, as on NASDAQ and most venues).
 *
 * Prices are integers of any unit the caller picks (ticks, or a venue's integer price) strictly
 * between l2book's NO_BID and NO_ASK sentinels, which the best-price queries return for an empty
 * side; sizes are float64 (exact for integer share counts). `qtyAhead` walks the queue ahead of
 * the order (O(position)); everything else is O(1) apart from creating or emptying a level
 * (O(log levels) search plus a short shift near the touch).
 */
export class L3Book {
  private readonly lenient: boolean;
  private unknown = 0;

  // Order pool.
  private oId: Float64Array;
  private oQty: Float64Array;
  private oLevel: Int32Array;
  private oPrev: Int32Array;
  private oNext: Int32Array;
  private oFree = NIL;
  private oUsed = 0;
  private readonly slots = new Map<number, number>();

  // Level pool.
  private lPrice: Float64Array;
  private lSide: Int8Array;
  private lHead: Int32Array;
  private lTail: Int32Array;
  private lQty: Float64Array;
  private lCount: Int32Array;
  private lFree = NIL;
  private lUsed = 0;
  private readonly bidIndex = new Map<number, number>();
  private readonly askIndex = new Map<number, number>();

  // Sorted keys (side × price, ascending; best last) per side.
  private bidKeys: Float64Array;
  private askKeys: Float64Array;
  private bidCount = 0;
  private askCount = 0;

  constructor(options: L3BookOptions = {}) {
    this.lenient = options.lenient ?? false;
    const n = Math.max(16, options.initialOrders ?? 1024);
    const m = Math.max(16, options.initialLevels ?? 256);
    this.oId = new Float64Array(n);
    this.oQty = new Float64Array(n);
    this.oLevel = new Int32Array(n);
    this.oPrev = new Int32Array(n);
    this.oNext = new Int32Array(n);
    this.lPrice = new Float64Array(m);
    this.lSide = new Int8Array(m);
    this.lHead = new Int32Array(m);
    this.lTail = new Int32Array(m);
    this.lQty = new Float64Array(m);
    this.lCount = new Int32Array(m);
    this.bidKeys = new Float64Array(m);
    this.askKeys = new Float64Array(m);
  }

  /** References to unknown ids ignored so far (lenient mode). */
  get unknownRefs(): number {
    return this.unknown;
  }

  /** Number of live orders. */
  get orderCount(): number {
    return this.slots.size;
  }

  /** True when the book holds a live order with this id. */
  has(orderId: number): boolean {
    return this.slots.has(orderId);
  }

  /** Adds an order at the back of its level's queue. */
  add(orderId: number, side: number, priceTicks: number, qty: number): void {
    if (this.slots.has(orderId)) throw new L3BookError(orderId, "add", "an order with this id is already live");
    if (side !== Side.BID && side !== Side.ASK) throw new L3BookError(orderId, "add", `side must be +1 or -1, got ${side}`);
    if (!(qty > 0) || !Number.isFinite(qty)) throw new L3BookError(orderId, "add", `qty must be a positive number, got ${qty}`);
    if (!Number.isFinite(priceTicks)) throw new L3BookError(orderId, "add", `price must be finite, got ${priceTicks}`);
    const level = this.levelFor(side, priceTicks);
    const o = this.allocOrder();
    this.oId[o] = orderId;
    this.oQty[o] = qty;
    this.oLevel[o] = level;
    this.slots.set(orderId, o);
    this.append(level, o);
    this.lQty[level] += qty;
    this.lCount[level]++;
  }

  /** Cancels `qty` of an order (partial cancel keeps its place; the order goes when nothing is left). Returns the qty cancelled. */
  cancel(orderId: number, qty: number): number {
    return this.reduce(orderId, qty, "cancel");
  }

  /** Fills `qty` of an order (it keeps its place; it goes when nothing is left). Returns the qty filled. */
  execute(orderId: number, qty: number): number {
    return this.reduce(orderId, qty, "execute");
  }

  /** Removes an order whatever its size. Returns the qty it held. */
  remove(orderId: number): number {
    const o = this.slot(orderId, "remove");
    if (o === NIL) return 0;
    const qty = this.oQty[o];
    this.unlinkOrder(o);
    return qty;
  }

  /** Sets an order's size: a decrease keeps its place in the queue, an increase sends it to the back; 0 removes it. */
  modify(orderId: number, newQty: number): void {
    const o = this.slot(orderId, "modify");
    if (o === NIL) return;
    if (!(newQty >= 0) || !Number.isFinite(newQty)) throw new L3BookError(orderId, "modify", `qty must be a non-negative number, got ${newQty}`);
    if (newQty === 0) {
      this.unlinkOrder(o);
      return;
    }
    const level = this.oLevel[o];
    const old = this.oQty[o];
    this.oQty[o] = newQty;
    this.lQty[level] += newQty - old;
    if (newQty > old && this.lTail[level] !== o) {
      this.detach(level, o);
      this.append(level, o);
    }
  }

  /** Remaining size of an order (0 when unknown). */
  orderQty(orderId: number): number {
    const o = this.slots.get(orderId);
    return o === undefined ? 0 : this.oQty[o];
  }

  /** Price of a live order (NaN when unknown). */
  orderPrice(orderId: number): number {
    const o = this.slots.get(orderId);
    return o === undefined ? NaN : this.lPrice[this.oLevel[o]];
  }

  /** Side of a live order (0 when unknown). */
  orderSide(orderId: number): number {
    const o = this.slots.get(orderId);
    return o === undefined ? 0 : this.lSide[this.oLevel[o]];
  }

  /** Size queued ahead of an order at its level (sum of the orders before it). NaN for an unknown id in lenient mode. */
  qtyAhead(orderId: number): number {
    const o = this.slot(orderId, "qtyAhead");
    if (o === NIL) return NaN;
    let ahead = 0;
    for (let p = this.oPrev[o]; p !== NIL; p = this.oPrev[p]) ahead += this.oQty[p];
    return ahead;
  }

  /** Aggregated (L2) size at a price on one side; 0 when the level is empty. */
  levelQty(side: number, priceTicks: number): number {
    const l = this.index(side).get(priceTicks);
    return l === undefined ? 0 : this.lQty[l];
  }

  /** Number of orders queued at a price on one side. */
  levelOrderCount(side: number, priceTicks: number): number {
    const l = this.index(side).get(priceTicks);
    return l === undefined ? 0 : this.lCount[l];
  }

  /** Ids of the orders at a level, first in line first (allocates: for checks and rare paths). */
  ordersAt(side: number, priceTicks: number): number[] {
    const out: number[] = [];
    const l = this.index(side).get(priceTicks);
    if (l === undefined) return out;
    for (let o = this.lHead[l]; o !== NIL; o = this.oNext[o]) out.push(this.oId[o]);
    return out;
  }

  /** Number of non-empty levels on one side. */
  levelCount(side: number): number {
    return side === Side.BID ? this.bidCount : this.askCount;
  }

  /** Price of the k-th best level of a side (k = 0 is the best); NO_BID / NO_ASK past the last. */
  priceAt(side: number, k: number): number {
    if (side === Side.BID) return k < this.bidCount ? this.bidKeys[this.bidCount - 1 - k] : NO_BID;
    return k < this.askCount ? -this.askKeys[this.askCount - 1 - k] : NO_ASK;
  }

  /** Best bid price, NO_BID when there are no bids. */
  bestBid(): number {
    return this.priceAt(Side.BID, 0);
  }

  /** Best ask price, NO_ASK when there are no asks. */
  bestAsk(): number {
    return this.priceAt(Side.ASK, 0);
  }

  /** The best `n` levels of a side (price, aggregated size), best first. */
  depthLevels(side: number, n: number): LevelView[] {
    const out: LevelView[] = [];
    const count = Math.min(n, this.levelCount(side));
    for (let k = 0; k < count; k++) {
      const priceTicks = this.priceAt(side, k);
      out.push({ priceTicks, qty: this.levelQty(side, priceTicks) });
    }
    return out;
  }

  private reduce(orderId: number, qty: number, operation: string): number {
    const o = this.slot(orderId, operation);
    if (o === NIL) return 0;
    if (!(qty >= 0) || !Number.isFinite(qty)) throw new L3BookError(orderId, operation, `qty must be a non-negative number, got ${qty}`);
    const held = this.oQty[o];
    if (qty > held) {
      if (!this.lenient) throw new L3BookError(orderId, operation, `qty ${qty} exceeds the order's remaining ${held}`);
      qty = held;
    }
    if (qty === held) {
      this.unlinkOrder(o);
      return qty;
    }
    this.oQty[o] = held - qty;
    this.lQty[this.oLevel[o]] -= qty;
    return qty;
  }

  /** Slot of a live order; NIL (lenient) or an error for an unknown id. */
  private slot(orderId: number, operation: string): number {
    const o = this.slots.get(orderId);
    if (o !== undefined) return o;
    if (!this.lenient) throw new L3BookError(orderId, operation, "unknown order id");
    this.unknown++;
    return NIL;
  }

  private index(side: number): Map<number, number> {
    return side === Side.BID ? this.bidIndex : this.askIndex;
  }

  /** Removes an order from its level and the pools (and the level when it empties). */
  private unlinkOrder(o: number): void {
    const level = this.oLevel[o];
    this.detach(level, o);
    this.lQty[level] -= this.oQty[o];
    this.slots.delete(this.oId[o]);
    this.oNext[o] = this.oFree;
    this.oFree = o;
    if (--this.lCount[level] === 0) this.dropLevel(level);
  }

  private append(level: number, o: number): void {
    const tail = this.lTail[level];
    this.oPrev[o] = tail;
    this.oNext[o] = NIL;
    if (tail === NIL) this.lHead[level] = o;
    else this.oNext[tail] = o;
    this.lTail[level] = o;
  }

  private detach(level: number, o: number): void {
    const p = this.oPrev[o];
    const n = this.oNext[o];
    if (p === NIL) this.lHead[level] = n;
    else this.oNext[p] = n;
    if (n === NIL) this.lTail[level] = p;
    else this.oPrev[n] = p;
  }

  private allocOrder(): number {
    if (this.oFree !== NIL) {
      const o = this.oFree;
      this.oFree = this.oNext[o];
      return o;
    }
    if (this.oUsed === this.oId.length) {
      const n = this.oId.length * 2;
      this.oId = grow(this.oId, n);
      this.oQty = grow(this.oQty, n);
      this.oLevel = grow(this.oLevel, n);
      this.oPrev = grow(this.oPrev, n);
      this.oNext = grow(this.oNext, n);
    }
    return this.oUsed++;
  }

  /** The level at a price, created (empty, inserted in the sorted keys) when missing. */
  private levelFor(side: number, priceTicks: number): number {
    const index = this.index(side);
    const found = index.get(priceTicks);
    if (found !== undefined) return found;
    let l: number;
    if (this.lFree !== NIL) {
      l = this.lFree;
      this.lFree = this.lHead[l];
    } else {
      if (this.lUsed === this.lPrice.length) this.growLevels(this.lPrice.length * 2);
      l = this.lUsed++;
    }
    this.lPrice[l] = priceTicks;
    this.lSide[l] = side;
    this.lHead[l] = NIL;
    this.lTail[l] = NIL;
    this.lQty[l] = 0;
    this.lCount[l] = 0;
    index.set(priceTicks, l);
    this.insertKey(side, side * priceTicks);
    return l;
  }

  private dropLevel(level: number): void {
    const side = this.lSide[level];
    const price = this.lPrice[level];
    this.index(side).delete(price);
    this.removeKey(side, side * price);
    this.lHead[level] = this.lFree;
    this.lFree = level;
  }

  private insertKey(side: number, key: number): void {
    if (side === Side.BID) {
      if (this.bidCount === this.bidKeys.length) this.bidKeys = grow(this.bidKeys, this.bidKeys.length * 2);
      this.bidCount = insertSorted(this.bidKeys, this.bidCount, key);
    } else {
      if (this.askCount === this.askKeys.length) this.askKeys = grow(this.askKeys, this.askKeys.length * 2);
      this.askCount = insertSorted(this.askKeys, this.askCount, key);
    }
  }

  private removeKey(side: number, key: number): void {
    if (side === Side.BID) this.bidCount = removeSorted(this.bidKeys, this.bidCount, key);
    else this.askCount = removeSorted(this.askKeys, this.askCount, key);
  }

  private growLevels(n: number): void {
    this.lPrice = grow(this.lPrice, n);
    this.lSide = grow(this.lSide, n);
    this.lHead = grow(this.lHead, n);
    this.lTail = grow(this.lTail, n);
    this.lQty = grow(this.lQty, n);
    this.lCount = grow(this.lCount, n);
  }
}

type TypedArray = Float64Array | Int32Array | Int8Array;

function grow<T extends TypedArray>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Index of the first key ≥ `key` in keys[0..count). */
function lowerBound(keys: Float64Array, count: number, key: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(keys: Float64Array, count: number, key: number): number {
  const i = lowerBound(keys, count, key);
  keys.copyWithin(i + 1, i, count);
  keys[i] = key;
  return count + 1;
}

function removeSorted(keys: Float64Array, count: number, key: number): number {
  const i = lowerBound(keys, count, key);
  if (i >= count || keys[i] !== key) return count;
  keys.copyWithin(i, i + 1, count);
  return count - 1;
}
