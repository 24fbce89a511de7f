/**
 * hftbacktest data files (`.npz`, or a bare `.npy`): hftbacktest ≥ 2.0 event records and 1.x
 * float64 (N, 6) arrays. Several inputs are read one after another as one dataset. The files do
 * not record the instrument, so `--symbol --tick --lot` are required. See assembler.ts for how
 * hftbacktest's exchange-only / local-only rows become mmlab events, constants.ts for the kinds.
 * Rows in errors are 0-based indices into the file's array, as numpy numbers them.
 */
import { MmlabError } from "../../../core/errors.ts";
import type { EventBatchPool } from "../../batch.ts";
import { finerSizeGrid, GridCheck } from "../../gridCheck.ts";
import { SCHEMA_VERSION, type DatasetMeta, type EventBatch } from "../../schema.ts";
import { emptyReport, type ImportOptions, type ImportReport, type Importer } from "../importer.ts";
import { EventAssembler } from "./assembler.ts";
import { ColumnsWriter } from "./columnsWriter.ts";
import { EngineWriter } from "./engineWriter.ts";
import { decodeV1Block, type V1Clock } from "./decodeV1.ts";
import { decodeV2Block, type DecodeStats } from "./decodeV2.ts";
import { detectFormat, type HbtFormat } from "./format.ts";
import { openNpyStream, type NpyStream } from "./npy.ts";
import { readSizeGrid } from "./sizeGridEntry.ts";
import { dataEntry, entryBytes, entryDataStart, fileChunks, fileRange, listZipEntries, openInput, WORKER_MIN_BYTES, zipEntryChunks, type ZipEntry } from "./npz.ts";

const DEFAULT_BATCH_ROWS = 65_536;

/** One input, probed: where its array is and which layout it has. */
interface Source {
  file: string;
  /** The `.npy` entry inside an `.npz`; undefined for a bare `.npy`. */
  entry?: ZipEntry;
  /** Offset of the entry's compressed data in the archive. */
  dataStart: number;
  size: number;
  format: HbtFormat;
  renamed: string[];
  /** The grid the data's sizes lie on, when the archive records one finer than the lot (sizeGridEntry.ts). */
  sizeGrid?: number;
}

export const hftbacktestImporter: Importer = {
  description: "hftbacktest .npz/.npy files (2.x event records or 1.x float64 arrays); needs --symbol --tick --lot",
  async open(inputs: readonly string[], options: ImportOptions) {
    if (inputs.length === 0) throw new MmlabError("hftbacktest: no input files given");
    const meta = metaFromOptions(options);
    const sources: Source[] = [];
    for (const file of inputs) sources.push(await probe(file));
    const report = emptyReport();
    const sizeGrid = sourcesSizeGrid(sources, meta.lotSize);
    const bytesTotal = sources.reduce((s, x) => s + x.size, 0);
    let bytesBefore = 0;
    const open = async (src: Source): Promise<NpyStream> => {
      const onBytes = options.onProgress ? (read: number) => options.onProgress?.(bytesBefore + read, bytesTotal) : undefined;
      // read whole, start to end: a large entry inflates in a worker, ahead of the decoding
      const stream = await openStream(src.file, src.entry, onBytes, src.entry !== undefined && src.entry.size >= WORKER_MIN_BYTES);
      return { ...stream, blocks: () => afterBlocks(stream.blocks(), () => (bytesBefore += src.size)) };
    };
    const grid = new GridCheck(meta.tickSize, meta.lotSize, options.snapToGrid ?? false, sizeGrid);
    const writer = new ColumnsWriter(options.batchRows ?? DEFAULT_BATCH_ROWS, grid, report, () => asm.where);
    const asm = new EventAssembler(writer);
    return { meta, report, batches: readSources(sources, open, asm, report), ...(sizeGrid === undefined ? {} : { sizeGrid }) };
  },
};

