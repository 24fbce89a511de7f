import { describe, expect, it } from "vitest";
import { LatencyGuard } from "../../src/risk/latencyGuard.ts";
import type { GuardEvent } from "../../src/risk/latencyGuard.ts";

const MS = 1e6; // ns
const S = 1e9;

describe("LatencyGuard: P99 (nearest rank)", () => {
  it("100 samples 1..100 ms → rank ⌈0.99·100⌉ = 99 → 99 ms", () => {
    const g = new LatencyGuard(200, 30 * S, 300, 250);
    for (let i = 1; i <= 100; i++) g.onAck(i * MS, i * MS);
    expect(g.p99Ms(100 * MS)).toBe(99);
  });

  it("200 samples → rank 198; 10 samples → rank ⌈9.9⌉ = 10 (the max); 1 sample → itself", () => {
    const g = new LatencyGuard(200, 30 * S, 300, 250);
    for (let i = 200; i >= 1; i--) g.onAck(0, i * MS); // order of arrival does not matter
    expect(g.p99Ms(0)).toBe(198);
    const h = new LatencyGuard(200, 30 * S, 300, 250);
    for (let i = 1; i <= 10; i++) h.onAck(0, i * 7 * MS);
    expect(h.p99Ms(0)).toBe(70);
    const one = new LatencyGuard(200, 30 * S, 300, 250);
    one.onAck(0, 42.5 * MS);
    expect(one.p99Ms(0)).toBe(42.5);
  });

  it("only the latest `window` acks count", () => {
    // window 100, acks 1..150 ms → holds 51..150: rank 99 → 149 ms
    const g = new LatencyGuard(100, 30 * S, 300, 250);
    for (let i = 1; i <= 150; i++) g.onAck(i * MS, i * MS);
    expect(g.p99Ms(150 * MS)).toBe(149);
  });

  it("NaN when no sample is in the time window", () => {
    const g = new LatencyGuard(10, 1 * S, 300, 250);
    expect(Number.isNaN(g.p99Ms(0))).toBe(true);
    g.onAck(0, 100 * MS);
    expect(Number.isNaN(g.p99Ms(2 * S))).toBe(true);
  });
});

