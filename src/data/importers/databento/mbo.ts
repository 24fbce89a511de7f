import { L3Book } from "../../../book/l3book.ts";
import { EventKind } from "../../schema.ts";
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_CLEAR,
  ACTION_FILL,
  ACTION_MODIFY,
  ACTION_NONE,
  ACTION_TRADE,
  Flag,
  MBO_ACTION,
  MBO_FLAGS,
  MBO_ORDER_ID,
  MBO_PRICE,
  MBO_SIDE,
  MBO_SIZE,
} from "./constants.ts";
import type { EventWriter } from "./eventWriter.ts";
import { describeChar, type PriceReader } from "./prices.ts";

const TWO_32 = 2 ** 32;
/** Order ids at or above 2^53 would not survive the engine's float64 order ids. */
const MAX_ID_HI = 1 << 21;

/** What the order-level replay met, for the report. */
export interface MboStats {
  records: number;
  adds: number;
  cancels: number;
  modifies: number;
  fills: number;
  trades: number;
  clears: number;
  /** C and F records naming an order the book does not hold (skipped). */
  unknownCancelsFills: number;
  /** M records naming an order the book does not hold (taken as an add, as Databento's reference book does). */
  unknownModifies: number;
  /** Cancelled size already taken off by the F records of the same order (no second L3 event). */
  cancelQtyTakenByFills: number;
  /** Cancels or fills larger than what the order held (clamped). */
  oversized: number;
  /** M records that moved an order to another price (cancel + add: it loses its place). */
  priceMoves: number;
  /** Orders whose executed size no C had removed by the end of the data. */
  executedNeverRemoved: number;
}

/** Fresh MBO stats. */
export function newMboStats(): MboStats {
  return { records: 0, adds: 0, cancels: 0, modifies: 0, fills: 0, trades: 0, clears: 0, unknownCancelsFills: 0, unknownModifies: 0, cancelQtyTakenByFills: 0, oversized: 0, priceMoves: 0, executedNeverRemoved: 0 };
}

/**
 * Replays Databento MBO records (rtype 0xA0) of one instrument in an L3 book (prices in ticks) and
 * writes the events each makes, all at the record's times:
 *   A add      L3_ADD (qty = size), DEPTH
 *   C cancel   L3_CANCEL (qty = the cancelled size), DEPTH
 *   M modify   same price and side: L3_MODIFY (qty = the new size; larger loses the queue place), DEPTH;
 *              a new price or side: L3_CANCEL of the order at its old price, DEPTH, L3_ADD at the new, DEPTH
 *   F fill     L3_FILL (qty = size) on the resting order, DEPTH
 *   T trade    TRADE (side = the aggressor's: B buy +1, A sell −1, N none 0; qty = size)
 *   R clear    DEPTH_CLEAR of both sides (and the L3 book emptied)
 *   N none     nothing (the record may still end an event)
 * DEPTH carries the level's new absolute size, so L2 consumers can ignore the L3 kinds.
 *
 * On Databento's feeds an F leaves the book as it is and the C or M that follows removes the filled
 * size. Here the F is the execution (as LOBSTER's executions are, so the l3_fifo queue model sees
 * whom it filled), and the size a later C removes is first taken from what F records of that
 * order already executed, so nothing is removed twice. The M that follows an F gives the order's
 * size outright and needs no such care. A trade's T comes before its F records, so an L2 queue
 * model that advances by trades and caps at the level size does not count the execution twice.
 */
export class MboReplay {
  private book = new L3Book();
  /** Per order: size executed by F records and not yet removed by the feed's C. */
  private readonly executedNotRemoved = new Map<number, number>();
  readonly stats = newMboStats();

  constructor(
    private readonly out: EventWriter,
    private readonly prices: PriceReader,
  ) {}

  /** After the last record: counts what the feed never removed. */
  finish(): void {
    this.stats.executedNeverRemoved = this.executedNotRemoved.size;
  }

