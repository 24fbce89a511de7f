import { describe, expect, it } from "vitest";
import { HorizonQueue, type DueSink } from "../../src/research/horizonQueue.ts";

/** Records every release. */
function recorder(): DueSink & { got: number[][] } {
  const got: number[][] = [];
  return { got, onDue: (q, side, mid, reach, id, after) => void got.push([q, side, mid, reach, id, after]) };
}

describe("HorizonQueue", () => {
  it("releases each order once its time + horizon is inside the state's interval, with that state's mid", () => {
    const r = recorder();
    const q = new HorizonQueue(1e9, 7, r);
    q.push(0, 1, 100.5, 0.5, 0); // due 1 s
    q.push(0.5e9, -1, 101, 2, 1); // due 1.5 s
    q.release(1e9, 102); // state over [?, 1 s): nothing due before 1 s
    expect(r.got).toEqual([]);
    q.release(1.5e9, 103); // [1 s, 1.5 s): the first
    expect(r.got).toEqual([[7, 1, 100.5, 0.5, 0, 103]]);
    q.release(9e9, NaN); // an invalid book is handed on as NaN
    expect(r.got[1]).toEqual([7, -1, 101, 2, 1, NaN]);
    expect(q.length).toBe(0);
  });

  it("grows past its initial capacity while wrapped, keeping the order", () => {
    const r = recorder();
    const q = new HorizonQueue(10, 0, r);
    for (let i = 0; i < 50; i++) q.push(i, 1, i, 0, i);
    q.release(40, 0); // due 10..39 released: ids 0..29, head now mid-ring
    for (let i = 50; i < 200; i++) q.push(i, -1, i, 0, i); // forces two doublings with the ring wrapped
    expect(q.length).toBe(170);
    q.release(1e9, 1);
    expect(r.got.map((g) => g[4])).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(r.got[150][1]).toBe(-1);
  });
});