describe("LatencyGuard: pause and resume", () => {
  it("one slow ack in 100 does not pause (P99 = 2nd largest); two do", () => {
    const g = new LatencyGuard(100, 30 * S, 300, 250);
    for (let i = 0; i < 99; i++) g.onAck(i * MS, 100 * MS);
    g.onAck(99 * MS, 400 * MS);
    // sorted: 99 × 100 ms, 1 × 400 ms; rank 99 → 100 ms
    expect(g.update(100 * MS)).toBe(false);
    g.onAck(100 * MS, 400 * MS); // window of 100 now holds 98 × 100 ms, 2 × 400 ms → rank 99 = 400 ms
    expect(g.update(101 * MS)).toBe(true);
    expect(g.events).toEqual([{ tNs: 101 * MS, kind: "pause", p99Ms: 400 }]);
  });

  it("pauses above 300 ms (strictly); hysteresis: stays paused at 280 ms and at 250 ms, resumes below 250 ms", () => {
    // window 10 → P99 rank ⌈9.9⌉ = 10: the max of the last 10 acks
    const g = new LatencyGuard(10, 30 * S, 300, 250);
    const fill = (t: number, ms: number) => { for (let i = 0; i < 10; i++) g.onAck(t, ms * MS); };
    fill(1 * S, 300);
    expect(g.update(1 * S)).toBe(false); // 300 is not > 300
    fill(2 * S, 350);
    expect(g.update(2 * S)).toBe(true);
    expect(g.isPaused()).toBe(true);
    fill(3 * S, 280);
    expect(g.update(3 * S)).toBe(true); // 280 ≥ 250: still paused
    fill(4 * S, 250);
    expect(g.update(4 * S)).toBe(true); // 250 is not below 250
    fill(5 * S, 249);
    expect(g.update(5 * S)).toBe(false); // resumed
    expect(g.isPaused()).toBe(false);
    fill(6 * S, 280);
    expect(g.update(6 * S)).toBe(false); // 280 does not pause again (≤ 300)
    expect(g.events).toEqual([
      { tNs: 2 * S, kind: "pause", p99Ms: 350 },
      { tNs: 5 * S, kind: "resume", p99Ms: 249 },
    ]);
  });

  it("samples older than the time window age out and the guard resumes", () => {
    const g = new LatencyGuard(10, 1 * S, 300, 250);
    g.onAck(0, 400 * MS);
    expect(g.update(0)).toBe(true);
    expect(g.update(0.5 * S)).toBe(true);
    expect(g.update(1 * S)).toBe(true); // exactly windowNs old: still inside
    expect(g.update(1 * S + 1)).toBe(false); // aged out: no sample → resume
    expect(g.events.map((e) => [e.tNs, e.kind])).toEqual([[0, "pause"], [1 * S + 1, "resume"]]);
    expect(Number.isNaN(g.events[1].p99Ms)).toBe(true);
  });

  it("ageing out keeps the fresh samples: an old slow ack leaves, the newer fast ones decide", () => {
    const g = new LatencyGuard(10, 1 * S, 300, 250);
    g.onAck(0, 500 * MS);
    g.onAck(0.8 * S, 20 * MS);
    expect(g.update(0.8 * S)).toBe(true); // max(500, 20) = 500
    expect(g.update(1.5 * S)).toBe(false); // the 500 ms ack (t = 0) left; only 20 ms remains
    expect(g.events.at(-1)).toEqual({ tNs: 1.5 * S, kind: "resume", p99Ms: 20 });
    // with no new acks the state does not flap
    expect(g.update(1.6 * S)).toBe(false);
    expect(g.events).toHaveLength(2);
  });

  it("appends every pause/resume with its time and P99 to a caller-given log", () => {
    const log: GuardEvent[] = [{ tNs: -1, kind: "resume", p99Ms: 0 }]; // kept across a rebuilt guard
    const g = new LatencyGuard(1, 30 * S, 300, 250, true, log);
    g.onAck(1 * S, 301 * MS);
    g.update(1 * S);
    g.onAck(2 * S, 100 * MS);
    g.update(2 * S);
    g.onAck(3 * S, 500 * MS);
    g.update(3 * S);
    expect(g.events).toBe(log);
    expect(log).toEqual([
      { tNs: -1, kind: "resume", p99Ms: 0 },
      { tNs: 1 * S, kind: "pause", p99Ms: 301 },
      { tNs: 2 * S, kind: "resume", p99Ms: 100 },
      { tNs: 3 * S, kind: "pause", p99Ms: 500 },
    ]);
  });

  it("disabled: never pauses and logs nothing", () => {
    const g = new LatencyGuard(10, 30 * S, 300, 250, false);
    g.onAck(0, 10_000 * MS);
    expect(g.update(0)).toBe(false);
    expect(g.isPaused()).toBe(false);
    expect(g.events).toEqual([]);
  });

  it("no events while nothing changes", () => {
    const g = new LatencyGuard(10, 30 * S, 300, 250);
    for (let t = 0; t < 50; t++) {
      g.onAck(t * MS, 100 * MS);
      g.update(t * MS);
    }
    expect(g.events).toEqual([]);
  });
});

describe("LatencyGuard: the kept-sorted P99 of an in-order run", () => {
  it("pauses and resumes exactly as recomputing the P99 at every step does", () => {
    // Acks and steps in time order take the incremental path; a guard that once saw time go
    // back recomputes from the ring (p99Ms). Ties, ring overwrites and ageing out all occur.
    const fast = new LatencyGuard(16, 2 * S, 20, 12);
    const slow = new LatencyGuard(16, 2 * S, 20, 12);
    slow.update(1);
    slow.update(0); // time went back: `slow` recomputes from now on
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let t = 10;
    for (let step = 0; step < 20_000; step++) {
      t += 100 * MS;
      const acks = rand() < 0.3 ? 0 : Math.floor(rand() * 4);
      for (let a = 0; a < acks; a++) {
        const latency = Math.round(rand() * 30) * MS; // few distinct values: ties
        fast.onAck(t, latency);
        slow.onAck(t, latency);
      }
      if (rand() < 0.02) t += 3 * S; // a gap: every sample ages out
      expect(fast.update(t)).toBe(slow.update(t));
    }
    expect(fast.events.length).toBeGreaterThan(100);
    expect(fast.events).toEqual(slow.events);
    expect(fast.p99Ms(t)).toBe(slow.p99Ms(t));
  });
});
