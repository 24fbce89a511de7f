import { describe, expect, it } from "vitest";
import { STATUS_LINE_MAX, formatStatusLine, sessionClock } from "../../../src/live/statusLine.ts";
import { fakeSnapshot } from "./fixtures.ts";

describe("formatStatusLine", () => {
  it("shows time, mid, our quotes, inventory, PnL, fills, rules, pause state and feed on one line", () => {
    const s = fakeSnapshot(0, {
      tNs: 3_725.9e9,
      mid: 64_000.005,
      bid: 63_999.98,
      ask: 64_000.03,
      inventory: 0.0123,
      pnl: 1.23456,
      fills: 12,
      feed: { ...fakeSnapshot(0).feed, messages: 12_345, gaps: 2, reconnects: 1, rttMs: 42.6 },
    });
    const line = formatStatusLine(s);
    expect(line).toBe("1:02:05 mid 64000.005 b/a 63999.98/64000.03 q +0.0123 pnl +1.2346 fills 12 kpi 4/6 QUOTING msg 12.3k 2g 1rc 43ms");
    expect(line.length).toBeLessThanOrEqual(STATUS_LINE_MAX);
    expect(line).not.toMatch(/\n/);
  });

  it("names the pause and the feed's trouble; missing values are dashes, not NaN", () => {
    const s = fakeSnapshot(4, {
      paused: true,
      pauseReason: "latency",
      bid: NaN,
      ask: NaN,
      feed: { ...fakeSnapshot(4).feed, connected: false, rttMs: NaN },
    });
    const line = formatStatusLine(s);
    expect(line).toContain("PAUSED(latency)");
    expect(line).toContain(" b/a -/- ");
    expect(line).toContain("FEED DOWN msg ");
    expect(line).not.toContain("NaN");
    expect(formatStatusLine({ ...s, pauseReason: "warming up" })).toContain("WARMUP");
    expect(formatStatusLine({ ...s, paused: false, feed: { ...s.feed, connected: true, stale: true } })).toContain("FEED STALE msg ");
  });

  it("stays within 120 characters with extreme values (cut with an ellipsis)", () => {
    const huge = fakeSnapshot(1, {
      tNs: 1e9 * 3600 * 1000,
      tickSize: 1e-8,
      mid: 123_456_789.123,
      bid: 123_456_789.1,
      ask: 123_456_790.1,
      inventory: -12345.678,
      pnl: -1_234_567.891,
      fills: 9_999_999,
      base: "LONGBASEASSET",
      quote: "LONGQUOTEASSET",
      paused: true,
      pauseReason: "no book",
      feed: { ...fakeSnapshot(1).feed, connected: false, messages: 123_456_789, gaps: 99_999, reconnects: 12_345, rttMs: 12_345.6 },
    });
    const line = formatStatusLine(huge);
    expect(line.length).toBeLessThanOrEqual(STATUS_LINE_MAX);
    expect(line.startsWith("1000:00:00 mid 123456789.")).toBe(true);
    expect(line.endsWith("…")).toBe(true);
    for (let i = 0; i < 200; i++) expect(formatStatusLine(fakeSnapshot(i)).length).toBeLessThanOrEqual(STATUS_LINE_MAX);
  });

  it("counts session time in hours past a day", () => {
    expect(sessionClock(0)).toBe("0:00:00");
    expect(sessionClock(59.999e9)).toBe("0:00:59");
    expect(sessionClock(90_061e9)).toBe("25:01:01");
    expect(sessionClock(NaN)).toBe("-:--:--");
  });
});
