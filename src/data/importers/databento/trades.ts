import { EventKind } from "../../schema.ts";
import { ACTION_TRADE, MBP_ACTION, MBP_PRICE, MBP_SIDE, MBP_SIZE } from "./constants.ts";
import type { EventWriter } from "./eventWriter.ts";
import { describeChar, type PriceReader } from "./prices.ts";

/**
 * Trades records (schema `trades`, rtype 0x00, TradeMsg): each is one TRADE event, side = the
 * aggressor's (B buy +1, A sell −1, N none 0), qty = size, at the record's times. There is no book.
 */
export class TradeReplay {
  readonly stats = { records: 0, trades: 0 };

  constructor(
    private readonly out: EventWriter,
    private readonly prices: PriceReader,
  ) {}

  /** Applies the record at `at` (the writer's times already set to it). */
  apply(view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): void {
    this.stats.records++;
    const action = bytes[at + MBP_ACTION];
    if (action !== ACTION_TRADE) this.prices.fail(record, byteOffset, "action", `a trades record must have action T, found ${describeChar(action)}`);
    this.stats.trades++;
    const aggressor = this.prices.side(bytes[at + MBP_SIDE], record, byteOffset);
    const px = this.prices.read(view, at + MBP_PRICE, record, byteOffset, "price");
    this.out.push(EventKind.TRADE, aggressor, px, view.getUint32(at + MBP_SIZE, true), 0);
  }
}
