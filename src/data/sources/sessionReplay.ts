import { parseConfigValue } from "../../config/load.ts";
import type { MmConfig } from "../../config/schema.ts";
import { DataError } from "../../core/errors.ts";
import { readSessionRoundTrips, SESSION_METADATA_KEY, type SessionMetadata } from "../session.ts";
import { RoundTripLog } from "../roundTripLog.ts";

/** What a backtest of a paper-session file takes from the session besides its rows. */
export interface SessionReplay {
  /** The session's configs by number (CONTROL rows switch to them: its hot reloads). */
  configs: MmConfig[];
  /** The round trips the session measured (a `measured` latency model replays them). */
  roundTrips: RoundTripLog;
}

/** Loads a session file's configs and round trips for its replay. */
export async function loadSessionReplay(path: string, originNs: bigint, session: SessionMetadata): Promise<SessionReplay> {
  const configs = session.configs.map((c, i) => {
    try {
      return parseConfigValue(c);
    } catch (e) {
      throw new DataError(path, undefined, SESSION_METADATA_KEY, `session config ${i}: ${(e as Error).message}`);
    }
  });
  const samples = await readSessionRoundTrips(path, originNs);
  const roundTrips = new RoundTripLog();
  for (let i = 0; i < samples.timesNs.length; i++) roundTrips.add(samples.timesNs[i], samples.roundTripsNs[i]);
  return { configs, roundTrips };
}
