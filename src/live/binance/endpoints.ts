/**
 * Binance public market-data endpoints (no API key: the feed only reads public streams and the
 * REST depth snapshot). Stream names are lowercase, REST symbols uppercase.
 */

export type BinanceMarket = "spot" | "usdm";

/** Where a market's public data lives, and what its REST depth endpoint accepts. */
export interface BinanceEndpoints {
  wsUrl: string;
  restUrl: string;
  /** REST depth snapshot path. */
  depthPath: string;
  /** The `limit` values the depth endpoint accepts. */
  depthLimitOk: (limit: number) => boolean;
  depthLimitRule: string;
}

const USDM_DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000];

/** Default endpoints of the live exchange. */
export const BINANCE_ENDPOINTS: Readonly<Record<BinanceMarket, BinanceEndpoints>> = {
  spot: {
    wsUrl: "wss://stream.binance.com:9443",
    restUrl: "https://api.binance.com",
    depthPath: "/api/v3/depth",
    depthLimitOk: (limit) => Number.isInteger(limit) && limit >= 1 && limit <= 5000,
    depthLimitRule: "an integer from 1 to 5000",
  },
  usdm: {
    wsUrl: "wss://fstream.binance.com",
    restUrl: "https://fapi.binance.com",
    depthPath: "/fapi/v1/depth",
    depthLimitOk: (limit) => USDM_DEPTH_LIMITS.includes(limit),
    depthLimitRule: `one of ${USDM_DEPTH_LIMITS.join(", ")}`,
  },
};

/**
 * One WebSocket connection of a feed: a combined stream at `<wsUrl><path>/stream?streams=…`.
 * `streams` are stream names without the symbol ("depth@100ms", "trade", "bookTicker").
 */
export interface StreamRoute {
  /** Label in logs and sink callbacks ("market data", "public", "market"). */
  name: string;
  /** Path before `/stream`: "" on spot; USD-M routes streams by "/public" and "/market". */
  path: string;
  streams: string[];
}

/**
 * The connections a market needs for depth diffs, trades and the best bid/ask. Spot serves all
 * three on one connection. USD-M futures route streams by path: depth and bookTicker live on
 * `/public`, aggTrade (USD-M has no documented raw trade stream) on `/market`, and an unrouted
 * connection only receives `/public` streams, so trades need a second connection.
 */
export function defaultRoutes(market: BinanceMarket, depthStream = "depth@100ms"): StreamRoute[] {
  if (market === "spot") return [{ name: "market data", path: "", streams: [depthStream, "trade", "bookTicker"] }];
  return [
    { name: "public", path: "/public", streams: [depthStream, "bookTicker"] },
    { name: "market", path: "/market", streams: ["aggTrade"] },
  ];
}

/** The combined-stream URL of a route for `symbol`: `<wsUrl><path>/stream?streams=btcusdt@depth@100ms/…`. */
export function combinedStreamUrl(wsUrl: string, route: StreamRoute, symbol: string): string {
  const lower = symbol.toLowerCase();
  const streams = route.streams.map((s) => `${lower}@${s}`).join("/");
  return `${trimSlash(wsUrl)}${route.path}/stream?streams=${streams}`;
}

/** The REST depth snapshot URL: `<restUrl>/api/v3/depth?symbol=BTCUSDT&limit=1000` (spot) or `/fapi/v1/depth?…` (USD-M). */
export function depthSnapshotUrl(market: BinanceMarket, restUrl: string, symbol: string, limit: number): string {
  return `${trimSlash(restUrl)}${BINANCE_ENDPOINTS[market].depthPath}?symbol=${encodeURIComponent(symbol.toUpperCase())}&limit=${limit}`;
}

/** True when a route's streams include depth diffs (the one whose (re)connects need a snapshot). */
export function carriesDepth(route: StreamRoute): boolean {
  return route.streams.some((s) => s === "depth" || s.startsWith("depth@"));
}

function trimSlash(url: string): string {
  return url.endsWith("/") ? url.slice(0, -1) : url;
}
