import { DataError, MmlabError } from "../../../core/errors.ts";
import { SCHEMA_VERSION, type DatasetMeta, type EventColumns } from "../../schema.ts";
import { batchRowsOf, inputProgress } from "../csv.ts";
import { emptyReport, type ImportedData, type Importer, type ImportOptions, type ImportReport } from "../importer.ts";
import { DATA_SCHEMAS, Flag, HD_INSTRUMENT_ID, HD_RTYPE, KNOWN_RTYPES, Schema, SCHEMA_NAMES } from "./constants.ts";
import { readDefinitions } from "./definitions.ts";
import { EventWriter } from "./eventWriter.ts";
import { mappedInstruments, resolveInstrument, scanInstrumentIds, type ResolvedInstrument } from "./instrument.ts";
import type { DbnMetadata } from "./metadata.ts";
import { PriceReader } from "./prices.ts";
import { DbnReader } from "./reader.ts";
import { DbnRecordError } from "./recordError.ts";
import { RecordTimes } from "./recordTimes.ts";
import { replayFor } from "./replayFor.ts";
import { newDatabentoStats, skipNotes, timeNotes, type DatabentoStats } from "./stats.ts";
import type { ByteProgress } from "./source.ts";

/** The import report with the DBN import's own counts. */
export interface DatabentoImportReport extends ImportReport {
  databento: DatabentoStats;
}

/** One input's metadata header. */
interface Header {
  file: string;
  metadata: DbnMetadata;
}

/**
 * Databento DBN files, versions 1 and 2, zstd-compressed (`.dbn.zst`) or plain (`.dbn`): one data
 * schema (mbo, mbp-1, mbp-10 or trades; several files are read in the order given as one stream,
 * each in time order after the previous) and, given with `--definitions` or among the inputs
 * (recognised by their schema), instrument definition files for the tick (min_price_increment),
 * the symbol (raw_symbol) and the lot (min_lot_size, else 1 contract). Without a definition,
 * `--tick --lot --symbol` are required. One instrument per output: `--instrument-id` or `--symbol`
 * picks it when the data holds several. What each record type becomes: mbo.ts, mbp.ts, trades.ts;
 * the times: recordTimes.ts. Every price must lie on the tick grid.
 *
 * Records of other DBN types (status, statistics, system, …) in a data file are skipped and
 * counted in a note; a byte that is no DBN record type at all is an error (a corrupt stream).
 * Records flagged "maybe bad book" (flag 4: the publisher lost data) are reported as gaps, one per
 * run of such records; the import goes on (the feed recovers at its next snapshot).
 */
export const databentoImporter: Importer = {
  description: "Databento DBN v1/v2 (.dbn.zst or .dbn): MBO (order level), MBP-1/MBP-10, trades; tick, lot and symbol from --definitions",
  open: openDatabento,
};

/** Opens DBN inputs (data files and definition files) for streaming conversion. */
export async function openDatabento(inputs: readonly string[], options: ImportOptions = {}): Promise<ImportedData & { report: DatabentoImportReport }> {
  if (inputs.length === 0) throw new MmlabError("databento: no input files given");
  const headers: Header[] = [];
  for (const file of inputs) headers.push({ file, metadata: await readHeader(file) });
  const defFiles = [...(options.definitions ?? []), ...headers.filter((h) => h.metadata.schema === Schema.DEFINITION).map((h) => h.file)];
  const data = headers.filter((h) => h.metadata.schema !== Schema.DEFINITION);
  if (data.length === 0) throw new MmlabError("databento: only instrument definitions were given: name the data file(s) (mbo, mbp-1, mbp-10 or trades)");
  const first = data[0].metadata;
  for (const h of data) checkDataFile(h, first, data[0].file);
  const definitions = await readDefinitions(defFiles);
  const candidates = new Map<number, Set<string>>();
  for (const h of data) {
    for (const [id, names] of mappedInstruments(h.metadata) ?? (await scanInstrumentIds(h.file))) {
      if (!candidates.has(id)) candidates.set(id, new Set());
      for (const name of names) candidates.get(id)!.add(name);
    }
  }
  const instrument = resolveInstrument(candidates, definitions, options, "databento");
  const meta: DatasetMeta = {
    symbol: instrument.symbol,
    venue: first.dataset,
    tickSize: instrument.tickSize,
    lotSize: instrument.lotSize,
    source: `databento:${first.schemaName}`,
    schemaVersion: SCHEMA_VERSION,
  };
  const files = data.map((h) => h.file);
  const report: DatabentoImportReport = { ...emptyReport(), databento: newDatabentoStats(first, files.length, instrument.instrumentId) };
  report.notes.push(`DBN v${first.version} ${first.dataset} ${first.schemaName}, ${files.length} file(s); exch_ts = ts_event, local_ts = ts_recv`, instrument.note);
  const batches = stream(files, first.schema, instrument, batchRowsOf(options), report, inputProgress(files, options));
  return { meta, batches, report };
}

