import { describe, expect, it } from "vitest";
import type { MmConfig } from "../../src/config/schema.ts";
import { epochOffsetSeconds, tauSeconds } from "../../src/strategy/horizon.ts";

const S = 1e9; // ns per second
const rolling = (tau: number): MmConfig["horizon"] => ({ mode: "rolling", tau_seconds: tau });
const session = (len: number): MmConfig["horizon"] => ({ mode: "session", session_seconds: len });

// 2024-01-01T23:00:00Z = Date.UTC(2024, 0, 1, 23) = 1 704 150 000 000 ms
const ORIGIN_23H_NS = 1_704_150_000_000n * 1_000_000n;

describe("tauSeconds: rolling", () => {
  it("is the constant τ whatever the time", () => {
    for (const t of [0, 1e9, 3.6e12, 86_400e9 * 3 + 17]) {
      expect(tauSeconds(rolling(10), t, 0)).toBe(10);
      expect(tauSeconds(rolling(10), t, 12_345)).toBe(10);
    }
    expect(tauSeconds(rolling(0), 5e9, 0)).toBe(0);
  });
});

describe("tauSeconds: session", () => {
  it("counts down to the UTC session end: origin 23:00:00Z, t = 30 min → τ = 1800 s", () => {
    const offset = epochOffsetSeconds(ORIGIN_23H_NS, 86_400);
    expect(offset).toBe(82_800); // 23 h · 3600
    // into session = 82 800 + 1 800 = 84 600 → τ = 86 400 − 84 600 = 1 800
    expect(tauSeconds(session(86_400), 30 * 60 * S, offset)).toBe(1_800);
    // t = 0 → 3 600 s to midnight
    expect(tauSeconds(session(86_400), 0, offset)).toBe(3_600);
    // t = 59 min 59 s → 1 s left
    expect(tauSeconds(session(86_400), 3_599 * S, offset)).toBe(1);
    // t = 59 min 59.5 s → 0.5 s left
    expect(tauSeconds(session(86_400), 3_599.5 * S, offset)).toBeCloseTo(0.5, 9);
  });

  it("at midnight a new session starts with the full length; it then counts down again", () => {
    const offset = 82_800;
    // t = 1 h → exactly midnight: into = 86 400 mod 86 400 = 0 → τ = 86 400
    expect(tauSeconds(session(86_400), 3_600 * S, offset)).toBe(86_400);
    // t = 1 h + 6 h → 06:00 of the next day → 18 h left
    expect(tauSeconds(session(86_400), 7 * 3_600 * S, offset)).toBe(18 * 3_600);
  });

  it("τ decreases one-for-one with time inside a session", () => {
    const offset = 1_000;
    let prev = tauSeconds(session(3_600), 0, offset); // 3 600 − 1 000 = 2 600
    expect(prev).toBe(2_600);
    for (let s = 1; s < 2_600; s += 97) {
      const tau = tauSeconds(session(3_600), s * S, offset);
      expect(tau).toBeCloseTo(2_600 - s, 9);
      expect(tau).toBeLessThan(prev);
      prev = tau;
    }
  });

  it("hourly sessions", () => {
    // origin 23:00:00Z → offset mod 3600 = 0; t = 25 min → 35 min left
    const offset = epochOffsetSeconds(ORIGIN_23H_NS, 3_600);
    expect(offset).toBe(0);
    expect(tauSeconds(session(3_600), 25 * 60 * S, offset)).toBe(35 * 60);
  });
});

describe("epochOffsetSeconds", () => {
  it("is exact to the nanosecond for epoch times near 1.7e18 ns", () => {
    // 23:00:00.123456789Z → 82 800.123456789 s into the day
    const origin = ORIGIN_23H_NS + 123_456_789n;
    expect(epochOffsetSeconds(origin, 86_400)).toBe(82_800.123456789);
    // the naive float computation loses the nanoseconds (1.7e18 has a 256 ns ulp) — the exact path must not
    const naive = (Number(origin) / 1e9) % 86_400;
    expect(Math.abs(naive - 82_800.123456789)).toBeGreaterThan(1e-8);
    // one nanosecond more is visible
    expect(epochOffsetSeconds(origin + 1n, 86_400)).toBe(82_800.12345679);
  });

  it("is 0 at a session boundary and wraps negative (pre-1970) origins into [0, session)", () => {
    expect(epochOffsetSeconds(1_704_067_200_000_000_000n, 86_400)).toBe(0); // 2024-01-01T00:00:00Z
    expect(epochOffsetSeconds(0n, 86_400)).toBe(0);
    // 1969-12-31T23:59:59Z = −1 s → 86 399 s into that day
    expect(epochOffsetSeconds(-1_000_000_000n, 86_400)).toBe(86_399);
    // −1 ns → 86 399.999999999
    expect(epochOffsetSeconds(-1n, 86_400)).toBe(86_399.999999999);
  });

  it("feeds tauSeconds so relative engine time maps to wall-clock sessions", () => {
    const origin = ORIGIN_23H_NS + 500_000_000n; // 23:00:00.5
    const offset = epochOffsetSeconds(origin, 86_400);
    // t = 1 799.5 s → 23:30:00.0 → 1 800 s left
    expect(tauSeconds(session(86_400), 1_799.5 * S, offset)).toBeCloseTo(1_800, 9);
  });
});
