import fs from "node:fs";
import { extname } from "node:path";
import type { SourceFormat } from "../data/importers/index.ts";
import { DigestCache, digestCacheDir, fileStamp, sameStamp } from "../core/digestCache.ts";
import { newHasher, hashView } from "../core/hash.ts";
import { prefetch } from "../core/prefetch.ts";
import { DataError, MmlabError } from "../core/errors.ts";
import type { Rng } from "../core/rng.ts";
import { EventStreamCheck, openEventReader } from "../data/arrow/reader.ts";
import { checkInputFile } from "../data/importers/inputFile.ts";
import { toCheckedEventBatch, toEventBatch, type EventBatchPool } from "../data/batch.ts";
import type { DatasetMeta, EventBatch, EventColumns } from "../data/schema.ts";
import { decodeSessionMetadata } from "../data/session.ts";
import { syntheticMarket } from "../data/synthetic/generator.ts";
import type { SyntheticParamsInput } from "../data/synthetic/params.ts";
import { scenarioParams } from "../data/synthetic/scenarios.ts";
import { loadSessionReplay, type SessionReplay } from "./sessionReplay.ts";

/**
 * Where a run's events come from. Synthetic and file data take the same path: file-schema
 * batches → engine batches (relative ns, ticks) → simulator.
 */
export interface MarketData {
  meta: DatasetMeta;
  /** Epoch ns of relative time 0 (the first event's exch_ts). */
  originNs: bigint;
  /** What the manifest records about the data. */
  description: Record<string, unknown>;
  /**
   * The events, streamed once. With a `pool`, batches are taken from it: the consumer gives each
   * one back when done with it (and must not read it after that).
   */
  batches(pool?: EventBatchPool): AsyncIterable<EventBatch>;
  /** SHA-256 of the data: the file bytes, or the generated columns (complete once streamed). */
  hash(): Promise<string>;
  /** A paper-session file's configs and round trips (see data/session.ts); absent for other data. */
  session?: () => Promise<SessionReplay>;
}

/** A synthetic scenario (a name from data/synthetic/scenarios.ts, or a market.json file) as market data. */
export function syntheticData(scenario: string, rng: Rng, durationS?: number): MarketData {
  const params: SyntheticParamsInput = { ...scenarioParams(scenario), ...(durationS === undefined ? {} : { durationS }) };
  return syntheticParamsData(params, rng, scenario);
}

/** A synthetic market of the given parameters (a named scenario's, or a fitted `market.json`'s) as market data. */
export function syntheticParamsData(params: SyntheticParamsInput, rng: Rng, scenario: string): MarketData {
  const market = syntheticMarket(params, rng);
  const hasher = newHasher();
  hasher.update(JSON.stringify(market.meta));
  let digest: string | undefined;
  let iterator: Iterator<EventColumns> | undefined;
  return {
    meta: market.meta,
    originNs: market.originNs,
    description: { kind: "synthetic", scenario, params, seed: rng.seed },
    async *batches(pool) {
      iterator = market.batches[Symbol.iterator]();
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        hashColumns(hasher, next.value);
        yield toEventBatch(next.value, market.originNs, market.meta.tickSize, pool?.take(next.value.length));
      }
      digest = hasher.digest("hex");
    },
    async hash() {
      // A run that stopped early still names the whole dataset: hash what it did not read.
      if (digest === undefined) {
        iterator ??= market.batches[Symbol.iterator]();
        for (let next = iterator.next(); !next.done; next = iterator.next()) hashColumns(hasher, next.value);
        digest = hasher.digest("hex");
      }
      return digest;
    },
  };
}

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
  // Loaded only for these files: the importers bring in parquet-wasm, zip readers and the rest.
  const { importerFor } = await import("../data/importers/index.ts");
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

/** An event file (.arrow) as market data. */
export async function fileData(path: string): Promise<MarketData> {
  const reader = await openEventReader(path);
  const meta = reader.meta;
  const sessionMeta = decodeSessionMetadata(path, reader.metadata);
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
    description: { kind: "file", path },
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

function hashColumns(hasher: ReturnType<typeof newHasher>, c: EventColumns): void {
  hashView(hasher, c.exchTs);
  hashView(hasher, c.localTs);
  hashView(hasher, c.kind);
  hashView(hasher, c.side);
  hashView(hasher, c.price);
  hashView(hasher, c.qty);
  hashView(hasher, c.orderId);
}

/** SHA-256 of a file: the cached digest when its stat data are unchanged, else hashed (and recorded). */
export async function hashFileCached(path: string, cache: DigestCache | undefined): Promise<string> {
  if (cache === undefined) return hashFile(path);
  const stamp = fileStamp(await fs.promises.stat(path, { bigint: true }));
  const cached = await cache.lookup(stamp);
  if (cached !== undefined) return cached;
  const clockNs = await cache.clockNs();
  const before = fileStamp(await fs.promises.stat(path, { bigint: true }));
  const digest = await hashFile(path);
  const after = fileStamp(await fs.promises.stat(path, { bigint: true }));
  if (clockNs !== undefined && sameStamp(before, after)) await cache.record(before, digest, clockNs);
  return digest;
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hasher = newHasher();
    fs.createReadStream(path)
      .on("data", (chunk) => hasher.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hasher.digest("hex")));
  });
}
