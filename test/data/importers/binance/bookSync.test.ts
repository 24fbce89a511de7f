import { describe, expect, it } from "vitest";
import { BinanceBookSync, type BookSyncRule } from "../../../../src/data/importers/binance/bookSync.ts";

/** A sync whose applied payloads (diff names) are recorded in order. */
function makeSync(rule: BookSyncRule, bufferSize?: number): { sync: BinanceBookSync<string>; applied: string[] } {
  const applied: string[] = [];
  const sync = new BinanceBookSync<string>({ rule, bufferSize, apply: (name) => applied.push(name) });
  return { sync, applied };
}

describe("BinanceBookSync, spot rule", () => {
  it("buffers diffs before the snapshot and replays the one straddling lastUpdateId+1", () => {
    const { sync, applied } = makeSync("spot");
    expect(sync.onDiff(100, 110, undefined, "d1")).toBe("buffered");
    expect(sync.onDiff(111, 120, undefined, "d2")).toBe("buffered");
    expect(sync.onDiff(121, 130, undefined, "d3")).toBe("buffered");
    // snapshot 115 lies inside d2 (which arrived before the snapshot): d1 dropped, d2 and d3 applied
    expect(sync.onSnapshot(115)).toBe("synced");
    expect(applied).toEqual(["d2", "d3"]);
    expect(sync.lastAppliedUpdateId).toBe(130);
    expect(sync.onDiff(131, 140, undefined, "d4")).toBe("applied");
    expect(applied).toEqual(["d2", "d3", "d4"]);
  });

  it("drops diffs with u <= lastUpdateId, then needs U <= lastUpdateId+1 <= u", () => {
    const { sync, applied } = makeSync("spot");
    expect(sync.onSnapshot(200)).toBe("synced");
    expect(sync.onDiff(190, 199, undefined, "old")).toBe("dropped");
    expect(sync.onDiff(195, 200, undefined, "ends-at-snapshot")).toBe("dropped");
    expect(sync.onDiff(201, 205, undefined, "first")).toBe("applied"); // U == lastUpdateId+1
    expect(applied).toEqual(["first"]);
  });

  it("a first diff starting beyond lastUpdateId+1 is a gap", () => {
    const { sync } = makeSync("spot");
    sync.onSnapshot(200);
    expect(sync.onDiff(202, 210, undefined, "late")).toBe("gap");
    expect(sync.lastGapField).toBe("U");
    expect(sync.lastGapDetail).toContain("U <= 201 <= u");
    expect(sync.lastGapPayload).toBe("late");
  });

  it("requires U == previous u + 1; a gap waits for the next snapshot", () => {
    const { sync, applied } = makeSync("spot");
    sync.onSnapshot(10);
    expect(sync.onDiff(5, 12, undefined, "a")).toBe("applied");
    expect(sync.onDiff(13, 15, undefined, "b")).toBe("applied");
    expect(sync.onDiff(13, 15, undefined, "b-again")).toBe("dropped");
    expect(sync.onDiff(17, 20, undefined, "c")).toBe("gap");
    expect(sync.lastGapDetail).toBe("expected U=16, got U=17");
    expect(sync.synced).toBe(false);
    expect(sync.onDiff(21, 25, undefined, "d")).toBe("buffered");
    // resync: snapshot 22 lies inside d, which is replayed
    expect(sync.onSnapshot(22)).toBe("synced");
    expect(applied).toEqual(["a", "b", "d"]);
    expect(sync.onDiff(26, 30, undefined, "e")).toBe("applied");
  });

  it("a snapshot older than every retained diff reports a gap", () => {
    const { sync } = makeSync("spot");
    sync.onDiff(100, 110, undefined, "d1");
    expect(sync.onSnapshot(50)).toBe("gap");
    expect(sync.lastGapPayload).toBe("d1");
  });

  it("keeps only the last bufferSize diffs", () => {
    const { sync, applied } = makeSync("spot", 2);
    sync.onDiff(1, 10, undefined, "d1");
    sync.onDiff(11, 20, undefined, "d2");
    sync.onDiff(21, 30, undefined, "d3");
    expect(sync.onSnapshot(5)).toBe("gap"); // d1 was evicted: d2 does not straddle 6
    const again = makeSync("spot", 2);
    again.sync.onDiff(1, 10, undefined, "d1");
    again.sync.onDiff(11, 20, undefined, "d2");
    again.sync.onDiff(21, 30, undefined, "d3");
    expect(again.sync.onSnapshot(15)).toBe("synced");
    expect(again.applied).toEqual(["d2", "d3"]);
    expect(applied).toEqual([]);
  });

  it("reset forgets the snapshot and the buffered diffs", () => {
    const { sync, applied } = makeSync("spot");
    sync.onSnapshot(10);
    sync.onDiff(11, 12, undefined, "a");
    sync.reset();
    expect(sync.synced).toBe(false);
    expect(sync.lastAppliedUpdateId).toBe(-1);
    expect(sync.onDiff(13, 14, undefined, "b")).toBe("buffered");
    sync.reset();
    expect(sync.onSnapshot(20)).toBe("synced");
    expect(applied).toEqual(["a"]);
  });
});

describe("BinanceBookSync, USD-M rule", () => {
  it("first diff has U <= lastUpdateId <= u; then pu == previous u", () => {
    const { sync, applied } = makeSync("usdm");
    expect(sync.onDiff(90, 99, 80, "old")).toBe("buffered");
    expect(sync.onDiff(100, 120, 99, "straddle")).toBe("buffered");
    expect(sync.onSnapshot(120)).toBe("synced"); // u == lastUpdateId is applied on USD-M
    expect(applied).toEqual(["straddle"]);
    // futures ids are not contiguous: only pu counts
    expect(sync.onDiff(130, 140, 120, "next")).toBe("applied");
    expect(sync.onDiff(150, 160, 140, "next2")).toBe("applied");
    expect(sync.onDiff(170, 180, 165, "broken")).toBe("gap");
    expect(sync.lastGapField).toBe("pu");
    expect(sync.lastGapDetail).toBe("expected pu=160, got pu=165");
  });

  it("drops diffs with u < lastUpdateId and rejects a first diff starting after it", () => {
    const { sync } = makeSync("usdm");
    sync.onSnapshot(500);
    expect(sync.onDiff(480, 499, 470, "old")).toBe("dropped");
    expect(sync.onDiff(501, 510, 499, "after")).toBe("gap");
    expect(sync.lastGapDetail).toContain("U <= 500 <= u");
  });

  it("the rule can switch to usdm only before any diff is applied", () => {
    const { sync } = makeSync("spot");
    sync.onDiff(1, 5, 0, "a");
    sync.setRule("usdm");
    expect(sync.rule).toBe("usdm");
    expect(sync.onSnapshot(3)).toBe("synced");
    expect(() => sync.setRule("spot")).toThrow(/after diffs were applied/);
  });
});
