import { existsSync } from "node:fs";
import { DataError, MmlabError } from "../../../core/errors.ts";
import { GridCheck, type RowRef } from "../../gridCheck.ts";
import { SCHEMA_VERSION, type DatasetMeta, type EventColumns } from "../../schema.ts";
import { ColumnsBuilder } from "../columnsBuilder.ts";
import { emptyReport, type ImportedData, type Importer, type ImportOptions, type ImportReport } from "../importer.ts";
import { readLines, type Line } from "../lines.ts";
import { parseLobsterFileName } from "./fileName.ts";
import { bookRowLevels, newMessage, parseBookRow, parseMessage } from "./parse.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { LobsterReplay } from "./replay.ts";
import { lobsterNotes, newLobsterStats, type LobsterStats } from "./stats.ts";
import { midnightEpochNs } from "./time.ts";

/** LOBSTER options beyond the common ones. */
export interface LobsterImportOptions extends ImportOptions {
  /** Trading date YYYY-MM-DD, when the message file's name does not carry it. */
  date?: string;
}

/** The import report with the LOBSTER reconstruction's own counts. */
export interface LobsterImportReport extends ImportReport {
  lobster: LobsterStats;
}

const PRICE_SCALE = 10_000;
const DEFAULT_BATCH_ROWS = 65_536;

/**
 * LOBSTER (NASDAQ TotalView-ITCH, academic) message file, optionally with its orderbook file:
 * inputs [MESSAGES_CSV] or [MESSAGES_CSV, ORDERBOOK_CSV], streamed in lock-step (orderbook row i
 * is the book after message i).
 *
 * Events per message type (all at the message's time; exch_ts = local_ts = New York midnight of
 * the trading date + time, exact to the ns; price = LOBSTER price / 10000; side = direction):
 *   1 submit          L3_ADD (qty = size), DEPTH
 *   2 partial cancel  L3_CANCEL (qty = cancelled size), DEPTH
 *   3 delete          L3_CANCEL (qty = the order's remaining size), DEPTH
 *   4 execution       TRADE (side = aggressor = −direction, qty = size), L3_FILL (qty = size), DEPTH
 *   5 hidden exec.    TRADE only (side = −direction; the visible book does not change; LOBSTER
 *                     warns that NASDAQ may mask the hidden order's side)
 *   6 cross trade     TRADE only, side 0 (an auction cross has no aggressor)
 *   7 halt            nothing; noted in the report (price −1 halt, 0 quoting resumes, 1 trading resumes)
 * DEPTH carries the level's new absolute size (0 deletes it), so L2 consumers can ignore L3 kinds.
 * The TRADE of an execution comes before the level shrinks, so an L2 queue model that advances
 * our position by trades and caps it at the level size does not count the execution twice.
 *
 * With the orderbook file, the book before message 1 is emitted as SNAPSHOT events (one synthetic
 * order per level), orders submitted before the file starts are taken from those synthetic
 * orders, levels that come into view from beyond the file's depth are re-synced from it, and
 * every row is checked against the rebuilt book (bookRowsChecked / bookRowsMatched); see
 * replay.ts for the exact rules. Without it, messages about orders submitted before the file
 * starts make no L3/DEPTH events (their levels stay incomplete) and nothing is checked.
 */
export const lobsterImporter: Importer = {
  description: "LOBSTER message CSV [+ orderbook CSV] (NASDAQ, L3 with L2 depth)",
  open: openLobster,
};

/** Opens a LOBSTER message file (and optionally its orderbook file) for streaming conversion. */
export async function openLobster(inputs: readonly string[], options: LobsterImportOptions = {}): Promise<ImportedData & { report: LobsterImportReport }> {
  if (inputs.length < 1 || inputs.length > 2) throw new MmlabError(`lobster: expected MESSAGES_CSV [ORDERBOOK_CSV], got ${inputs.length} inputs`);
  const [messageFile, bookFile] = inputs;
  for (const file of inputs) if (!existsSync(file)) throw new DataError(file, undefined, undefined, "no such file");
  const name = parseLobsterFileName(messageFile);
  if (name?.file === "orderbook") throw new DataError(messageFile, undefined, undefined, "this is an orderbook file: give the message file first");
  if (bookFile !== undefined && parseLobsterFileName(bookFile)?.file === "message") {
    throw new DataError(bookFile, undefined, undefined, "this is a message file: the second input must be the orderbook file");
  }
  const date = options.date ?? name?.date;
  if (date === undefined) throw new DataError(messageFile, undefined, "date", "cannot tell the trading date: keep LOBSTER's file name (TICKER_YYYY-MM-DD_…) or pass the date option");
  const midnightNs = midnightEpochNs(date);
  if (midnightNs === undefined) throw new DataError(messageFile, undefined, "date", `"${date}" is not a valid YYYY-MM-DD date`);
  const symbol = options.symbol ?? name?.symbol;
  if (symbol === undefined) throw new DataError(messageFile, undefined, "symbol", "cannot tell the symbol: keep LOBSTER's file name (TICKER_YYYY-MM-DD_…) or pass the symbol option");
  const tickSize = options.tickSize ?? 0.01;
  const lotSize = options.lotSize ?? 1;
  const meta: DatasetMeta = { symbol, venue: "NASDAQ", tickSize, lotSize, source: "lobster", schemaVersion: SCHEMA_VERSION };
  const report: LobsterImportReport = { ...emptyReport(), lobster: newLobsterStats(0) };
  const grid = new GridCheck(tickSize, lotSize, options.snapToGrid ?? false);
  const batches = stream({ messageFile, bookFile, midnightNs, grid, batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS, report, onProgress: options.onProgress });
  return { meta, batches, report };
}

