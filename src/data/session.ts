import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DataError } from "../core/errors.ts";
import { namingFile } from "../core/systemError.ts";
import { openEventReader } from "./arrow/reader.ts";
import type { UnfinishedFile } from "./arrow/unfinished.ts";
import { SessionKind } from "./sessionKinds.ts";

/**
 * A paper-trading session file is an event file (one stream: the market data as the session
 * received it, heartbeats, measured round trips, controls, and records of every order action,
 * see SessionKind in data/sessionKinds.ts) whose schema metadata carries this key. A backtest of
 * it replays the session: the same rows through the same simulator, with the session's round
 * trips and configs.
 *
 * The file is written in place as the session runs (a batch per heartbeat, synced to the disk
 * every second), so a session killed or stopped by a full disk leaves a file that ends without its
 * footer: the reader takes its complete batches (data/arrow/unfinished.ts). The configs of its hot
 * reloads are then in the sidecar beside it (sessionConfigsPath), which the footer replaces when
 * the session finishes.
 */
export const SESSION_METADATA_KEY = "mmlab.session";

/** What the session key holds (JSON). */
export interface SessionMetadata {
  version: 1;
  /** Where the data came from, e.g. "binance spot BTCUSDT wss://stream.binance.com:9443". */
  feed: string;
  /** Configs by number: 0 is the one the session started with; CONTROL rows name later ones (hot reloads). */
  configs: unknown[];
}

/** A session's measured round trips, in time order (ns since the file's origin). */
export interface SessionRoundTrips {
  timesNs: number[];
  roundTripsNs: number[];
}

/** The session metadata of an event file, or undefined when it is not a session file. */
export function decodeSessionMetadata(path: string, metadata: ReadonlyMap<string, string>): SessionMetadata | undefined {
  const text = metadata.get(SESSION_METADATA_KEY);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DataError(path, undefined, SESSION_METADATA_KEY, `invalid JSON (${(e as Error).message})`);
  }
  const v = value as Partial<SessionMetadata> | null;
  if (v === null || typeof v !== "object" || v.version !== 1 || typeof v.feed !== "string" || !Array.isArray(v.configs) || v.configs.length === 0) {
    throw new DataError(path, undefined, SESSION_METADATA_KEY, "expected {version: 1, feed: string, configs: [config, …]}");
  }
  return v as SessionMetadata;
}

/**
 * The sidecar of session file `sessionPath` (`session.arrow` → `session.configs.json`): the
 * session's configs, rewritten atomically (temp file, fsync, rename) at each hot reload before the
 * CONTROL row naming the new config is written, so an unfinished file replays its reloads too. It
 * holds a SessionMetadata object. Removed once the file is finished: its footer then has them all.
 */
export function sessionConfigsPath(sessionPath: string): string {
  return join(dirname(sessionPath), `${basename(sessionPath, ".arrow")}.configs.json`);
}

/** Writes the sidecar of `sessionPath` atomically (see sessionConfigsPath); system errors name the file. */
export function writeSessionConfigs(sessionPath: string, metadata: SessionMetadata): void {
  const path = sessionConfigsPath(sessionPath);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    // errors name the sidecar, not its temp file
    namingFile(path, () => {
      const fd = openSync(tmp, "w");
      try {
        const bytes = Buffer.from(JSON.stringify(metadata) + "\n");
        for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done);
        fsyncSync(fd); // on disk before the CONTROL row that needs it
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    });
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Removes the sidecar of `sessionPath` (the finished file's footer carries its configs); best effort. */
export function removeSessionConfigs(sessionPath: string): void {
  rmSync(sessionConfigsPath(sessionPath), { force: true });
}

/**
 * The session metadata of an event file as a replay needs it: the file's own, or, for a file that
 * ended without its footer, with the configs of the sidecar when it has more (the hot reloads after
 * the file was opened). Undefined when the file is not a session file.
 */
export function replaySessionMetadata(path: string, metadata: ReadonlyMap<string, string>, unfinished: UnfinishedFile | undefined): SessionMetadata | undefined {
  const own = decodeSessionMetadata(path, metadata);
  if (own === undefined || unfinished === undefined) return own;
  const sidecar = sessionConfigsPath(path);
  if (!existsSync(sidecar)) return own;
  const reloads = decodeSessionMetadata(sidecar, new Map([[SESSION_METADATA_KEY, readFileSync(sidecar, "utf8")]]));
  return reloads !== undefined && reloads.configs.length > own.configs.length ? { ...own, configs: reloads.configs } : own;
}

/** The one line saying a file ended without its footer and what of it is read. */
export function unfinishedNote(path: string, u: UnfinishedFile): string {
  const cut = u.droppedBytes > 0 ? `; the ${u.droppedBytes.toLocaleString("en-US")} bytes of an incomplete last batch are left out` : "";
  return `${path} is unfinished (its writer stopped before the footer: killed, or the disk was full): read its ${u.batches.toLocaleString("en-US")} complete record batches${cut}`;
}

/** Reads the ROUND_TRIP rows of a session file (times relative to `originNs`). */
export async function readSessionRoundTrips(path: string, originNs: bigint): Promise<SessionRoundTrips> {
  const reader = await openEventReader(path);
  const out: SessionRoundTrips = { timesNs: [], roundTripsNs: [] };
  try {
    for await (const c of reader.batches()) {
      for (let i = 0; i < c.length; i++) {
        if (c.kind[i] !== SessionKind.ROUND_TRIP) continue;
        out.timesNs.push(Number(c.localTs[i] - originNs));
        out.roundTripsNs.push(c.qty[i]);
      }
    }
  } finally {
    await reader.close();
  }
  return out;
}
