import { L2Book } from "../../book/l2book.ts";
import { openEventReader } from "../arrow/reader.ts";
import { EVENT_KIND_NAMES, EventKind } from "../schema.ts";
import { emptyReport, type ImportReport } from "../importers/importer.ts";

/**
 * Checks an event file as it streams (the reader itself validates kinds, sides, prices, sizes and
 * timestamp order): events by kind, time span, crossed books — the L2 book rebuilt on the tick
 * grid is checked after each group of events with the same exchange timestamp — and resyncs (a
 * book clear once a book exists: where an importer marked a sequence gap).
 */
export async function auditEventFile(path: string, onProgress?: (events: number) => void): Promise<ImportReport> {
  const reader = await openEventReader(path);
  const report = emptyReport();
  const book = new L2Book();
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
          const nowCrossed = book.isCrossed();
          if (nowCrossed && !crossed) report.crossedBooks++;
          crossed = nowCrossed;
          lastTs = ts;
        }
        const kind = c.kind[i];
        counts[kind]++;
        if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) book.update(c.side[i], Math.round(c.price[i] * inverseTick), c.qty[i]);
        else if (kind === EventKind.DEPTH_CLEAR) {
          book.clear(c.side[i]);
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
    if (book.isCrossed() && !crossed) report.crossedBooks++;
  } finally {
    await reader.close();
  }
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0) report.eventsByKind[EVENT_KIND_NAMES[k] ?? String(k)] = counts[k];
  report.notes.push(`${reader.meta.symbol} on ${reader.meta.venue}, tick ${reader.meta.tickSize}, lot ${reader.meta.lotSize}, source ${reader.meta.source}`);
  return report;
}