interface StreamSpec {
  messageFile: string;
  bookFile: string | undefined;
  midnightNs: bigint;
  grid: GridCheck;
  batchRows: number;
  report: LobsterImportReport;
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

async function* stream(spec: StreamSpec): AsyncGenerator<EventColumns> {
  const { messageFile, bookFile, report } = spec;
  const where: RowRef = { file: messageFile, row: undefined };
  const builder = new ColumnsBuilder(spec.batchRows, spec.grid, report, () => where);
  const pending = new PendingEvents();
  const bookLines = bookFile === undefined ? undefined : nonBlank(readLines(bookFile));
  let replay: LobsterReplay | undefined;
  let row = new Float64Array(0);
  let prev = new Float64Array(0);
  let lastTimeNs = -1n;
  let roundedTimes = 0;
  let firstRounded = "";
  const m = newMessage();
  if (bookFile !== undefined) {
    report.bookRowsChecked = 0;
    report.bookRowsMatched = 0;
  }
  try {
    for await (const line of nonBlank(readLines(messageFile, spec.onProgress))) {
      where.row = line.number;
      parseMessage(line.text, messageFile, line.number, m);
      if (m.timeRounded && roundedTimes++ === 0) firstRounded = `line ${line.number}: ${line.text.slice(0, line.text.indexOf(","))}`;
      if (m.timeNs < lastTimeNs) throw new DataError(messageFile, line.number, "time", "time goes backwards (messages must be in time order)");
      lastTimeNs = m.timeNs;
      if (bookLines !== undefined && bookFile !== undefined) {
        const bookLine = await bookLines.next();
        if (bookLine.done) throw new DataError(bookFile, undefined, undefined, `has fewer rows than the message file (none for message line ${line.number})`);
        const { text, number } = bookLine.value;
        if (replay === undefined) {
          const levels = bookRowLevels(text, bookFile, number);
          row = new Float64Array(4 * levels);
          prev = new Float64Array(4 * levels);
          replay = new LobsterReplay(pending, messageFile, levels);
          parseBookRow(text, bookFile, number, row);
          replay.seed(row, m, bookFile, number);
          prev.set(row);
        } else {
          const swap = prev;
        prev = row;
        row = swap;
          parseBookRow(text, bookFile, number, row);
        }
        replay.apply(m);
        replay.resync(prev, row);
        report.bookRowsChecked!++;
        const mismatch = replay.compare(row);
        if (mismatch === null) report.bookRowsMatched!++;
        else if (replay.stats.firstMismatch === null) replay.stats.firstMismatch = `orderbook row ${number}: ${mismatch}`;
      } else {
        replay ??= new LobsterReplay(pending, messageFile, 0);
        replay.apply(m);
      }
      report.lobster = replay.stats;
      const ts = spec.midnightNs + m.timeNs;
      for (let i = 0; i < pending.length; i++) {
        builder.push(ts, ts, pending.kind[i], pending.side[i], pending.price[i] / PRICE_SCALE, pending.qty[i], BigInt(pending.orderId[i]));
        if (builder.full()) yield builder.take();
      }
      pending.clear();
      builder.checkCrossed();
    }
    if (bookLines !== undefined && bookFile !== undefined) {
      const extra = await bookLines.next();
      if (!extra.done) throw new DataError(bookFile, extra.value.number, undefined, "has more rows than the message file");
    }
  } finally {
    await bookLines?.return(undefined);
  }
  if (replay !== undefined) report.notes.push(...lobsterNotes(replay.stats));
  if (roundedTimes > 0) report.notes.push(`${roundedTimes} message times had more than 9 decimals: rounded to the ns (first at ${firstRounded})`);
  if (builder.pending() > 0) yield builder.take();
}

/** The lines that are not blank. */
async function* nonBlank(lines: AsyncIterable<Line>): AsyncGenerator<Line> {
  for await (const line of lines) if (line.text.trim() !== "") yield line;
}
