/**
 * Importer for Binance raw WebSocket captures: gzip (or plain) text files, read as ONE stream in
 * the order given, one message per line `<local_receive_time_ns> <raw JSON>` (combined-stream
 * envelopes or bare payloads; a REST depth snapshot line starts the book).
 *
 * Events:
 * - snapshot → DEPTH_CLEAR for side +1 and −1 (a resync replaces the book), then one SNAPSHOT row
 *   per level of both sides; exch_ts = its corrected local time (a REST reply carries no time).
 * - depth diff applied by the book sync (bookSync.ts; spot rule, or USD-M when diffs carry `pu`)
 *   → one DEPTH row per level, qty absolute (0 deletes), exch_ts = event time E. Diffs received
 *   before the snapshot are replayed after it with local_ts = the snapshot's local time (their
 *   levels become usable only then).
 * - trade → TRADE, side = aggressor (m = buyer is maker → the seller aggressed → −1), exch_ts = T.
 * - bookTicker → no event: the ground truth. At each update id equal to an applied diff's `u`, the
 *   rebuilt best bid/ask must equal the bookTicker's: report.bboChecked / bboMatched. The best
 *   prices come from the builder's unbounded level map (../topOfBook.ts): diffs touch levels far outside any
 *   price window. Crossed books are counted by the ColumnsBuilder after each whole message.
 *
 * Clock offset: capture hosts' clocks are off (the Binance sample's ran 1.27 s behind: local − E < 0).
 * offset = min of (local_ns − exchange_ns) over the first 200 diffs (E) and the trades (T) among
 * them, i.e. assume the fastest of those messages had zero network latency. When the offset is
 * negative, −offset is added to every local_ts (a note says how much), so local_ts ≥ exch_ts for
 * those messages. A positive offset (local ahead) is left alone. The local clock also drifts (the
 * sample's loses ~3 ms in 11 minutes, more than the ~2 ms latency), so the minimum keeps running:
 * whenever a later diff or trade arrives sooner relative to its exchange time than any before,
 * the correction is raised to match (causal, no look-ahead; local_ts stays non-decreasing; a
 * second note gives the final correction). Every diff and trade row then has local_ts ≥ its
 * exchange time. Both minima are outlier-resistant (clockCorrection.ts): a message stamped more
 * than 250 ms before the median of its neighbours (a wrong stamp: latency is never negative) is
 * left out of them, and counted in a note, so one early line cannot shift the file's clock.
 *
 * Time order: trades (T) and diffs (E) come from different streams and interleave out of order by
 * up to ~100 ms; rows are kept in arrival order and each exch_ts is clamped to the previous row's
 * (a note counts the repaired rows and the largest shift).
 *
 * Gaps: options.onGap "fail" (default) throws a DataError naming the file, line, field (U or pu)
 * and rule; "resync" records a GapRecord and waits for the next snapshot line: the diffs in
 * between are held in a bounded ring and replayed after that snapshot when they follow it.
 */
import { statSync } from "node:fs";
import { DataError, MmlabError } from "../../../core/errors.ts";
import { SCHEMA_VERSION, type DatasetMeta, type EventColumns } from "../../schema.ts";
import { emptyReport, type ImportedData, type Importer, type ImportOptions } from "../importer.ts";
import { checkInputFiles } from "../inputFile.ts";
import { readLines, type Line } from "../lines.ts";
import type { BookSyncRule } from "./bookSync.ts";
import { CaptureConverter } from "./captureConverter.ts";
import { CLOCK_OUTLIER_NS } from "./clockCorrection.ts";
import { scanCaptureHead, type CaptureHead } from "./captureHead.ts";
import { parseCaptureLine } from "./captureLine.ts";
import { BINANCE_INSTRUMENTS } from "../../instruments/binance.ts";
import { knownInstrument } from "../../instruments/lookup.ts";

/** Depth diffs sampled at the start of the capture to estimate the clock offset. */
export const OFFSET_SAMPLE_DIFFS = 200;
const DEFAULT_BATCH_ROWS = 65536;

/** Settings the generic ImportOptions cannot carry yet. */
export interface BinanceRawSettings {
  /** Book sync rule; by default detected: USD-M when diffs carry `pu`, else spot. */
  rule?: BookSyncRule;
}

/** Opens Binance raw captures (one stream, in the order given) as mmlab event batches. */
export async function openBinanceRaw(inputs: readonly string[], options: ImportOptions = {}, settings: BinanceRawSettings = {}): Promise<ImportedData> {
  if (inputs.length === 0) throw new MmlabError("binance-raw: no input files given");
  checkInputFiles(inputs);
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new MmlabError(`binance-raw: batchRows must be a positive integer, got ${batchRows}`);
  const head = await scanCaptureHead(inputs, OFFSET_SAMPLE_DIFFS);
  const rule: BookSyncRule = settings.rule ?? (head.usdm ? "usdm" : "spot");
  if (head.lines === 0) throw new MmlabError(`no events in ${inputs.join(", ")}: no capture lines in the input`);
  const symbol = (options.symbol ?? head.symbol).toUpperCase();
  if (symbol === "") throw new MmlabError(`${inputs[0]}: no symbol in the capture (no "s" field or stream name): give --symbol`);
  const venue = venueOf(rule);
  const { tickSize, lotSize, sizeGrid } = symbolFilters(venue, symbol, options, head.firstLocalNs === null ? 0 : Number(head.firstLocalNs / 1_000_000n));
  const meta: DatasetMeta = { symbol, venue, tickSize, lotSize, source: "binance-raw", schemaVersion: SCHEMA_VERSION };
  const report = emptyReport();
  clockNote(head, report.notes);
  const converter = new CaptureConverter({
    batchRows,
    tickSize,
    lotSize,
    sizeGrid,
    snapToGrid: options.snapToGrid,
    rule,
    autoRule: settings.rule === undefined,
    onGap: options.onGap ?? "fail",
    initialMinLocalMinusExchNs: head.minLocalMinusExchNs,
    initialClock: head.clock,
    report,
    onRuleSwitch: (r) => (meta.venue = venueOf(r)),
  });
  return { meta, batches: convertCaptures(inputs, converter, options.onProgress), report, ...(sizeGrid === undefined ? {} : { sizeGrid }) };
}

