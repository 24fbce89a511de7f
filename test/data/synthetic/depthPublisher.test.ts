import { describe, expect, it } from "vitest";
import { DepthPublisher } from "../../../src/data/synthetic/depthPublisher.ts";

type Row = [tNs: number, side: number, priceTicks: number, qty: number];

/** A feed that records the depth rows it is given. */
function recorder(rows: Row[]) {
  return { push: (tNs: number, _kind: number, side: number, priceTicks: number, qty: number) => void rows.push([tNs, side, priceTicks, qty]) };
}

describe("DepthPublisher: depth at once, or in batches at the end of each interval", () => {
  it("interval 0: every change is published at its own time", () => {
    const rows: Row[] = [];
    const d = new DepthPublisher(0, recorder(rows));
    d.advanceTo(5);
    d.change(1, 100, 2);
    d.advanceTo(7);
    d.change(-1, 101, 0);
    expect(rows).toEqual([[5, 1, 100, 2], [7, -1, 101, 0]]);
  });

  it("interval 100 ns: the levels changed in an interval, with their last sizes, in order of first change, at its end", () => {
    const rows: Row[] = [];
    const d = new DepthPublisher(100, recorder(rows));
    const changeAt = (tNs: number, side: number, priceTicks: number, qty: number) => {
      d.advanceTo(tNs);
      d.change(side, priceTicks, qty);
    };
    changeAt(10, 1, 100, 2);
    changeAt(20, -1, 101, 3);
    changeAt(30, 1, 100, 5); // the same level again: one row, size 5, in its first place
    expect(rows).toEqual([]);
    d.advanceTo(99); // still inside the interval
    expect(rows).toEqual([]);
    changeAt(150, 1, 99, 1); // a change in the next interval publishes the previous one first
    expect(rows).toEqual([[100, 1, 100, 5], [100, -1, 101, 3]]);
    d.advanceTo(250);
    expect(rows.slice(2)).toEqual([[200, 1, 99, 1]]);
    changeAt(260, -1, 102, 0);
    d.flush(280); // the end of the data caps the time
    expect(rows.slice(3)).toEqual([[280, -1, 102, 0]]);
  });
});
