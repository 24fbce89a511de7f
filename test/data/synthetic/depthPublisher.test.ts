import { describe, expect, it } from "vitest";
import { DepthPublisher } from "../../../src/data/synthetic/depthPublisher.ts";

type Row = [tNs: number, side: number, priceTicks: number, qty: number];

describe("DepthPublisher: depth at once, or in batches at the end of each interval", () => {
  it("interval 0: every change is published at its own time", () => {
    const rows: Row[] = [];
    const d = new DepthPublisher(0, (...r) => rows.push(r));
    d.change(5, 1, 100, 2);
    d.change(7, -1, 101, 0);
    expect(rows).toEqual([[5, 1, 100, 2], [7, -1, 101, 0]]);
  });

  it("interval 100 ns: the levels changed in an interval, with their last sizes, in order of first change, at its end", () => {
    const rows: Row[] = [];
    const d = new DepthPublisher(100, (...r) => rows.push(r));
    d.change(10, 1, 100, 2);
    d.change(20, -1, 101, 3);
    d.change(30, 1, 100, 5); // the same level again: one row, size 5, in its first place
    expect(rows).toEqual([]);
    d.flushBefore(99); // still inside the interval
    expect(rows).toEqual([]);
    d.change(150, 1, 99, 1); // a change in the next interval publishes the previous one first
    expect(rows).toEqual([[100, 1, 100, 5], [100, -1, 101, 3]]);
    d.flushBefore(250);
    expect(rows.slice(2)).toEqual([[200, 1, 99, 1]]);
    d.change(260, -1, 102, 0);
    d.flush(280); // the end of the data caps the time
    expect(rows.slice(3)).toEqual([[280, -1, 102, 0]]);
  });
});