  /** Applies the record at `at` (the writer's times already set to it). */
  apply(view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): void {
    const flags = bytes[at + MBO_FLAGS];
    const action = bytes[at + MBO_ACTION];
    const s = this.stats;
    s.records++;
    if ((flags & Flag.TOB) !== 0) this.prices.fail(record, byteOffset, "flags", "a top-of-book record (flag 64) in MBO data: this publisher's MBO is not order-level, which is not supported");
    switch (action) {
      case ACTION_ADD:
        s.adds++;
        this.add(view, bytes, at, record, byteOffset);
        break;
      case ACTION_CANCEL:
        s.cancels++;
        this.cancel(view, bytes, at, record, byteOffset);
        break;
      case ACTION_MODIFY:
        s.modifies++;
        this.modify(view, bytes, at, record, byteOffset);
        break;
      case ACTION_FILL:
        s.fills++;
        this.fill(view, bytes, at, record, byteOffset);
        break;
      case ACTION_TRADE: {
        s.trades++;
        const aggressor = this.prices.side(bytes[at + MBO_SIDE], record, byteOffset);
        const px = this.prices.read(view, at + MBO_PRICE, record, byteOffset, "price");
        this.out.push(EventKind.TRADE, aggressor, px, view.getUint32(at + MBO_SIZE, true), 0);
        break;
      }
      case ACTION_CLEAR:
        s.clears++;
        this.book = new L3Book();
        this.executedNotRemoved.clear();
        this.out.push(EventKind.DEPTH_CLEAR, 0, 0, 0, 0);
        break;
      case ACTION_NONE:
        break;
      default:
        this.prices.fail(record, byteOffset, "action", `must be one of A, C, M, R, T, F, N, found ${describeChar(action)}`);
    }
    if ((flags & Flag.LAST) !== 0) this.out.endEvent();
  }

  private add(view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): void {
    const id = this.orderId(view, at, record, byteOffset);
    if (this.book.has(id)) this.prices.fail(record, byteOffset, "order_id", `add of order ${id}, which is already in the book`);
    this.insert(id, view, bytes, at, record, byteOffset);
  }

  private cancel(view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): void {
    const id = this.orderId(view, at, record, byteOffset);
    let size = view.getUint32(at + MBO_SIZE, true);
    // First what F records of this order executed (perhaps all of it: then it has left the book).
    const executed = this.executedNotRemoved.get(id);
    if (executed !== undefined) {
      const taken = Math.min(size, executed);
      this.stats.cancelQtyTakenByFills += taken;
      size -= taken;
      if (executed > taken) this.executedNotRemoved.set(id, executed - taken);
      else this.executedNotRemoved.delete(id);
      if (size === 0) return;
    }
    if (!this.book.has(id)) {
      this.stats.unknownCancelsFills++;
      return;
    }
    const { side, ticks } = this.checkPlace(id, view, bytes, at, record, byteOffset);
    const held = this.book.orderQty(id);
    if (size > held) this.stats.oversized++;
    const qty = this.book.cancel(id, Math.min(size, held));
    if (!this.book.has(id)) this.executedNotRemoved.delete(id);
    this.out.push(EventKind.L3_CANCEL, side, ticks * this.prices.tickNanos, qty, id);
    this.depth(side, ticks);
  }

  private modify(view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): void {
    const id = this.orderId(view, at, record, byteOffset);
    const size = view.getUint32(at + MBO_SIZE, true);
    const executedAll = this.executedNotRemoved.delete(id) && !this.book.has(id);
    if (executedAll && size === 0) return; // the feed removes an order its F records executed entirely
    if (!this.book.has(id)) {
      this.stats.unknownModifies++;
      this.insert(id, view, bytes, at, record, byteOffset);
      return;
    }
    const side = this.orderSide(bytes, at, record, byteOffset);
    const px = this.prices.read(view, at + MBO_PRICE, record, byteOffset, "price");
    const ticks = px / this.prices.tickNanos;
    const oldSide = this.book.orderSide(id);
    const oldTicks = this.book.orderPrice(id);
    if (side !== oldSide || ticks !== oldTicks || size === 0) {
      const held = this.book.remove(id);
      this.out.push(EventKind.L3_CANCEL, oldSide, oldTicks * this.prices.tickNanos, held, id);
      this.depth(oldSide, oldTicks);
      if (size === 0) return;
      this.stats.priceMoves++;
      this.book.add(id, side, ticks, size);
      this.out.push(EventKind.L3_ADD, side, px, size, id);
      this.depth(side, ticks);
      return;
    }
    if (size === this.book.orderQty(id)) return;
    this.book.modify(id, size);
    this.out.push(EventKind.L3_MODIFY, side, px, size, id);
    this.depth(side, ticks);
  }

