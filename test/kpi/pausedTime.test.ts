import { describe, expect, it } from "vitest";
import { PausedTime } from "../../src/kpi/pausedTime.ts";

const S = 1e9;

describe("PausedTime", () => {
  it("counts each stretch for the cause reported at its start, up to the end", () => {
    const p = new PausedTime();
    p.report(0, "warming up"); // 0 → 2 s warming up
    p.report(2 * S, null); // 2 → 5 s quoting
    p.report(5 * S, "stale feed"); // 5 → 5.5 s stale
    p.report(5.5 * S, "stale feed"); // still stale: 5.5 → 8 s
    p.report(8 * S, "latency"); // 8 → 9 s latency
    p.report(9 * S, null); // 9 → 10 s quoting
    p.report(10 * S, "halted"); // 10 s → the end (12 s) halted
    expect(p.seconds(12 * S)).toEqual({ halted: 2, latency: 1, noBook: 0, staleFeed: 3, warmingUp: 2, total: 8 });
    // the count so far does not change with the question: asked at 10 s, the halt has lasted 0 s
    expect(p.seconds(10 * S)).toEqual({ halted: 0, latency: 1, noBook: 0, staleFeed: 3, warmingUp: 2, total: 6 });
  });

  it("is all zeros with no report, or while quoting", () => {
    expect(new PausedTime().seconds(5 * S).total).toBe(0);
    const p = new PausedTime();
    p.report(1 * S, null);
    expect(p.seconds(9 * S)).toEqual({ halted: 0, latency: 0, noBook: 0, staleFeed: 0, warmingUp: 0, total: 0 });
  });
});
