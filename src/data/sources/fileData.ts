import { statSync } from "node:fs";
import { extname } from "node:path";
import type { SourceFormat } from "../importers/index.ts";
import { DigestCache, digestCacheDir, fileStamp, sameStamp } from "../../core/digestCache.ts";
import { prefetch } from "../../core/prefetch.ts";
import { DataError } from "../../core/errors.ts";
import { EventStreamCheck, openEventReader } from "../arrow/reader.ts";
import { checkInputFile } from "../importers/inputFile.ts";
import { toCheckedEventBatch, toEventBatch } from "../batch.ts";
import { replaySessionMetadata, unfinishedNote } from "../session.ts";
import { hashFile, hashFileCached, HashedFileRead } from "./fileHash.ts";
import type { MarketData } from "./marketData.ts";
import type { InflateWorker } from "../importers/hftbacktest/inflateWorker.ts";
import type { ArrayReadAhead } from "./npzReadAhead.ts";
import { loadSessionReplay } from "./sessionReplay.ts";

/** Importers that read a data file directly by its extension (`--data F.npz`). */
const DIRECT_FORMATS: Record<string, SourceFormat> = { ".npz": "hftbacktest", ".npy": "hftbacktest", ".parquet": "parquet" };

/**
 * A data file as market data: an event file (.arrow) directly, or a file another importer reads
 * (.npz/.npy from hftbacktest, .parquet) through the same path, with the symbol filters of the
 * config where the file does not carry them.
 */
export async function openMarketData(path: string, symbol: { name: string; tick_size: number; lot_size: number }): Promise<MarketData> {
  const format = DIRECT_FORMATS[extname(path).toLowerCase()];
  if (format !== undefined) checkInputFile(path);
  if (format === undefined) return fileData(path);
  if (format === "hftbacktest") return hftbacktestData(path, symbol);
  // Loaded only for these files: the importers bring in parquet-wasm, zip readers and the rest.
  const { importerFor } = await import("../importers/index.ts");
  const imported = await importerFor(format).open([path], { symbol: symbol.name, tickSize: symbol.tick_size, lotSize: symbol.lot_size });
  const iterator = imported.batches[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.length === 0) first = await iterator.next();
  if (first.done) throw noEvents(path);
  const originNs = first.value.exchTs[0];
  const meta = imported.meta;
  return {
    meta,
    originNs,
    description: { kind: "file", path, format },
    async *batches(pool) {
      for (; !first.done; first = await iterator.next()) yield toEventBatch(first.value, originNs, meta.tickSize, pool?.take(first.value.length));
    },
    hash: () => hashFile(path),
  };
}

/**
 * Size on disk from which a deflated `.npz`'s array is read and inflated ahead by a worker thread
 * (npzReadAhead.ts; about npz.ts's WORKER_MIN_BYTES inflated: below, zlib takes less time than a
 * worker's start).
 */
const READ_AHEAD_MIN_BYTES = 4 << 20;

/**
 * An hftbacktest `.npz`/`.npy` as market data: read once, start to end — decoded and, unless the
 * digest cache knows the file, hashed on the way (then recorded, as for event files) — with the
 * events and checks of the hftbacktest importer, without its import report. A large deflated
 * `.npz` (`readAhead`: by default from READ_AHEAD_MIN_BYTES on) is read, hashed and inflated by a
 * worker thread from the start (npzReadAhead.ts), while this thread loads the importer and probes
 * the file; this thread then only decodes.
 */
