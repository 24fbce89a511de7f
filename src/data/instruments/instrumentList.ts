import { DataError } from "../../core/errors.ts";

/** Tick and lot size of one instrument, as an instrument file gives them. */
export interface InstrumentFilters {
  tickSize: number;
  lotSize: number;
}

/**
 * An instrument file the user gave (`--instruments`): tick and lot sizes by symbol, whatever the
 * venue (the file is the one the user chose for this data). An entry is checked when it is looked
 * up, so one odd entry (a delisted symbol) does not make the rest of a large file unusable.
 */
export interface InstrumentList {
  readonly path: string;
  /** What the file is, for notes: "Binance exchangeInfo" or "Coinbase /products". */
  readonly kind: string;
  /** Every symbol in the file, in file order. */
  readonly symbols: readonly string[];
  /** The filters of `symbol`, undefined when the file does not list it; a DataError when its entry is malformed. */
  find(symbol: string): InstrumentFilters | undefined;
}

/** A decimal string (or number) > 0, e.g. "0.01000000"; a DataError naming the file, line and field otherwise. */
export function positiveDecimal(value: unknown, path: string, line: number | undefined, field: string): number {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^\d+(\.\d+)?(e-?\d+)?$/i.test(text) || !(Number(text) > 0)) {
    throw new DataError(path, line, field, `must be a positive decimal, found ${JSON.stringify(value)}`);
  }
  return Number(text);
}
