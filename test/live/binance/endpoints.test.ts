import { describe, expect, it } from "vitest";
import { BINANCE_ENDPOINTS, carriesDepth, combinedStreamUrl, defaultRoutes, depthSnapshotUrl } from "../../../src/live/binance/endpoints.ts";

describe("Binance endpoints", () => {
  it("spot: one combined stream with diffs, trades and bookTicker", () => {
    const [route, ...rest] = defaultRoutes("spot");
    expect(rest).toEqual([]);
    expect(combinedStreamUrl(BINANCE_ENDPOINTS.spot.wsUrl, route, "BTCUSDT")).toBe(
      "wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker",
    );
    expect(depthSnapshotUrl("spot", BINANCE_ENDPOINTS.spot.restUrl, "btcusdt", 1000)).toBe("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000");
  });

  it("USD-M: depth and bookTicker on /public, aggTrade on /market", () => {
    const routes = defaultRoutes("usdm", "depth@250ms");
    const urls = routes.map((r) => combinedStreamUrl(BINANCE_ENDPOINTS.usdm.wsUrl, r, "BTCUSDT"));
    expect(urls).toEqual([
      "wss://fstream.binance.com/public/stream?streams=btcusdt@depth@250ms/btcusdt@bookTicker",
      "wss://fstream.binance.com/market/stream?streams=btcusdt@aggTrade",
    ]);
    expect(routes.map(carriesDepth)).toEqual([true, false]);
    expect(depthSnapshotUrl("usdm", "https://fapi.binance.com/", "BTCUSDT", 500)).toBe("https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=500");
  });

  it("depth limits as each market accepts them", () => {
    expect(BINANCE_ENDPOINTS.spot.depthLimitOk(5000)).toBe(true);
    expect(BINANCE_ENDPOINTS.spot.depthLimitOk(5001)).toBe(false);
    expect(BINANCE_ENDPOINTS.usdm.depthLimitOk(1000)).toBe(true);
    expect(BINANCE_ENDPOINTS.usdm.depthLimitOk(200)).toBe(false);
  });
});