export async function hftbacktestData(path: string, symbol: { name: string; tick_size: number; lot_size: number }, readAhead = statSync(path).size >= READ_AHEAD_MIN_BYTES): Promise<MarketData> {
  const cacheDir = digestCacheDir();
  const cache = cacheDir === undefined ? undefined : new DigestCache(cacheDir);
  const read = new HashedFileRead(path, cache);
  let inflater: InflateWorker | undefined;
  let ahead: ArrayReadAhead | undefined;
  try {
    // the worker thread first: its start overlaps the rest; the importer loads while the read ahead starts
    if (readAhead) inflater = new (await import("../importers/hftbacktest/inflateWorker.ts")).InflateWorker();
    const readAheadModule = inflater === undefined ? undefined : import("./npzReadAhead.ts");
    const importer = import("../importers/hftbacktest/hftbacktest.ts");
    importer.catch(() => undefined); // (its failure is thrown where it is awaited)
    if (inflater !== undefined) ahead = await (await readAheadModule!).readArrayAhead(path, read, inflater);
    const { openHftbacktestFile } = await importer;
    const file = await openHftbacktestFile(path, { symbol: symbol.name, tickSize: symbol.tick_size, lotSize: symbol.lot_size });
    // the engine's batches themselves: as toEventBatch would make them of the importer's; of the
    // array read ahead when it is the probe's (the same rule finds it), else of the file read here
    const readingAhead = ahead !== undefined && file.entry?.headerOffset === ahead.entry.headerOffset;
    if (!readingAhead) await ahead?.close();
    const events = readingAhead ? file.arrayEvents(ahead!.bytes) : file.events(read.chunks());
    const iterator = events.batches;
    let first = await iterator.next();
    while (!first.done && first.value.length === 0) first = await iterator.next();
    const originNs = events.originNs();
    if (first.done || originNs === undefined) throw noEvents(path);
    return {
      meta: file.meta,
      originNs,
      description: { kind: "file", path, format: "hftbacktest" },
      async *batches(pool) {
        if (pool !== undefined) events.usePool(pool);
        try {
          for (; !first.done; first = await iterator.next()) yield first.value;
        } finally {
          await iterator.return(undefined); // a run that stops early: the file (and a worker thread reading it) closed now
        }
      },
      // Known once the whole file was read; otherwise from the cache or read again for it.
      hash: async () => read.digest() ?? hashFileCached(path, cache),
    };
  } catch (err) {
    await inflater?.close();
    await read.close();
    throw err;
  }
}

/** An event file (.arrow) as market data. */
export async function fileData(path: string): Promise<MarketData> {
  const reader = await openEventReader(path);
  const meta = reader.meta;
  // A session file cut short (killed, disk full) is read to its last complete batch, its hot reloads from its sidecar.
  const sessionMeta = replaySessionMetadata(path, reader.metadata, reader.unfinished);
  const unfinished = reader.unfinished === undefined ? {} : { unfinished: unfinishedNote(path, reader.unfinished) };
  // Only the first row's time is needed here; batches() checks every row when it reads them.
  const iterator = reader.batches({ validate: false })[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.length === 0) first = await iterator.next();
  await reader.close().catch(() => undefined);
  if (first.done) throw noEvents(path);
  const originNs = first.value.exchTs[0];
  let digest: string | undefined;
  const cacheDir = digestCacheDir();
  const cache = cacheDir === undefined ? undefined : new DigestCache(cacheDir);
  return {
    meta,
    originNs,
    description: { kind: "file", path, ...unfinished },
    async *batches(pool) {
      const r = await openEventReader(path);
      try {
        // A file unchanged since it was last hashed is named by the digest recorded then (see
        // core/digestCache.ts); else it is hashed on the way, and the digest recorded.
        const stamp = fileStamp(await r.stat());
        const cached = await cache?.lookup(stamp);
        const clockNs = cached === undefined ? await cache?.clockNs() : undefined;
        const stampAfterClock = clockNs === undefined ? undefined : fileStamp(await r.stat());
        // Each batch is checked and converted in one pass as soon as it arrives, so the reader may
        // recycle its buffers.
        const check = new EventStreamCheck(path, r.grid);
        for await (const columns of prefetch(r.batches({ recycle: true, hash: cached === undefined, validate: false }))) {
          yield toCheckedEventBatch(columns, originNs, meta.tickSize, check, pool?.take(columns.length));
        }
        digest = cached ?? r.sha256();
        if (cached === undefined && digest !== undefined && stampAfterClock !== undefined && sameStamp(stamp, stampAfterClock) && sameStamp(stamp, fileStamp(await r.stat()))) {
          await cache!.record(stamp, digest, clockNs!);
        }
      } finally {
        await r.close();
      }
    },
    // Known once the whole file was streamed; otherwise from the cache or read again for it.
    hash: async () => digest ?? hashFileCached(path, cache),
    ...(sessionMeta === undefined ? {} : { session: () => loadSessionReplay(path, originNs, sessionMeta) }),
  };
}

/** The error for a data file with no rows: a backtest of nothing would print an all-n/a run. */
function noEvents(path: string): DataError {
  return new DataError(path, undefined, undefined, "no events: the file holds no rows, so there is nothing to backtest");
}
