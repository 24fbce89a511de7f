import { L3Book } from "../../../book/l3book.ts";
import { DataError } from "../../../core/errors.ts";
import { Side } from "../../../core/side.ts";
import { EventKind } from "../../schema.ts";
import { boundary, pxAt, rowQty, sizeAt, visible } from "./bookRow.ts";
import { LobsterType, SYNTHETIC_ID_BASE, type LobsterMessage } from "./parse.ts";
import type { PendingEvents } from "./pendingEvents.ts";
import { newLobsterStats, type LobsterStats } from "./stats.ts";

const SIDES = [Side.BID, Side.ASK] as const;
const HALT_MEANING: Record<number, string> = { [-1]: "trading halted", 0: "quoting resumed", 1: "trading resumed" };

/**
 * Rebuilds the LOBSTER order book message by message in an L3 book (prices in LOBSTER integers)
 * and queues the events each message makes. The reconstruction rules (see lobster.ts for the
 * event mapping) are:
 *
 * - Initial book (`seed`): orderbook row 1 minus message 1's effect (a submit's size is taken
 *   off its level; a cancel, delete or execution's size is put back). Each level becomes ONE
 *   synthetic order (id SYNTHETIC_ID_BASE + k, k = 1, 2, …), emitted as a SNAPSHOT event whose
 *   qty is the level's size.
 * - Unknown orders: a cancel, delete or execution naming an id the book does not hold refers to
 *   an order submitted before the file starts, i.e. one hidden inside a synthetic order. Its size
 *   is taken from the synthetic orders at its price and side, first in the queue first, and the
 *   L3 events name those synthetic ids (the consumer's L3 book holds them; it never saw the real
 *   id). Size that no synthetic order can cover is counted as unexplained (the check then shows it).
 * - Deeper levels (`resync`): LOBSTER's message file only has events inside the file's N levels.
 *   A level that changes while deeper than level N (cancels there, new orders there) has no
 *   messages, so when it comes into the top N (a better level went away) its size is unknowable
 *   from messages. Every price that is inside row i's visible range but was outside row i−1's
 *   is set to row i's size: growth becomes a synthetic order at the back of the queue (it arrived
 *   while the level was out of view, after every order we know of there); shrinkage cancels
 *   synthetic orders first, newest first, then known orders from the back of the queue (which
 *   ones really went is unknowable). A price visible in row i−1 is never touched, so a wrong
 *   message replay still shows up in the check.
 * - Check (`compare`): the rebuilt top N levels against orderbook row i, after message i and
 *   the re-sync.
 */
export class LobsterReplay {
  readonly book = new L3Book();
  readonly stats: LobsterStats;
  private nextSynthetic = 1;

  constructor(
    private readonly out: PendingEvents,
    private readonly messageFile: string,
    bookLevels: number,
  ) {
    this.stats = newLobsterStats(bookLevels);
  }

  /** Emits the book before message 1 (orderbook row 1 minus message 1's effect) as SNAPSHOT events. */
  seed(row: Float64Array, first: LobsterMessage, bookFile: string, bookRow: number): void {
    const n = this.stats.bookLevels;
    for (const side of SIDES) {
      const levels = new Map<number, number>();
      for (let k = 0; k < n; k++) {
        const qty = sizeAt(row, side, k);
        if (qty > 0) levels.set(pxAt(row, side, k), qty);
      }
      if (first.direction === side && first.type >= LobsterType.SUBMIT && first.type <= LobsterType.EXECUTE) {
        const before = levels.get(first.price) ?? 0;
        const qty = first.type === LobsterType.SUBMIT ? before - first.size : before + first.size;
        if (qty < 0) throw new DataError(bookFile, bookRow, undefined, `row 1 holds ${before} at ${first.price}, less than message 1's new order of ${first.size}`);
        if (qty === 0) levels.delete(first.price);
        else levels.set(first.price, qty);
      }
      const prices = [...levels.keys()].sort((a, b) => (b - a) * side);
      for (const px of prices) {
        const id = this.syntheticId();
        const qty = levels.get(px) as number;
        this.book.add(id, side, px, qty);
        this.out.push(EventKind.SNAPSHOT, side, px, qty, id);
        this.stats.snapshotLevels++;
      }
    }
  }

  /** Applies one message to the book and queues its events. */
  apply(m: LobsterMessage): void {
    const book = this.book;
    const d = m.direction;
    switch (m.type) {
      case LobsterType.SUBMIT:
        if (book.has(m.orderId)) throw new DataError(this.messageFile, m.row, "order_id", `order ${m.orderId} is already live`);
        book.add(m.orderId, d, m.price, m.size);
        this.out.push(EventKind.L3_ADD, d, m.price, m.size, m.orderId);
        this.depth(d, m.price);
        return;
      case LobsterType.CANCEL:
      case LobsterType.DELETE:
      case LobsterType.EXECUTE: {
        const fill = m.type === LobsterType.EXECUTE;
        if (fill) this.out.push(EventKind.TRADE, -d, m.price, m.size, 0);
        if (!book.has(m.orderId)) return this.absorb(m, fill ? EventKind.L3_FILL : EventKind.L3_CANCEL);
        this.checkPlace(m);
        const held = book.orderQty(m.orderId);
        const qty = m.type === LobsterType.DELETE ? held : Math.min(m.size, held);
        if (m.size !== qty) this.stats.sizeMismatches++;
        if (fill) book.execute(m.orderId, qty);
        else book.cancel(m.orderId, qty);
        this.out.push(fill ? EventKind.L3_FILL : EventKind.L3_CANCEL, d, m.price, qty, m.orderId);
        this.depth(d, m.price);
        return;
      }
      case LobsterType.HIDDEN_EXECUTE:
        this.stats.hiddenExecutions++;
        this.out.push(EventKind.TRADE, -d, m.price, m.size, 0);
        return;
      case LobsterType.CROSS:
        this.stats.crossTrades++;
        this.out.push(EventKind.TRADE, 0, m.price, m.size, 0);
        return;
      case LobsterType.HALT:
        this.stats.halts.push(`${HALT_MEANING[m.price] ?? `halt message with price ${m.price}`} at row ${m.row}`);
        return;
    }
  }