/** One hftbacktest file opened for a backtest (see openHftbacktestFile). */
export interface HftbacktestFile {
  meta: DatasetMeta;
  sizeGrid?: number;
  /**
   * The file's events from `bytes`: every byte of the file, first to last, in chunks (the caller
   * reads the file once, and may hash what it reads: all of it is consumed), each of which the
   * caller may reuse once the next is asked for.
   */
  events(bytes: AsyncIterable<Uint8Array>): HftbacktestEvents;
  /** The archive's entry holding the array (undefined for a bare `.npy`). */
  entry?: ZipEntry;
  /**
   * The file's events, as events() gives them, from `arrayBytes`: the uncompressed bytes of the
   * array (the `.npy` file, or the archive's entry as entryBytes gives them: e.g. read and inflated
   * ahead by a worker thread, entryBytesReadAhead), first to last, each valid until the next is
   * asked for. Whoever reads the file hashes it.
   */
  arrayEvents(arrayBytes: AsyncIterable<Uint8Array>): HftbacktestEvents;
}

/** A backtest's read of an hftbacktest file: the engine's batches (see openHftbacktestFile). */
export interface HftbacktestEvents {
  batches: AsyncGenerator<EventBatch>;
  /** Epoch ns of relative time 0: the first event's exch_ts, once the first batch was read. */
  originNs(): bigint | undefined;
  /** Takes the batches after the one being filled from `pool` (the consumer gives them back when done with them). */
  usePool(pool: EventBatchPool): void;
}

/**
 * One `.npz`/`.npy` file read as a backtest reads it, as the engine's batches: those toEventBatch
 * makes of the importer's batches, bit for bit (engineWriter.ts), checked the same way (grid, order,
 * kinds: the same errors), without the import report (counts, crossed books, notes), which a
 * backtest has no use for. The bytes come from the caller, who reads the file once.
 */
export async function openHftbacktestFile(file: string, options: ImportOptions): Promise<HftbacktestFile> {
  const meta = metaFromOptions(options);
  const src = await probe(file);
  const sizeGrid = sourcesSizeGrid([src], meta.lotSize);
  // the engine's batches of the array's bytes as `open` streams them
  const read = (open: () => Promise<NpyStream>): HftbacktestEvents => {
    const grid = new GridCheck(meta.tickSize, meta.lotSize, options.snapToGrid ?? false, sizeGrid);
    const writer = new EngineWriter(options.batchRows ?? DEFAULT_BATCH_ROWS, grid, () => asm.where);
    const asm = new EventAssembler(writer, writer);
    return { batches: readSources([src], open, asm, undefined), originNs: () => writer.originNs(), usePool: (pool) => writer.usePool(pool) };
  };
  const entry = src.entry;
  return {
    meta,
    ...(sizeGrid === undefined ? {} : { sizeGrid }),
    ...(entry === undefined ? {} : { entry }),
    events: (bytes) =>
      read(() =>
        entry === undefined
          ? openNpyStream(bytes[Symbol.asyncIterator](), file)
          : openNpyStream(entryBytes(file, entry, fileRange(`${file}:${entry.name}`, bytes, src.dataStart, src.dataStart + entry.compressedSize), { worker: entry.size >= WORKER_MIN_BYTES }), file),
      ),
    arrayEvents: (arrayBytes) => read(() => openNpyStream(arrayBytes[Symbol.asyncIterator](), file)),
  };
}

/** Dataset facts from the command line: hftbacktest files carry no symbol, tick or lot size. */
export function metaFromOptions(options: ImportOptions): DatasetMeta {
  const missing: string[] = [];
  if (!options.symbol) missing.push("--symbol");
  if (options.tickSize === undefined) missing.push("--tick");
  if (options.lotSize === undefined) missing.push("--lot");
  if (missing.length > 0) {
    throw new MmlabError(`hftbacktest: ${missing.join(", ")} required (hftbacktest files do not record the symbol, tick size or lot size)`);
  }
  for (const [flag, value] of [["--tick", options.tickSize], ["--lot", options.lotSize]] as const) {
    if (!(typeof value === "number" && value > 0 && value < Infinity)) {
      throw new MmlabError(`hftbacktest: ${flag} must be a positive number, got ${String(value)}`);
    }
  }
  return {
    symbol: options.symbol as string,
    venue: "unknown",
    tickSize: options.tickSize as number,
    lotSize: options.lotSize as number,
    source: "hftbacktest",
    schemaVersion: SCHEMA_VERSION,
  };
}

