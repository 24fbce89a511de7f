import type { InstrumentList } from "../instruments/instrumentList.ts";
import type { DatasetMeta, EventColumns } from "../schema.ts";

/** Symbol filters a user may give on the command line (`--symbol --tick --lot`), overriding what the source says. */
export interface ImportOptions {
  symbol?: string;
  tickSize?: number;
  lotSize?: number;
  /** Tick and lot sizes from a file the user gave (`--instruments`): after --tick/--lot, before the built-in tables. */
  instruments?: InstrumentList;
  /** Rows per output batch (memory stays bounded by this). */
  batchRows?: number;
  /** Round off-grid prices and sizes to the tick and lot grid (counted in a note) instead of failing. */
  snapToGrid?: boolean;
  /** What to do on a sequence gap: fail (default) or mark it and resync from the next snapshot. */
  onGap?: "fail" | "resync";
  /** Called now and then with the bytes read so far and the total (for progress bars). */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** Instrument definition files for the tick, lot and symbol (`--definitions`; Databento). */
  definitions?: readonly string[];
  /** The instrument to write when the data holds several (`--instrument-id`; Databento). */
  instrumentId?: number;
}

/** One sequence gap found while importing. */
export interface GapRecord {
  /** Input file and 1-based line (or row) where the gap was detected. */
  file: string;
  line: number;
  /** Exchange time of the event after the gap, epoch ns (as a decimal string: JSON has no int64). */
  exchTs: string;
  detail: string;
}

/**
 * What an import found, for `mmlab verify` and the `convert` summary. Counts are filled in as the
 * batches are consumed; read it after the last batch.
 */
export interface ImportReport {
  events: number;
  eventsByKind: Record<string, number>;
  firstExchTs: string | null;
  lastExchTs: string | null;
  gaps: GapRecord[];
  crossedBooks: number;
  /** Reconstruction checks the source allows (Binance bookTicker, LOBSTER orderbook file). */
  bboChecked?: number;
  bboMatched?: number;
  bookRowsChecked?: number;
  bookRowsMatched?: number;
  /**
   * Depth diffs the book sync applied, and those it did not (covered by a snapshot or an earlier
   * diff, lost to a gap, or still waiting at the end): sources with diffs (Binance).
   */
  diffsApplied?: number;
  diffsDropped?: number;
  /** What the importer did to the data that a user should know (clock offset removed, repairs). */
  notes: string[];
}

/** An import in progress: the dataset's metadata, its batches (streamed once) and the report. */
export interface ImportedData {
  meta: DatasetMeta;
  batches: AsyncIterable<EventColumns>;
  report: ImportReport;
  /**
   * The grid the data's sizes lie on when finer than the lot (orders resting from before a venue
   * coarsened its lot; see gridCheck.ts); written to the event file's metadata (`size_grid`).
   */
  sizeGrid?: number;
}

/** A source format: reads its inputs and streams them as event batches in the mmlab schema. */
export interface Importer {
  /** One line for `--help`. */
  readonly description: string;
  open(inputs: readonly string[], options: ImportOptions): Promise<ImportedData>;
}

/** A fresh, empty report. */
export function emptyReport(): ImportReport {
  return { events: 0, eventsByKind: {}, firstExchTs: null, lastExchTs: null, gaps: [], crossedBooks: 0, notes: [] };
}