  /** Sets every price visible in `row` but not in `prev` to its size in `row` (see the class comment). */
  resync(prev: Float64Array, row: Float64Array): void {
    let changed = 0;
    for (const side of SIDES) {
      const before = boundary(prev, side, this.stats.bookLevels);
      const now = boundary(row, side, this.stats.bookLevels);
      for (const px of this.candidates(row, side, now)) {
        if (!visible(px, side, now) || visible(px, side, before)) continue;
        const want = rowQty(row, side, px, this.stats.bookLevels);
        const have = this.book.levelQty(side, px);
        if (want > have) this.addSynthetic(side, px, want - have);
        else if (want < have) this.shrink(side, px, have - want);
        if (want !== have) changed++;
      }
    }
    if (changed > 0) {
      this.stats.resyncRows++;
      this.stats.resyncLevels += changed;
    }
  }

  /** Null when the rebuilt top levels equal the orderbook row, else what differs. */
  compare(row: Float64Array): string | null {
    const book = this.book;
    for (let k = 0; k < this.stats.bookLevels; k++) {
      for (const side of SIDES) {
        const px = pxAt(row, side, k);
        const qty = sizeAt(row, side, k);
        const gotPx = book.priceAt(side, k);
        const got = k < book.levelCount(side) ? `${gotPx} x ${book.levelQty(side, gotPx)}` : "empty";
        const want = qty > 0 ? `${px} x ${qty}` : "empty";
        if (got !== want) return `${side === Side.BID ? "bid" : "ask"} level ${k + 1}: file ${want}, rebuilt ${got}`;
      }
    }
    return null;
  }

  private depth(side: number, px: number): void {
    this.out.push(EventKind.DEPTH, side, px, this.book.levelQty(side, px), 0);
  }

  private syntheticId(): number {
    return SYNTHETIC_ID_BASE + this.nextSynthetic++;
  }

  private checkPlace(m: LobsterMessage): void {
    const side = this.book.orderSide(m.orderId);
    const px = this.book.orderPrice(m.orderId);
    if (side !== m.direction || px !== m.price) {
      throw new DataError(this.messageFile, m.row, "price", `order ${m.orderId} rests at ${px} on side ${side}, the message says ${m.price} on side ${m.direction}`);
    }
  }

  /** A cancel/delete/execution of an order submitted before the file starts: taken from synthetic orders at its price. */
  private absorb(m: LobsterMessage, kind: number): void {
    this.stats.unknownOrderRefs++;
    let left = m.size;
    if (this.stats.bookLevels > 0) {
      for (const id of this.book.ordersAt(m.direction, m.price)) {
        if (left === 0) break;
        if (id < SYNTHETIC_ID_BASE) continue;
        const qty = Math.min(left, this.book.orderQty(id));
        if (kind === EventKind.L3_FILL) this.book.execute(id, qty);
        else this.book.cancel(id, qty);
        this.out.push(kind, m.direction, m.price, qty, id);
        this.depth(m.direction, m.price);
        left -= qty;
      }
    }
    this.stats.unexplainedQty += left;
  }

  private addSynthetic(side: number, px: number, qty: number): void {
    const id = this.syntheticId();
    this.book.add(id, side, px, qty);
    this.out.push(EventKind.L3_ADD, side, px, qty, id);
    this.depth(side, px);
  }

  /** Takes `qty` off a level: synthetic orders first (newest first), then known orders from the back. */
  private shrink(side: number, px: number, qty: number): void {
    const ids = this.book.ordersAt(side, px).reverse();
    const victims = [...ids.filter((id) => id >= SYNTHETIC_ID_BASE), ...ids.filter((id) => id < SYNTHETIC_ID_BASE)];
    for (const id of victims) {
      if (qty === 0) break;
      const take = Math.min(qty, this.book.orderQty(id));
      this.book.cancel(id, take);
      this.out.push(EventKind.L3_CANCEL, side, px, take, id);
      this.depth(side, px);
      qty -= take;
    }
  }

  /** Prices that may need a re-sync: the row's levels and the book's levels inside the row's visible range. */
  private candidates(row: Float64Array, side: number, bound: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.stats.bookLevels; k++) if (sizeAt(row, side, k) > 0) out.push(pxAt(row, side, k));
    for (let k = 0; k < this.book.levelCount(side); k++) {
      const px = this.book.priceAt(side, k);
      if (!visible(px, side, bound)) break;
      if (!out.includes(px)) out.push(px);
    }
    return out;
  }
}
