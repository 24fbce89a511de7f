/**
 * Writes mmlab events as an hftbacktest ≥ 2.0 `.npz` (one array, `data`, of 64-byte `event_dtype`
 * records), so hftbacktest can run on the same market. Each record carries its kind, BUY_EVENT /
 * SELL_EVENT from the side (for trades, the aggressor), and EXCH_EVENT | LOCAL_EVENT — or, for an
 * event whose local order differs from its exchange order, two records as hftbacktest's
 * `correct_event_order` writes them (see eventOrder.ts). order_id is kept; ival and fval are 0.
 * A DEPTH_CLEAR at price 0 (mmlab: clear the whole side) gets px = NaN, which hftbacktest reads as
 * "clear the whole side" (a finite px clears only up to that price); the importer maps it back to 0.
 *
 * The `.npy` header needs the record count before the data, so records first go to a temporary
 * raw file beside the output, then are deflated into the archive with fflate's zip (zipWriter.ts;
 * disk: one uncompressed copy; memory: bounded). The archive is written to a temporary name and
 * renamed into place; on any error neither temporary file is left behind. Without zip64 (fflate
 * writes none) `data.npy` must stay under 4 GiB, about 67 million records: more fails before the
 * archive is written, naming the count.
 */
import fs from "node:fs";
import { MmlabError } from "../../core/errors.ts";
import { isEnvironmentError } from "../../core/systemError.ts";
import { turnEventLoop } from "../../core/eventLoop.ts";
import { trackTempPath, untrackTempPath } from "../../core/tempFiles.ts";
import { EventKind, type EventColumns } from "../schema.ts";
import { HBT, HBT_EVENT_FIELDS, HBT_RECORD_BYTES, KIND_TO_HBT } from "../importers/hftbacktest/constants.ts";
import { formatNpyHeader } from "../importers/hftbacktest/npy.ts";
import { SIZE_GRID_ENTRY, sizeGridNpy } from "../importers/hftbacktest/sizeGridEntry.ts";
import { EventOrderer, PART_EXCH, PART_LOCAL, type OrderedEvent } from "./eventOrder.ts";
import { writeZip, ZIP32_MAX_BYTES, type ZipSource } from "./zipWriter.ts";

export interface HftbacktestNpzOptions {
  /** Deflate level 1-9, or 0 to store (default 6, as np.savez_compressed). */
  level?: number;
  /** The grid the data's sizes lie on when finer than the lot: kept as an extra array (sizeGridEntry.ts). */
  sizeGrid?: number;
}

/** What was written. */
export interface HftbacktestNpzSummary {
  events: number;
  records: number;
  /** Events written as an exchange-only plus a local-only record. */
  split: number;
}

const RECORDS_PER_WRITE = 16_384;
const READ_CHUNK = 1 << 20;

/** Writes all `batches` (in exch_ts order) to `path` as an hftbacktest `.npz`, atomically. */
export async function writeHftbacktestNpz(
  path: string,
  batches: Iterable<EventColumns> | AsyncIterable<EventColumns>,
  options: HftbacktestNpzOptions = {},
): Promise<HftbacktestNpzSummary> {
  const rawPath = `${path}.tmp-${process.pid}.records`;
  const zipPath = `${path}.tmp-${process.pid}`;
  let rawFd: number | undefined;
  let zipFd: number | undefined;
  // an interrupt (Ctrl-C) removes them too
  trackTempPath(rawPath);
  trackTempPath(zipPath);
  try {
    rawFd = openFile(path, rawPath);
    const records = new RecordFile(rawFd);
    const orderer = new EventOrderer((event, part) => records.add(event, part));
    let events = 0;
    for await (const batch of batches) {
      checkBatch(batch, events);
      orderer.push(batch);
      events += batch.length;
      await turnEventLoop(); // input from memory would hold off Ctrl-C
    }
    orderer.finish();
    records.flush();
    const header = formatNpyHeader(HBT_EVENT_FIELDS, [records.count]);
    if (header.length + records.count * HBT_RECORD_BYTES > ZIP32_MAX_BYTES) {
      throw new MmlabError(`${path}: ${records.count} records make a data.npy over 4 GiB, more than a .npz without zip64 holds; export fewer events per file (e.g. one day each)`);
    }
    zipFd = openFile(path, zipPath);
    const entries: ZipSource[] = [{ name: "data.npy", chunks: npyChunks(header, rawFd, records.count * HBT_RECORD_BYTES) }];
    if (options.sizeGrid !== undefined) entries.push({ name: SIZE_GRID_ENTRY, chunks: [sizeGridNpy(options.sizeGrid)] });
    await writeZip(zipFd, entries, { level: options.level });
    fs.closeSync(zipFd);
    zipFd = undefined;
    await fs.promises.rename(zipPath, path);
    return { events, records: records.count, split: orderer.split };
  } finally {
    if (rawFd !== undefined) fs.closeSync(rawFd);
    if (zipFd !== undefined) fs.closeSync(zipFd);
    await fs.promises.rm(rawPath, { force: true });
    await fs.promises.rm(zipPath, { force: true });
    untrackTempPath(rawPath);
    untrackTempPath(zipPath);
  }
}

