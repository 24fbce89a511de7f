/** A tick and lot size known for one instrument, optionally only for a period (ISO times, `from` inclusive). */
export interface KnownInstrument {
  venue: string;
  symbol: string;
  tickSize: number;
  lotSize: number;
  /** A finer grid the book's sizes may lie on than the order lot (resting orders from before the lot was coarsened). */
  sizeGrid?: number;
  from?: string;
  until?: string;
}

/** The entry of `table` for venue and symbol valid at `atMs` (epoch ms; `from` inclusive, `until` exclusive), if any. */
export function knownInstrument(table: readonly KnownInstrument[], venue: string, symbol: string, atMs: number): KnownInstrument | undefined {
  return table.find(
    (k) =>
      k.venue === venue &&
      k.symbol === symbol &&
      (k.from === undefined || atMs >= Date.parse(k.from)) &&
      (k.until === undefined || atMs < Date.parse(k.until)),
  );
}

/** The distinct symbols a table knows for a venue, for error messages. */
export function knownSymbols(table: readonly KnownInstrument[], venue: string): string[] {
  return [...new Set(table.filter((k) => k.venue === venue).map((k) => k.symbol))];
}
