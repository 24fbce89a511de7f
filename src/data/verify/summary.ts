import type { ImportReport } from "../importers/importer.ts";

/** The machine-readable verify summary (`mmlab verify --json`). */
export interface VerifySummary {
  events: number;
  eventsByKind: Record<string, number>;
  firstExchTs: string | null;
  lastExchTs: string | null;
  spanSeconds: number;
  gaps: number;
  gapDetails: ImportReport["gaps"];
  crossedBooks: number;
  bboChecked: number | null;
  bboMatched: number | null;
  bookRowsChecked: number | null;
  bookRowsMatched: number | null;
  /** Depth diffs applied and dropped by the book sync (sources with diffs: Binance); null for others. */
  diffsApplied: number | null;
  diffsDropped: number | null;
  notes: string[];
}

/** Turns an import or audit report into the verify summary. */
export function verifySummary(report: ImportReport): VerifySummary {
  const span = report.firstExchTs !== null && report.lastExchTs !== null ? Number(BigInt(report.lastExchTs) - BigInt(report.firstExchTs)) / 1e9 : 0;
  return {
    events: report.events,
    eventsByKind: report.eventsByKind,
    firstExchTs: report.firstExchTs,
    lastExchTs: report.lastExchTs,
    spanSeconds: span,
    gaps: report.gaps.length,
    gapDetails: report.gaps,
    crossedBooks: report.crossedBooks,
    bboChecked: report.bboChecked ?? null,
    bboMatched: report.bboMatched ?? null,
    bookRowsChecked: report.bookRowsChecked ?? null,
    bookRowsMatched: report.bookRowsMatched ?? null,
    diffsApplied: report.diffsApplied ?? null,
    diffsDropped: report.diffsDropped ?? null,
    notes: report.notes,
  };
}

/** A human-readable verify summary. */
export function formatVerifySummary(s: VerifySummary): string {
  const iso = (ts: string | null) => (ts === null ? "—" : new Date(Number(BigInt(ts) / 1_000_000n)).toISOString());
  const kinds = Object.entries(s.eventsByKind).map(([k, n]) => `${k} ${n.toLocaleString("en-US")}`).join(", ");
  const pct = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? "" : ` (${((100 * a) / b).toFixed(2)} %)`);
  const lines = [
    `events        ${s.events.toLocaleString("en-US")}  (${kinds || "none"})`,
    `time span     ${iso(s.firstExchTs)} → ${iso(s.lastExchTs)}  (${s.spanSeconds.toFixed(1)} s)`,
    `gaps          ${s.gaps}`,
    `crossed books ${s.crossedBooks}`,
  ];
  if (s.bboChecked !== null) lines.push(`BBO agreement ${s.bboMatched} / ${s.bboChecked}${pct(s.bboMatched, s.bboChecked)}`);
  if (s.bookRowsChecked !== null) lines.push(`book rows     ${s.bookRowsMatched} / ${s.bookRowsChecked} equal${pct(s.bookRowsMatched, s.bookRowsChecked)}`);
  if (s.diffsApplied !== null) lines.push(`depth diffs   ${s.diffsApplied.toLocaleString("en-US")} applied, ${(s.diffsDropped ?? 0).toLocaleString("en-US")} not applied (covered by a snapshot or an earlier diff, or lost to a gap)`);
  for (const g of s.gapDetails.slice(0, 10)) lines.push(`  gap at ${g.file}:${g.line} (${iso(g.exchTs)}): ${g.detail}`);
  if (s.gapDetails.length > 10) lines.push(`  … ${s.gapDetails.length - 10} more gaps`);
  for (const note of s.notes) lines.push(`note: ${note}`);
  return lines.join("\n");
}