function openFile(path: string, tmp: string): number {
  try {
    return fs.openSync(tmp, "w+");
  } catch (err) {
    if (isEnvironmentError(err)) throw err; // a read-only or forbidden folder: the error line names it
    throw new MmlabError(`${path}: cannot create file (${(err as Error).message})`);
  }
}

function checkBatch(c: EventColumns, rowBase: number): void {
  for (let i = 0; i < c.length; i++) {
    if (KIND_TO_HBT[c.kind[i]] === undefined) throw new MmlabError(`event ${rowBase + i}: kind ${c.kind[i]} has no hftbacktest equivalent`);
    const s = c.side[i];
    if (s !== 1 && s !== -1 && s !== 0) throw new MmlabError(`event ${rowBase + i}: invalid side ${s}`);
  }
}

/** The `.npy` header, then the raw records read back from disk. */
function* npyChunks(header: Uint8Array, fd: number, bytes: number): Generator<Uint8Array> {
  yield header;
  const buf = new Uint8Array(READ_CHUNK);
  for (let at = 0; at < bytes; ) {
    const n = fs.readSync(fd, buf, 0, Math.min(READ_CHUNK, bytes - at), at);
    if (n === 0) throw new MmlabError("temporary record file ended early");
    at += n;
    yield buf.subarray(0, n);
  }
}

/** Buffers 64-byte records and appends them to a file. */
class RecordFile {
  count = 0;
  private readonly bytes = new Uint8Array(RECORDS_PER_WRITE * HBT_RECORD_BYTES);
  private readonly words = new Uint32Array(this.bytes.buffer);
  private readonly ints = new BigInt64Array(this.bytes.buffer);
  private readonly uints = new BigUint64Array(this.bytes.buffer);
  private readonly floats = new Float64Array(this.bytes.buffer);
  private used = 0;

  constructor(private readonly fd: number) {}

  add(e: OrderedEvent, part: number): void {
    const flags = (part & PART_EXCH ? HBT.EXCH_EVENT : 0) | (part & PART_LOCAL ? HBT.LOCAL_EVENT : 0);
    const side = e.side > 0 ? HBT.BUY_EVENT : e.side < 0 ? HBT.SELL_EVENT : 0;
    const o = this.used * 8;
    this.words[o * 2] = KIND_TO_HBT[e.kind] | flags | side;
    this.words[o * 2 + 1] = 0;
    this.ints[o + 1] = e.exchTs;
    this.ints[o + 2] = e.localTs;
    // hftbacktest clears "up to px", and the whole side when px is not finite: mmlab's clears (price 0) are whole-side
    this.floats[o + 3] = e.kind === EventKind.DEPTH_CLEAR && e.price === 0 ? Number.NaN : e.price;
    this.floats[o + 4] = e.qty;
    this.uints[o + 5] = e.orderId;
    this.ints[o + 6] = 0n;
    this.floats[o + 7] = 0;
    this.count++;
    if (++this.used === RECORDS_PER_WRITE) this.flush();
  }

  flush(): void {
    const length = this.used * HBT_RECORD_BYTES;
    for (let done = 0; done < length; ) done += fs.writeSync(this.fd, this.bytes, done, length - done);
    this.used = 0;
  }
}