  private fill(view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): void {
    const id = this.orderId(view, at, record, byteOffset);
    if (!this.book.has(id)) {
      this.stats.unknownCancelsFills++;
      return;
    }
    const { side, ticks } = this.checkPlace(id, view, bytes, at, record, byteOffset);
    const size = view.getUint32(at + MBO_SIZE, true);
    const held = this.book.orderQty(id);
    if (size > held) this.stats.oversized++;
    const qty = this.book.execute(id, Math.min(size, held));
    this.executedNotRemoved.set(id, (this.executedNotRemoved.get(id) ?? 0) + qty);
    this.out.push(EventKind.L3_FILL, side, ticks * this.prices.tickNanos, qty, id);
    this.depth(side, ticks);
  }

  /** Puts a new order in the book (an add, or a modify of an order the book does not hold). */
  private insert(id: number, view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): void {
    const side = this.orderSide(bytes, at, record, byteOffset);
    const px = this.prices.read(view, at + MBO_PRICE, record, byteOffset, "price");
    const size = view.getUint32(at + MBO_SIZE, true);
    if (size === 0) this.prices.fail(record, byteOffset, "size", `order ${id} enters the book with size 0`);
    const ticks = px / this.prices.tickNanos;
    this.book.add(id, side, ticks, size);
    this.out.push(EventKind.L3_ADD, side, px, size, id);
    this.depth(side, ticks);
  }

  /** The order's side and price in the book, which the record must repeat. */
  private checkPlace(id: number, view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): { side: number; ticks: number } {
    const side = this.book.orderSide(id);
    const ticks = this.book.orderPrice(id);
    const recordSide = this.prices.side(bytes[at + MBO_SIDE], record, byteOffset);
    const px = this.prices.read(view, at + MBO_PRICE, record, byteOffset, "price");
    if (recordSide !== side || px !== ticks * this.prices.tickNanos) {
      this.prices.fail(
        record,
        byteOffset,
        "price",
        `order ${id} rests at ${(ticks * this.prices.tickNanos) / 1e9} on side ${side}, the record says ${px / 1e9} on side ${recordSide}`,
      );
    }
    return PLACE.set(side, ticks);
  }

  private orderSide(bytes: Uint8Array, at: number, record: number, byteOffset: number): number {
    const side = this.prices.side(bytes[at + MBO_SIDE], record, byteOffset);
    if (side === 0) this.prices.fail(record, byteOffset, "side", "an order in the book must be on side B or A, found N");
    return side;
  }

  private orderId(view: DataView, at: number, record: number, byteOffset: number): number {
    const lo = view.getUint32(at + MBO_ORDER_ID, true);
    const hi = view.getUint32(at + MBO_ORDER_ID + 4, true);
    if (hi >= MAX_ID_HI) this.prices.fail(record, byteOffset, "order_id", `order id ≥ 2^53 is not supported (the engine keeps order ids as float64)`);
    return hi * TWO_32 + lo;
  }

  private depth(side: number, ticks: number): void {
    this.out.push(EventKind.DEPTH, side, ticks * this.prices.tickNanos, this.book.levelQty(side, ticks), 0);
  }
}

/** checkPlace's answer, one reused object (no allocation per record). */
const PLACE = {
  side: 0,
  ticks: 0,
  set(side: number, ticks: number) {
    this.side = side;
    this.ticks = ticks;
    return this;
  },
};
