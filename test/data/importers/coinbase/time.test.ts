import { describe, expect, it } from "vitest";
import { parseCoinbaseLine } from "../../../../src/data/importers/coinbase/captureLine.ts";
import { isoToEpochNs, secondsToEpochNs } from "../../../../src/data/importers/coinbase/time.ts";

describe("Coinbase times and lines", () => {
  it("ISO-8601 UTC times to exact epoch ns (up to 9 fraction digits); anything else is not a time", () => {
    expect(isoToEpochNs("2021-04-17T16:43:30.244075Z")).toBe(1618677810244075000n);
    expect(isoToEpochNs("2021-04-17T16:43:30Z")).toBe(1618677810000000000n);
    expect(isoToEpochNs("2021-04-17T16:43:30.123456789Z")).toBe(1618677810123456789n);
    for (const bad of ["2021-04-17 16:43:30Z", "2021-04-17T16:43:30.1+00:00", "2021-13-01T00:00:00Z", "2021-02-29T00:00:00Z", ""]) expect(isoToEpochNs(bad)).toBeUndefined();
  });

  it("cryptofeed's receive times (decimal seconds) to epoch ns without float rounding", () => {
    expect(secondsToEpochNs("1618677817.0618958")).toBe(1618677817061895800n);
    expect(secondsToEpochNs("1618677817.07979")).toBe(1618677817079790000n);
    expect(secondsToEpochNs("1618677817")).toBe(1618677817000000000n);
    expect(secondsToEpochNs("1618677817.1234567891")).toBe(1618677817123456789n);
    expect(secondsToEpochNs("1e9")).toBeUndefined();
  });

  it("tells capture headers, captured messages and plain messages apart", () => {
    expect(parseCoinbaseLine("wss://ws-feed.pro.coinbase.com <-> 1618677816.8434298")).toEqual({ kind: "connect" });
    expect(parseCoinbaseLine('wss://ws-feed.pro.coinbase.com <- 1618677817.02: {"type":"subscribe"}')).toEqual({ kind: "recorded", json: '{"type":"subscribe"}' });
    expect(parseCoinbaseLine('1618677817.061845: {"type":"snapshot"}')).toEqual({ kind: "message", localText: "1618677817.061845", json: '{"type":"snapshot"}' });
    expect(parseCoinbaseLine('{"type":"snapshot"}')).toEqual({ kind: "message", localText: undefined, json: '{"type":"snapshot"}' });
    expect(parseCoinbaseLine("garbage")).toEqual({ kind: "unknown" });
  });
});