/** The Importer registered for `--from binance-raw`. */
export const binanceRawImporter: Importer = {
  description: "Binance raw WebSocket capture (gzip lines `<local_ns> <json>`: depth snapshot, diffs, trades, bookTicker)",
  open: (inputs, options) => openBinanceRaw(inputs, options),
};

function venueOf(rule: BookSyncRule): string {
  return rule === "usdm" ? "binance-usdm" : "binance-spot";
}

/**
 * Tick and lot of the capture: --tick/--lot, else the --instruments file, else the table of known
 * Binance instruments (src/data/instruments/binance.ts, the entry in force when the capture began).
 * The table's `sizeGrid` (a finer grid the book's sizes may lie on) is its knowledge of its lot:
 * not for a lot given otherwise.
 */
function symbolFilters(venue: string, symbol: string, options: ImportOptions, atMs: number): { tickSize: number; lotSize: number; sizeGrid?: number } {
  const listed = options.instruments?.find(symbol);
  const known = knownInstrument(BINANCE_INSTRUMENTS, venue, symbol, atMs);
  const tickSize = options.tickSize ?? listed?.tickSize ?? known?.tickSize;
  const lotSize = options.lotSize ?? listed?.lotSize ?? known?.lotSize;
  if (tickSize === undefined || lotSize === undefined) {
    const inFile = options.instruments === undefined ? "" : ` nor in ${options.instruments.path}`;
    throw new MmlabError(`binance-raw: tick and lot sizes of ${venue} ${symbol} are not in the table of known instruments${inFile}: give --tick and --lot (or --instruments with an exchangeInfo file)`);
  }
  if (!(tickSize > 0) || !(lotSize > 0)) throw new MmlabError(`binance-raw: --tick and --lot must be positive, got ${tickSize} and ${lotSize}`);
  const sizeGrid = options.lotSize === undefined && listed === undefined ? known?.sizeGrid : undefined;
  return sizeGrid === undefined ? { tickSize, lotSize } : { tickSize, lotSize, sizeGrid };
}

/** Notes the initial clock correction (ns added to local times; none unless the local clock was behind). */
function clockNote(head: CaptureHead, notes: string[]): void {
  const min = head.minLocalMinusExchNs;
  if (min === null || min >= 0n) return;
  const shift = -min;
  const seconds = (Number(shift) / 1e9).toFixed(2);
  // Outliers of the sample are left out of this minimum too; the running estimate's note counts them all.
  const robust = (head.clock?.dropped ?? 0) > 0 ? `, leaving out messages stamped over ${Number(CLOCK_OUTLIER_NS / 1_000_000n)} ms before the median` : "";
  notes.push(
    `local clock ${seconds} s behind the exchange: added ${shift.toLocaleString("en-US")} ns to local_ts ` +
      `(−min of local − exchange time over the first ${head.samples} ${head.sampledKind} and the trades among them${robust})`,
  );
}

/** Streams the inputs' lines through the converter, yielding each batch as it fills. */
async function* convertCaptures(
  inputs: readonly string[],
  converter: CaptureConverter,
  onProgress: ImportOptions["onProgress"],
): AsyncGenerator<EventColumns> {
  const sizes = inputs.map((p) => statSync(p).size);
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  let doneBytes = 0;
  for (let i = 0; i < inputs.length; i++) {
    const path = inputs[i];
    const onBytes = onProgress ? (read: number) => onProgress(doneBytes + read, totalBytes) : undefined;
    let lineNo = 0;
    const lines = readLines(path, onBytes);
    try {
      while (true) {
        let next: IteratorResult<Line>;
        try {
          next = await lines.next();
        } catch (e) {
          if (e instanceof DataError || !(e instanceof MmlabError)) throw e;
          const why = e.message.replace(/^.*: line \d+: /, "");
          throw new DataError(path, lineNo + 1, undefined, why);
        }
        if (next.done) break;
        lineNo = next.value.number;
        const message = parseCaptureLine(next.value.text, path, lineNo);
        if (message !== null) converter.onMessage(message, path, lineNo);
        if (converter.ready.length > 0) yield* converter.ready.splice(0);
      }
    } finally {
      await lines.return(undefined);
    }
    doneBytes += sizes[i];
  }
  const last = converter.finish();
  if (last !== null) yield last;
}
