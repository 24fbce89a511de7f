import { NANOS_PER_UNIT, SIDE_ASK, SIDE_BID, SIDE_NONE, UNDEF_PRICE_HI, UNDEF_PRICE_LO } from "./constants.ts";
import { DbnRecordError } from "./recordError.ts";

const TWO_32 = 2 ** 32;
/** |price| below 2^53 units of 1e-9 (±9,007,199 in quote currency) is exact in a float64. */
const MAX_HI = 1 << 21;

/** True when the i64 price at `at` is UNDEF_PRICE (no price: an empty level, a clear). */
export function isUndefPrice(view: DataView, at: number): boolean {
  return view.getInt32(at + 4, true) === UNDEF_PRICE_HI && view.getUint32(at, true) === UNDEF_PRICE_LO;
}

/**
 * Reads DBN prices (i64 in units of 1e-9) as exact float64 integers and holds them to the rules of
 * the event schema: defined, not negative, on the tick grid (a whole multiple of the tick). A
 * price that breaks one is a DbnRecordError naming the file, record, byte, field and value.
 */
export class PriceReader {
  constructor(
    /** The file being read (set as each input starts). */
    public file: string,
    readonly tickNanos: number,
  ) {}

  /** The price at `at` in units of 1e-9; `record`/`byteOffset`/`field` locate it for errors. */
  read(view: DataView, at: number, record: number, byteOffset: number, field: string): number {
    const hi = view.getInt32(at + 4, true);
    const lo = view.getUint32(at, true);
    if (hi === UNDEF_PRICE_HI && lo === UNDEF_PRICE_LO) this.fail(record, byteOffset, field, "price is undefined (UNDEF_PRICE) where the record needs one");
    if (hi >= MAX_HI || hi < -MAX_HI) this.fail(record, byteOffset, field, `price ${hi * TWO_32 + lo} (units of 1e-9) is beyond ±2^53`);
    const nanos = hi * TWO_32 + lo;
    if (nanos < 0) this.fail(record, byteOffset, field, `negative price ${nanos / NANOS_PER_UNIT}: the event schema holds prices ≥ 0`);
    if (nanos % this.tickNanos !== 0) {
      this.fail(record, byteOffset, field, `price ${nanos / NANOS_PER_UNIT} is not on the tick grid of ${this.tickNanos / NANOS_PER_UNIT} (pass --tick if the instrument's tick differs)`);
    }
    return nanos;
  }

  /** The side of a `side` byte: B → +1 (bid/buy), A → −1 (ask/sell), N → 0. */
  side(code: number, record: number, byteOffset: number): number {
    if (code === SIDE_BID) return 1;
    if (code === SIDE_ASK) return -1;
    if (code === SIDE_NONE) return 0;
    return this.fail(record, byteOffset, "side", `must be A, B or N, found ${describeChar(code)}`);
  }

  fail(record: number, byteOffset: number, field: string, rule: string): never {
    throw new DbnRecordError(this.file, record, byteOffset, field, rule);
  }
}

/** A byte shown as its character when printable, else in hex. */
export function describeChar(code: number): string {
  return code >= 0x20 && code < 0x7f ? `"${String.fromCharCode(code)}"` : `0x${code.toString(16).padStart(2, "0")}`;
}
