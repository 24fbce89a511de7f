/** Rows of hftbacktest ≥ 2.0 files (64-byte `event_dtype` records) → the assembler. */
import { DataError } from "../../../core/errors.ts";
import { EventKind } from "../../schema.ts";
import type { EventAssembler } from "./assembler.ts";
import { HBT, HBT_KIND_MASK, KIND_FROM_HBT } from "./constants.ts";
import { bigInt64View, bigUint64View, float64View, uint32View, type NpyBlock } from "./npy.ts";

/** What decoding saw that the report should mention. */
export interface DecodeStats {
  bboAsDepth: number;
  clearPriceDropped: number;
}

/** Decodes one block of records: validates kind, side flags, price and qty; routes rows by EXCH/LOCAL flags. */
export function decodeV2Block(file: string, block: NpyBlock, asm: EventAssembler, stats: DecodeStats): void {
  const words = uint32View(block.bytes); // 16 words a record; `ev`'s flags all sit in its low word
  const ints = bigInt64View(block.bytes); // 8 values a record
  const uints = bigUint64View(block.bytes);
  const floats = float64View(block.bytes);
  for (let r = 0; r < block.rows; r++) {
    const row = block.firstRow + r;
    const ev = words[r * 16];
    const hbtKind = ev & HBT_KIND_MASK;
    const kind = KIND_FROM_HBT[hbtKind];
    if (kind === undefined) {
      const hex = uints[r * 8].toString(16);
      throw new DataError(file, row, "ev", `unknown event kind ${hbtKind} (ev = 0x${hex}; known kinds 1-5, 10-13)`);
    }
    const buy = (ev & HBT.BUY_EVENT) !== 0;
    const sell = (ev & HBT.SELL_EVENT) !== 0;
    if (buy && sell) throw new DataError(file, row, "ev", "both BUY_EVENT and SELL_EVENT are set");
    const side = buy ? 1 : sell ? -1 : 0;
    let price = floats[r * 8 + 3];
    let qty = floats[r * 8 + 4];
    if (kind === EventKind.DEPTH_CLEAR) {
      // hftbacktest clears "up to px"; mmlab clears the whole side, so px is informational only
      stats.clearPriceDropped++;
      if (!(price >= 0 && price < Infinity)) price = 0;
      if (!(qty >= 0 && qty < Infinity)) qty = 0;
    }
    if (!(price >= 0 && price < Infinity)) throw new DataError(file, row, "px", `must be a finite number ≥ 0, found ${price}`);
    if (!(qty >= 0 && qty < Infinity)) throw new DataError(file, row, "qty", `must be a finite number ≥ 0, found ${qty}`);
    if (hbtKind === HBT.DEPTH_BBO_EVENT) stats.bboAsDepth++;
    const orderId = uints[r * 8 + 5];
    const exch = (ev & HBT.EXCH_EVENT) !== 0;
    const local = (ev & HBT.LOCAL_EVENT) !== 0;
    if (exch) {
      const exchTs = ints[r * 8 + 1];
      const localTs = ints[r * 8 + 2];
      if (local || localTs > 0n) asm.complete(file, row, exchTs, localTs, kind, side, price, qty, orderId);
      else asm.exchOnly(file, row, exchTs, kind, side, price, qty, orderId);
    } else if (local) asm.localOnly(ints[r * 8 + 2], kind, side, price, qty, orderId);
    else asm.skip();
  }
}
