import type { ImportReport } from "../importer.ts";

/** One merged stream's report, and its label for the notes. */
export interface StreamReport {
  label: string;
  report: ImportReport;
}

/**
 * Adds the streams' reports into `target` (call once, after the last batch): counts summed (every
 * numeric field: events, crossed books, reconstruction checks), events by kind summed, the time
 * span from the earliest first to the latest last event, gaps listed, notes prefixed by stream.
 * Crossed books are counted by each stream on its own book: a merged output holds one book stream.
 */
export function addReports(target: ImportReport, streams: readonly StreamReport[]): void {
  const t = target as unknown as Record<string, unknown>;
  for (const { label, report } of streams) {
    for (const [key, value] of Object.entries(report)) {
      if (typeof value === "number") t[key] = ((t[key] as number | undefined) ?? 0) + value;
    }
    for (const [kind, n] of Object.entries(report.eventsByKind)) target.eventsByKind[kind] = (target.eventsByKind[kind] ?? 0) + n;
    target.firstExchTs = earliest(target.firstExchTs, report.firstExchTs, -1n);
    target.lastExchTs = earliest(target.lastExchTs, report.lastExchTs, 1n);
    target.gaps.push(...report.gaps);
    for (const note of report.notes) target.notes.push(`[${label}] ${note}`);
  }
}

/** The earlier (sign −1) or later (sign +1) of two optional epoch-ns strings. */
function earliest(a: string | null, b: string | null, sign: bigint): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return (BigInt(b) - BigInt(a)) * sign > 0n ? b : a;
}
