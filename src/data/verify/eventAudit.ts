import { decodeImportNotes } from "../arrow/metadata.ts";
import { openEventReader } from "../arrow/reader.ts";
import { TopOfBook } from "../importers/topOfBook.ts";
import { EVENT_KIND_NAMES, EventKind } from "../schema.ts";
import { emptyReport, type ImportReport } from "../importers/importer.ts";

/**
 * Checks an event file as it streams (the reader itself validates kinds, sides, prices and sizes
 * on the tick and lot grid, and timestamp order): events by kind, time span, crossed books — the
 * book rebuilt on the tick grid (unbounded, as convert's count) is checked after each group of
 * events with the same exchange timestamp, as a backtest judges it — and resyncs (a book clear
 * once a book exists: where an importer marked a sequence gap). The notes of the import that made
 * the file (stored in its metadata) come after the file's own.
 */
export async function auditEventFile(path: string, onProgress?: (events: number) => void): Promise<ImportReport> {
  const reader = await openEventReader(path);
  const report = emptyReport();
  const book = new TopOfBook();
  const inverseTick = 1 / reader.meta.tickSize;
  const counts = new Float64Array(256);
  let started = false;
  let crossed = false;
  let lastTs = 0n;
  let lastClearTs = -1n;
  try {
    for await (const c of reader.batches()) {
      if (report.firstExchTs === null && c.length > 0) report.firstExchTs = c.exchTs[0].toString();
      for (let i = 0; i < c.length; i++) {
        const ts = c.exchTs[i];
        if (ts !== lastTs) {
          // A timestamp group ended: judge the book as the market would show it.
          const nowCrossed = book.crossed();
          if (nowCrossed && !crossed) report.crossedBooks++;
          crossed = nowCrossed;
          lastTs = ts;
        }
        const kind = c.kind[i];
        counts[kind]++;
        if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) book.update(c.side[i], Math.round(c.price[i] * inverseTick), c.qty[i]);
        else if (kind === EventKind.DEPTH_CLEAR) {
          if (c.side[i] !== -1) book.clear(1);
          if (c.side[i] !== 1) book.clear(-1);
          if (started && ts !== lastClearTs) {
            report.gaps.push({ file: path, line: report.events + i, exchTs: ts.toString(), detail: "book cleared and rebuilt (a resync)" });
            lastClearTs = ts;
          }
        }
        if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) started = true; // a book exists
      }
      report.events += c.length;
      if (c.length > 0) report.lastExchTs = c.exchTs[c.length - 1].toString();
      onProgress?.(report.events);
    }
    if (book.crossed() && !crossed) report.crossedBooks++;
  } finally {
    await reader.close();
  }
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0) report.eventsByKind[EVENT_KIND_NAMES[k] ?? String(k)] = counts[k];
  const sizeGrid = reader.grid.sizeStep === reader.meta.lotSize ? "" : ` (sizes on a ${reader.grid.sizeStep} grid)`;
  report.notes.push(`${reader.meta.symbol} on ${reader.meta.venue}, tick ${reader.meta.tickSize}, lot ${reader.meta.lotSize}${sizeGrid}, source ${reader.meta.source}`);
  for (const note of decodeImportNotes(reader.metadata)) report.notes.push(`import: ${note}`);
  return report;
}
