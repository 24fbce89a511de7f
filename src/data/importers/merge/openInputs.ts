import { statSync } from "node:fs";
import { basename } from "node:path";
import { MmlabError } from "../../../core/errors.ts";
import type { DatasetMeta, EventColumns } from "../../schema.ts";
import { batchRowsOf } from "../csv.ts";
import { emptyReport, type ImportedData, type ImportOptions, type ImportReport } from "../importer.ts";
import { importerFor } from "../index.ts";
import { KIND_READERS, type InputKind } from "./inputKinds.ts";
import { mergeByExchTs } from "./kWayMerge.ts";
import { addReports } from "./mergeReport.ts";

/** The inputs of one data type: one stream, its files read in the order given. */
export interface InputGroup {
  files: string[];
  kind: InputKind;
}

/**
 * Opens the inputs of `convert`/`verify --from FORMAT`. Inputs of one data type are one stream,
 * read in the order given (a later file continues an earlier one). Inputs of different types (a
 * Tardis incremental_book_L2 file and its trades file; Binance depth and trades CSVs) are opened
 * as separate streams and merged by exchange time (mergeByExchTs). Tie order: rows with equal
 * exch_ts come stream by stream, in the order of each stream's first file on the command line;
 * rows of one stream keep their file order. One merged output holds at most one order-book stream
 * and one trades stream, of one instrument.
 */
export async function openInputs(format: string, inputs: readonly string[], options: ImportOptions): Promise<ImportedData> {
  const importer = importerFor(format);
  const groups = await groupInputs(format, inputs);
  if (groups.length <= 1) return importer.open(inputs, options);
  checkRoles(groups);
  const progress = groupProgress(groups, options.onProgress);
  const parts: { group: InputGroup; data: ImportedData }[] = [];
  for (let g = 0; g < groups.length; g++) {
    parts.push({ group: groups[g], data: await importer.open(groups[g].files, { ...options, onProgress: progress(g) }) });
  }
  const meta = mergedMeta(parts);
  const labels = parts.map((p) => streamLabel(p.group));
  const report = emptyReport();
  report.notes.push(`merged ${parts.length} streams by exch_ts (${labels.map((l, i) => `${i + 1}. ${l}`).join("; ")}); equal exch_ts: stream 1 first, then 2…; each stream's rows in file order`);
  const batches = mergeByExchTs(
    parts.map((p) => p.data.batches),
    labels,
    batchRowsOf(options),
  );
  return { meta, batches: withReport(batches, report, parts.map((p, i) => ({ label: labels[i], report: p.data.report }))), report };
}

/** The inputs grouped by data type, groups in the order of their first file. */
export async function groupInputs(format: string, inputs: readonly string[]): Promise<InputGroup[]> {
  const read = KIND_READERS[format];
  if (read === undefined || inputs.length <= 1) return [{ files: [...inputs], kind: { key: format, label: format, role: "book" } }];
  const groups = new Map<string, InputGroup>();
  for (const file of inputs) {
    const kind = await read(file);
    const group = groups.get(kind.key);
    if (group === undefined) groups.set(kind.key, { files: [file], kind });
    else group.files.push(file);
  }
  return [...groups.values()];
}

/** One order-book stream and one trades stream at most: two books (or two trade tapes) would be mixed into one. */
function checkRoles(groups: readonly InputGroup[]): void {
  for (const role of ["book", "trades"] as const) {
    const of = groups.filter((g) => g.kind.role === role);
    if (of.length > 1) {
      const what = role === "book" ? "order-book data" : "trades";
      throw new MmlabError(
        `merge: ${of.map((g) => `${basename(g.files[0])} (${g.kind.label})`).join(" and ")} both hold ${what}; one merged output takes one book stream and one trades stream: convert the others separately`,
      );
    }
  }
}

/** The merged dataset's metadata: the streams must agree on the instrument, its tick and its lot. */
function mergedMeta(parts: readonly { group: InputGroup; data: ImportedData }[]): DatasetMeta {
  const first = parts[0];
  const describe = (p: (typeof parts)[number]): string => {
    const m = p.data.meta;
    return `${basename(p.group.files[0])} holds ${m.venue} ${m.symbol} (tick ${m.tickSize}, lot ${m.lotSize})`;
  };
  for (const p of parts.slice(1)) {
    const a = first.data.meta;
    const b = p.data.meta;
    if (a.venue !== b.venue || a.symbol !== b.symbol || a.tickSize !== b.tickSize || a.lotSize !== b.lotSize) {
      throw new MmlabError(`merge: ${describe(first)} but ${describe(p)}: merged inputs must be one instrument with one tick and lot`);
    }
  }
  const sources = [...new Set(parts.map((p) => p.data.meta.source))];
  return { ...first.data.meta, source: sources.join("+") };
}

/** A stream's name in notes and errors: its data type and files. */
function streamLabel(g: InputGroup): string {
  return `${g.kind.label} (${g.files.map((f) => basename(f)).join(", ")})`;
}

/** Per-stream progress callbacks reporting bytes read over all inputs together. */
function groupProgress(groups: readonly InputGroup[], onProgress: ImportOptions["onProgress"]): (g: number) => ImportOptions["onProgress"] {
  if (onProgress === undefined) return () => undefined;
  const read = groups.map(() => 0);
  const total = groups.reduce((sum, g) => sum + g.files.reduce((s, f) => s + statSync(f).size, 0), 0);
  return (g) => (bytes) => {
    read[g] = bytes;
    onProgress(
      read.reduce((a, b) => a + b, 0),
      total,
    );
  };
}

/** Passes the merged batches on, then adds the streams' reports (complete once they are drained). */
async function* withReport(batches: AsyncIterable<EventColumns>, report: ImportReport, streams: Parameters<typeof addReports>[1]): AsyncGenerator<EventColumns> {
  yield* batches;
  addReports(report, streams);
}
