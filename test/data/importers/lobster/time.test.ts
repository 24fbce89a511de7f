import { describe, expect, it } from "vitest";
import { parseLobsterFileName } from "../../../../src/data/importers/lobster/fileName.ts";
import { midnightEpochNs, parseSecondsToNs } from "../../../../src/data/importers/lobster/time.ts";

const ms = (ns: bigint | undefined) => new Date(Number(ns! / 1_000_000n)).toISOString();

describe("LOBSTER times and file names", () => {
  it("seconds after midnight → exact ns, whatever the number of decimals", () => {
    expect(parseSecondsToNs("34200.017459617")).toBe(34_200_017_459_617n);
    expect(parseSecondsToNs("34200.18960767")).toBe(34_200_189_607_670n);
    expect(parseSecondsToNs("34200.5")).toBe(34_200_500_000_000n);
    expect(parseSecondsToNs("34200")).toBe(34_200_000_000_000n);
    for (const bad of ["", "1.", ".5", "1.0000000001", "-1", "1e3", "12a"]) expect(parseSecondsToNs(bad)).toBeUndefined();
  });

  it("New York midnight: EDT in summer, EST in winter, the trading-hours offset on switch days", () => {
    expect(ms(midnightEpochNs("2012-06-21"))).toBe("2012-06-21T04:00:00.000Z");
    expect(ms(midnightEpochNs("2012-12-21"))).toBe("2012-12-21T05:00:00.000Z");
    // 2012-03-11 springs forward at 02:00: 34200 s after midnight must be 09:30 EDT = 13:30 UTC.
    expect(ms(midnightEpochNs("2012-03-11")! + 34_200_000_000_000n)).toBe("2012-03-11T13:30:00.000Z");
    // 2012-11-04 falls back at 02:00: 09:30 EST = 14:30 UTC.
    expect(ms(midnightEpochNs("2012-11-04")! + 34_200_000_000_000n)).toBe("2012-11-04T14:30:00.000Z");
    expect(midnightEpochNs("2012-02-30")).toBeUndefined();
    expect(midnightEpochNs("21/06/2012")).toBeUndefined();
  });

  it("file names give symbol, date, window, kind and levels", () => {
    expect(parseLobsterFileName("/x/AMZN_2012-06-21_34200000_57600000_message_5_subset.csv")).toEqual({
      symbol: "AMZN",
      date: "2012-06-21",
      startMs: 34200000,
      endMs: 57600000,
      file: "message",
      levels: 5,
    });
    expect(parseLobsterFileName("BRK.A_2019-01-02_34200000_57600000_orderbook_10.csv")).toMatchObject({ symbol: "BRK.A", file: "orderbook", levels: 10 });
    expect(parseLobsterFileName("messages.csv")).toBeUndefined();
  });
});