/** The metadata header of one input (the file is closed again). */
async function readHeader(file: string): Promise<DbnMetadata> {
  const reader = await DbnReader.open(file);
  await reader.close();
  return reader.metadata;
}

/** A data file must be of a supported schema, and of the first data file's schema and dataset. */
function checkDataFile(h: Header, first: DbnMetadata, firstFile: string): void {
  const m = h.metadata;
  if (!DATA_SCHEMAS.has(m.schema)) {
    const supported = [...DATA_SCHEMAS.keys()].map((s) => SCHEMA_NAMES[s]).join(", ");
    throw new DataError(h.file, undefined, "metadata schema", `${m.schemaName} is not supported: give ${supported} data (and definition files)`);
  }
  if (m.schema !== first.schema || m.dataset !== first.dataset) {
    throw new DataError(h.file, undefined, "metadata schema", `${m.dataset} ${m.schemaName} differs from ${firstFile} (${first.dataset} ${first.schemaName}): all data files must be of one dataset and schema`);
  }
}

async function* stream(
  files: readonly string[],
  schema: number,
  instrument: ResolvedInstrument,
  batchRows: number,
  report: DatabentoImportReport,
  progress: (index: number) => ByteProgress | undefined,
): AsyncGenerator<EventColumns> {
  const stats = report.databento;
  const writer = new EventWriter(batchRows, instrument.tickNanos, report);
  const prices = new PriceReader(files[0], instrument.tickNanos);
  const times = new RecordTimes();
  const replay = replayFor(schema, writer, prices, stats);
  const { rtype, recordBytes } = DATA_SCHEMAS.get(schema)!;
  const skipped = new Map<number, number>();
  let badBook = false;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    prices.file = file;
    const reader = await DbnReader.open(file, progress(i));
    let firstOfFile = true;
    try {
      for await (const run of reader.runs()) {
        const { bytes, view } = run.window;
        let record = run.firstRecord;
        for (let at = run.window.start; at < run.end; at += bytes[at] * 4, record++) {
          const type = bytes[at + HD_RTYPE];
          if (type !== rtype) {
            skipped.set(type, (skipped.get(type) ?? 0) + 1);
            continue;
          }
          if (bytes[at] * 4 < recordBytes) {
            throw new DbnRecordError(file, record, run.window.offsetOf(at), "length", `${bytes[at] * 4} bytes is shorter than a ${SCHEMA_NAMES[schema]} record (${recordBytes} bytes)`);
          }
          if (view.getUint32(at + HD_INSTRUMENT_ID, true) !== instrument.instrumentId) {
            stats.otherInstrumentRecords++;
            continue;
          }
          if (firstOfFile && i > 0 && times.startsBeforeLast(view, at)) {
            throw new DbnRecordError(file, record, run.window.offsetOf(at), "ts_event", `this file starts before the previous file ends (${times.lastNs()} ns): give the files in time order`);
          }
          firstOfFile = false;
          stats.records++;
          const flags = bytes[at + replay.flagsAt];
          times.read(view, at, replay.recvAt, flags);
          writer.setTimes(times.exchHi, times.exchLo, times.localHi, times.localLo);
          if ((flags & Flag.MAYBE_BAD_BOOK) !== 0) {
            // The publisher lost data in the channel: one gap per run of flagged records, reported, not fatal.
            if (!badBook) report.gaps.push({ file, line: record, exchTs: times.lastNs().toString(), detail: "flag 4 (maybe bad book): the publisher detected an unrecoverable gap in the channel" });
            stats.maybeBadBookRecords++;
          }
          badBook = (flags & Flag.MAYBE_BAD_BOOK) !== 0;
          replay.handler.apply(view, bytes, at, record, run.window.offsetOf(at));
          // An index loop: no iterator object per record.
          const ready = writer.takeReady();
          for (let b = 0; b < ready.length; b++) yield ready[b];
        }
      }
    } finally {
      await reader.close();
    }
  }
  replay.handler.finish?.();
  stats.snapshotRecords = times.snapshotRecords;
  stats.badTsRecv = times.badRecv;
  stats.clampedExchTs = times.clamped;
  for (const [type, count] of skipped) stats.skippedRecordTypes[KNOWN_RTYPES.get(type) ?? `0x${type.toString(16)}`] = count;
  report.notes.push(...timeNotes(times), ...skipNotes(stats), ...replay.notes());
  writer.finish();
  for (const batch of writer.takeReady()) yield batch;
}
