/**
 * Rows of hftbacktest 1.x files: float64 (N, 6) arrays [event, exch_timestamp, local_timestamp,
 * side, price, qty]. A timestamp ≤ 0 (1.x writes -1) marks the row invalid on that side, as
 * hftbacktest's `migration2.convert` reads them. 1.x files hold epoch microseconds (most
 * examples) or nanoseconds: the unit is taken from the first valid timestamp's magnitude
 * (≥ 1e17 ns, ≥ 1e14 µs — i.e. dates after 1973) and every later timestamp must agree.
 */
import { DataError } from "../../../core/errors.ts";
import { EventKind } from "../../schema.ts";
import type { EventAssembler } from "./assembler.ts";
import { KIND_FROM_HBT_V1 } from "./constants.ts";
import type { DecodeStats } from "./decodeV2.ts";
import { float64View, type NpyBlock } from "./npy.ts";

const NS_MIN = 1e17;
const US_MIN = 1e14;

/** The time unit of a 1.x file, fixed by its first valid timestamp. */
export interface V1Clock {
  unit: "ns" | "us" | null;
}

/** Decodes one block of 6-column rows into the assembler. */
export function decodeV1Block(file: string, block: NpyBlock, asm: EventAssembler, clock: V1Clock, stats: DecodeStats): void {
  const f = float64View(block.bytes);
  for (let r = 0; r < block.rows; r++) {
    const row = block.firstRow + r;
    const o = r * 6;
    const code = f[o];
    const kind = KIND_FROM_HBT_V1[code];
    if (kind === undefined) throw new DataError(file, row, "event", `unknown event kind ${code} (1.x kinds are 1-4)`);
    const side = f[o + 3];
    if (side !== 1 && side !== -1 && side !== 0) throw new DataError(file, row, "side", `must be 1, -1 or 0, found ${side}`);
    let price = f[o + 4];
    let qty = f[o + 5];
    if (kind === EventKind.DEPTH_CLEAR) {
      stats.clearPriceDropped++;
      if (!(price >= 0 && price < Infinity)) price = 0;
      if (!(qty >= 0 && qty < Infinity)) qty = 0;
    }
    if (!(price >= 0 && price < Infinity)) throw new DataError(file, row, "price", `must be a finite number ≥ 0, found ${price}`);
    if (!(qty >= 0 && qty < Infinity)) throw new DataError(file, row, "qty", `must be a finite number ≥ 0, found ${qty}`);
    const exch = f[o + 1];
    const local = f[o + 2];
    if (exch > 0) {
      const exchTs = toNs(file, row, "exch_timestamp", exch, clock);
      if (local > 0) asm.complete(file, row, exchTs, toNs(file, row, "local_timestamp", local, clock), kind, side, price, qty, 0n);
      else asm.exchOnly(file, row, exchTs, kind, side, price, qty, 0n);
    } else if (local > 0) asm.localOnly(toNs(file, row, "local_timestamp", local, clock), kind, side, price, qty, 0n);
    else asm.skip();
  }
}

/** A 1.x timestamp as int64 epoch ns. */
function toNs(file: string, row: number, field: string, value: number, clock: V1Clock): bigint {
  if (clock.unit === null) {
    if (value >= NS_MIN) clock.unit = "ns";
    else if (value >= US_MIN) clock.unit = "us";
    else {
      throw new DataError(file, row, field, `cannot tell the unit of ${value}: expected epoch microseconds (≥ 1e14) or nanoseconds (≥ 1e17)`);
    }
  }
  if (!Number.isFinite(value)) throw new DataError(file, row, field, `must be finite, found ${value}`);
  if (clock.unit === "ns") {
    if (value < NS_MIN) throw new DataError(file, row, field, `${value} is not epoch nanoseconds like the file's first timestamp`);
    return BigInt(Math.round(value));
  }
  if (value < US_MIN || value >= NS_MIN) {
    throw new DataError(file, row, field, `${value} is not epoch microseconds like the file's first timestamp`);
  }
  const whole = Math.floor(value);
  return BigInt(whole) * 1000n + BigInt(Math.round((value - whole) * 1000));
}
