import { DataError } from "../core/errors.ts";
import { openEventReader } from "./arrow/reader.ts";
import { SessionKind } from "./sessionKinds.ts";

/**
 * A paper-trading session file is an event file (one stream: the market data as the session
 * received it, heartbeats, measured round trips, controls, and records of every order action,
 * see SessionKind in data/sessionKinds.ts) whose schema metadata carries this key. A backtest of
 * it replays the session: the same rows through the same simulator, with the session's round
 * trips and configs.
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
