import { basename } from "node:path";

/** What a LOBSTER file name says: `TICKER_YYYY-MM-DD_STARTms_ENDms_(message|orderbook)_LEVELS[…].csv`. */
export interface LobsterFileName {
  symbol: string;
  /** Trading date, YYYY-MM-DD (New York). */
  date: string;
  /** Requested window, milliseconds after midnight. */
  startMs: number;
  endMs: number;
  file: "message" | "orderbook";
  /** Requested number of book levels. */
  levels: number;
}

const PATTERN = /^(.+?)_(\d{4}-\d{2}-\d{2})_(\d+)_(\d+)_(message|orderbook)_(\d+)(?:[_.].*)?$/;

/** Parses a LOBSTER file name (any directory part is ignored); undefined when it does not follow the pattern. */
export function parseLobsterFileName(path: string): LobsterFileName | undefined {
  const m = PATTERN.exec(basename(path));
  if (!m) return undefined;
  return {
    symbol: m[1],
    date: m[2],
    startMs: Number(m[3]),
    endMs: Number(m[4]),
    file: m[5] as "message" | "orderbook",
    levels: Number(m[6]),
  };
}