/** Finds the array in an input and checks its header, without reading its rows. */
async function probe(file: string): Promise<Source> {
  const handle = await openInput(file);
  let size: number;
  let magic: Buffer;
  try {
    size = (await handle.stat()).size;
    magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  const isZip = magic.readUInt32LE(0) === 0x04034b50 || file.toLowerCase().endsWith(".npz");
  const entries = isZip ? await listZipEntries(file) : [];
  const entry = isZip ? dataEntry(file, entries) : undefined;
  const stream = await openStream(file, entry);
  await stream.close();
  const { format, renamed } = detectFormat(file, stream.header);
  const sizeGrid = await readSizeGrid(file, entries);
  const dataStart = entry === undefined ? 0 : await entryDataStart(file, entry);
  return { file, entry, dataStart, size, format, renamed, ...(sizeGrid === undefined ? {} : { sizeGrid }) };
}

function openStream(file: string, entry: ZipEntry | undefined, onBytes?: (read: number) => void, worker = false): Promise<NpyStream> {
  const chunks = entry ? zipEntryChunks(file, entry, onBytes, { worker }) : fileChunks(file, onBytes);
  return openNpyStream(chunks, file);
}

/**
 * The size grid the files record, when every file records the same one and the lot (--lot) is a
 * whole multiple of it: the data's sizes may then be that fine. Else none (sizes on the lot).
 */
function sourcesSizeGrid(sources: readonly Source[], lotSize: number): number | undefined {
  const grid = sources[0]?.sizeGrid;
  return sources.every((s) => s.sizeGrid === grid) ? finerSizeGrid(grid, lotSize) : undefined;
}

/** Runs `then` once the blocks have all been read. */
async function* afterBlocks<T>(blocks: AsyncGenerator<T>, then: () => void): AsyncGenerator<T> {
  yield* blocks;
  then();
}

/** The batches of `sources`, each read through `open`, as `asm`'s writer makes them; the report is kept when given. */
async function* readSources<B>(sources: Source[], open: (src: Source) => Promise<NpyStream>, asm: EventAssembler<B>, report: ImportReport | undefined): AsyncGenerator<B> {
  const stats: DecodeStats = { bboAsDepth: 0, clearPriceDropped: 0 };
  const handOver = (batch: B): B => {
    asm.writer.handOver?.(batch);
    return batch;
  };
  for (const src of sources) {
    const clock: V1Clock = { unit: null };
    const stream = await open(src);
    for await (const block of stream.blocks()) {
      if (src.format === "v2") decodeV2Block(src.file, block, asm, stats);
      else decodeV1Block(src.file, block, asm, clock, stats);
      while (asm.ready.length > 0) yield handOver(asm.ready.shift() as B);
    }
    if (report !== undefined) describeSource(src, clock, report);
  }
  asm.finish();
  if (report !== undefined) addNotes(asm, stats, report);
  while (asm.ready.length > 0) yield handOver(asm.ready.shift() as B);
}

function describeSource(src: Source, clock: V1Clock, report: ImportReport): void {
  if (src.format === "v2") {
    report.notes.push(`${src.file}: hftbacktest 2.x event records`);
    if (src.renamed.length > 0) report.notes.push(`${src.file}: fields read by position despite other names: ${src.renamed.join(", ")}`);
  } else if (clock.unit === "us") {
    report.notes.push(`${src.file}: hftbacktest 1.x array; timestamps read as epoch microseconds (×1000 to ns)`);
  } else if (clock.unit === "ns") {
    report.notes.push(`${src.file}: hftbacktest 1.x array; timestamps read as epoch nanoseconds (float64: exact only to ~256 ns)`);
  }
}

function addNotes<B>(asm: EventAssembler<B>, stats: DecodeStats, report: ImportReport): void {
  const c = asm.counts;
  if (c.droppedLocalOnly > 0) {
    report.notes.push(`${c.droppedLocalOnly} local-only rows dropped: duplicates of exchange-side rows split by correct_event_order`);
  }
  if (c.pairedLocalOnly > 0) {
    report.notes.push(`${c.pairedLocalOnly} exchange-only rows took their local timestamp from their local-only copy`);
  }
  if (c.skippedNoFlag > 0) report.notes.push(`${c.skippedNoFlag} rows with neither EXCH_EVENT nor LOCAL_EVENT skipped (hftbacktest ignores them)`);
  if (stats.bboAsDepth > 0) report.notes.push(`${stats.bboAsDepth} DEPTH_BBO events imported as depth updates`);
  if (stats.clearPriceDropped > 0) {
    report.notes.push(`${stats.clearPriceDropped} DEPTH_CLEAR events: mmlab clears the whole side (hftbacktest clears up to a finite px)`);
  }
}
