import { describe, expect, it } from "vitest";
import { feeAssumption } from "../../src/config/feeSchedules.ts";
import { parseConfig } from "../../src/config/load.ts";
import type { MmConfigInput } from "../../src/config/schema.ts";
import { Side } from "../../src/core/side.ts";
import { VirtualClock } from "../../src/core/time.ts";
import { EventKind } from "../../src/data/schema.ts";
import { TradingEngine } from "../../src/engine/tradingEngine.ts";
import { FillRule, type FillReport, type OrderRequest, type Venue } from "../../src/venue/venue.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";

/*
 * A hand-set engine: tick 0.01, σ-warm-up of 5 observations, τ = 0 (rolling), OFI β = 0, so the
 * quotes are mid ∓ (2/γ)·ln(1 + γ/k)/2. k is chosen so that the total spread δ = 0.05 quote:
 *   ln(1 + γ/k) = δ·γ/2  →  k = γ / (e^(δγ/2) − 1);  half-spread = 0.025 = 2.5 ticks.
 * Book: bid 9995 × 2, ask 10005 × 2 → mid 10000 → bid floor(9997.5) = 9997, ask ceil(10002.5) = 10003.
 */
const MS = 1e6;
const GAMMA = 0.1;
const DELTA = 0.05;
const K = GAMMA / (Math.exp((DELTA * GAMMA) / 2) - 1);

function config(extra: Partial<MmConfigInput> = {}) {
  return parseConfig({
    gamma: GAMMA,
    k: K,
    horizon: { mode: "rolling", tau_seconds: 0 },
    ofi: { beta: 0 },
    volatility: { window: 5, base_window: 10 },
    symbol: { min_notional: 0 },
    orders: { size: 1, requote_threshold_ticks: 1, requote_behind_threshold_ticks: 1, max_age_ms: 60_000 },
    risk: { q_max: 5, latency_guard: { window_seconds: 1 } },
    record: { interval_ms: 100 },
    // The fixture's book is set once and never updated: the feed-health rule is off here, and on in its own tests below.
    feed: { max_silence_ms: 0 },
    ...extra,
  });
}

type Call = { op: "submit"; t: number; request: OrderRequest } | { op: "cancel"; t: number; orderId: number };

class FakeVenue implements Venue {
  readonly calls: Call[] = [];
  constructor(private readonly clock: VirtualClock) {}
  submit(request: OrderRequest): void {
    this.calls.push({ op: "submit", t: this.clock.nowNs(), request: { ...request } });
  }
  cancel(orderId: number): void {
    this.calls.push({ op: "cancel", t: this.clock.nowNs(), orderId });
  }
  take(): Call[] {
    return this.calls.splice(0, this.calls.length);
  }
}

function setup(venueFactory?: (clock: VirtualClock) => Venue, cfg = config()) {
  const clock = new VirtualClock();
  const fake = new FakeVenue(clock);
  const venue = venueFactory ? venueFactory(clock) : fake;
  const kpi = new KpiTracker({ tickSize: 0.01, qMax: 5, fees: feeAssumption(cfg.fees), requiredRules: cfg.kpi.required, sampleIntervalNs: 1e9 });
  const engine = new TradingEngine({ config: cfg, clock, venue, kpi, originEpochNs: 0n });
  const stepAt = (ms: number): void => {
    clock.advanceTo(ms * MS);
    engine.step();
  };
  const book = (): void => {
    engine.onMarketEvent(EventKind.SNAPSHOT, Side.BID, 9995, 2);
    engine.onMarketEvent(EventKind.SNAPSHOT, Side.ASK, 10005, 2);
  };
  return { clock, venue: fake, kpi, engine, stepAt, book };
}

function fill(orderId: number, qty: number, priceTicks: number): FillReport {
  return { orderId, priceTicks, qty, feeQuote: 0, isMaker: true, rule: FillRule.TRADE_THROUGH, midAtFillTicks: 10000, exchTNs: 0 };
}

/** Steps at 0, 100, …, 500 ms: the quotes go out at 500 ms (ids 1 = bid, 2 = ask). */
function warmUp(s: ReturnType<typeof setup>): void {
  s.book();
  for (let ms = 0; ms <= 500; ms += 100) s.stepAt(ms);
}

describe("TradingEngine", () => {
  it("sends no quotes without a two-sided book, nor before σ has `volatility.window` observations", () => {
    const s = setup();
    s.stepAt(0);
    s.stepAt(100);
    expect(s.venue.calls).toEqual([]); // no book at all
    s.book();
    // the first step with a mid only initialises; each later one adds a σ observation:
    // 200 ms → 0, 300 → 1, 400 → 2, 500 → 3, 600 → 4 observations: still not warm (window 5)
    for (let ms = 200; ms <= 600; ms += 100) s.stepAt(ms);
    expect(s.venue.calls).toEqual([]);
    s.stepAt(700); // 5th observation: quotes
    expect(s.venue.take()).toEqual([
      { op: "submit", t: 700 * MS, request: { orderId: 1, side: Side.BID, priceTicks: 9997, qty: 1 } },
      { op: "submit", t: 700 * MS, request: { orderId: 2, side: Side.ASK, priceTicks: 10003, qty: 1 } },
    ]);
    expect(s.engine.stepCount).toBe(8);
    s.stepAt(800); // same prices, young quotes: nothing to do
    expect(s.venue.calls).toEqual([]);
  });

  it("latency guard: slow acks pause (cancel everything, send nothing) until the P99 clears, then quoting resumes", () => {
    const s = setup();
    warmUp(s);
    expect(s.venue.take().map((c) => c.op)).toEqual(["submit", "submit"]);
    // acks at 900 ms for orders sent at 500 ms: latency 400 ms each → P99 400 ms > 300 ms
    s.clock.advanceTo(900 * MS);
    s.engine.onAck(1);
    s.engine.onAck(2);
    s.stepAt(900);
    expect(s.engine.guardEvents).toEqual([{ tNs: 900 * MS, kind: "pause", p99Ms: 400 }]);
    expect(s.venue.take()).toEqual([
      { op: "cancel", t: 900 * MS, orderId: 1 },
      { op: "cancel", t: 900 * MS, orderId: 2 },
    ]);
    s.clock.advanceTo(950 * MS);
    s.engine.onCancelAck(1);
    s.engine.onCancelAck(2);
    // the samples (acked at 900 ms) stay in the 1 s window until 1900 ms inclusive: paused, silent
    for (let ms = 1000; ms <= 1900; ms += 100) s.stepAt(ms);
    expect(s.venue.calls).toEqual([]);
    const ts = s.engine.timeseries.toColumns();
    expect(ts.paused[ts.paused.length - 1]).toBe(1);
    // at 2000 ms they have aged out: resume and quote again
    s.stepAt(2000);
    expect(s.engine.guardEvents.map((e) => [e.kind, e.tNs])).toEqual([
      ["pause", 900 * MS],
      ["resume", 2000 * MS],
    ]);
    expect(s.venue.take()).toEqual([
      { op: "submit", t: 2000 * MS, request: { orderId: 3, side: Side.BID, priceTicks: 9997, qty: 1 } },
      { op: "submit", t: 2000 * MS, request: { orderId: 4, side: Side.ASK, priceTicks: 10003, qty: 1 } },
    ]);
  });

  it("inventory changes with fills only (side from the order), never with acks or cancels", () => {
    const s = setup();
    warmUp(s);
    s.clock.advanceTo(510 * MS);
    s.engine.onAck(1);
    s.engine.onAck(2);
    expect(s.engine.inventory).toBe(0);
    s.clock.advanceTo(520 * MS);
    s.engine.onFill(fill(1, 0.3, 9997)); // bid: +0.3
    s.engine.onFill(fill(2, 0.1, 10003)); // ask: −0.1 → 0.2
    s.engine.onFill(fill(99, 5, 10003)); // unknown order: ignored
    expect(s.engine.inventory).toBeCloseTo(0.2, 12);
    expect(s.kpi.position()).toBeCloseTo(0.2, 12);
    s.engine.onCancelAck(1);
    s.engine.onCancelReject(2);
    s.engine.onReject(1, 1);
    expect(s.engine.inventory).toBeCloseTo(0.2, 12);
    expect(s.engine.fillLog.fills.map((f) => [f.orderId, f.side, f.qty])).toEqual([
      [1, Side.BID, 0.3],
      [2, Side.ASK, 0.1],
    ]);
    // the order filled in full is closed: a late duplicate fill report is ignored
    s.engine.onFill(fill(2, 0.9, 10003)); // ask fully filled: inventory 0.2 − 0.9 = −0.7
    s.engine.onFill(fill(2, 0.9, 10003));
    expect(s.engine.inventory).toBeCloseTo(-0.7, 12);
  });

  it("hot reload: a requested config applies at the next step, is logged, and the next new order uses it", () => {
    const s = setup();
    warmUp(s);
    s.venue.take();
    s.clock.advanceTo(550 * MS);
    s.engine.requestConfig(config({ orders: { size: 2, requote_threshold_ticks: 1, requote_behind_threshold_ticks: 1, max_age_ms: 60_000 } }));
    expect(s.engine.currentConfig().orders.size).toBe(1); // not yet
    expect(s.engine.configLog).toEqual([]);
    s.stepAt(600);
    expect(s.engine.currentConfig().orders.size).toBe(2);
    expect(s.engine.configLog).toEqual([{ tNs: 600 * MS, message: "config reloaded" }]);
    expect(s.venue.calls).toEqual([]); // working quotes (size 1) are kept: within threshold and room
    // bid 9996 joins: mid (9996 + 10005)/2 = 10000.5 → bid floor(9998) = 9998 (moved 1 tick: replaced),
    // ask ceil(10003) = 10003 (unchanged: kept)
    s.engine.onMarketEvent(EventKind.DEPTH, Side.BID, 9996, 1);
    s.stepAt(700);
    expect(s.venue.take()).toEqual([
      { op: "cancel", t: 700 * MS, orderId: 1 },
      { op: "submit", t: 700 * MS, request: { orderId: 3, side: Side.BID, priceTicks: 9998, qty: 2 } },
    ]);
  });

  it("hot reload: a config whose engine parts cannot be built is rejected at the step, logged, and the old one stays", () => {
    const s = setup();
    warmUp(s);
    s.venue.take();
    // past the schema (a config built in code): an OFI window of 1e12 s is 1e13 steps
    const bad = config();
    (bad.ofi as { window_seconds: number }).window_seconds = 1e12;
    s.engine.requestConfig(bad);
    s.stepAt(600);
    expect(s.engine.currentConfig().ofi.window_seconds).toBe(1);
    expect(s.engine.configLog).toHaveLength(1);
    expect(s.engine.configLog[0].message).toMatch(/^config reload rejected, the config in force stays: config: ofi\.window_seconds = 1000000000000: /);
    expect(s.engine.stepErrors).toEqual([{ tNs: 600 * MS, message: s.engine.configLog[0].message }]); // in the run log
    expect(s.engine.status.pauseReason).toBe(null); // still quoting on the config in force
  });

  it("a step that throws is contained: recorded in stepErrors, counted, and the next step runs", () => {
    let submits = 0;
    const sent: OrderRequest[] = [];
    const flaky: Venue = {
      submit(request) {
        if (submits++ === 0) throw new Error("venue down");
        sent.push(request);
      },
      cancel() {},
    };
    const s = setup(() => flaky);
    warmUp(s); // the step at 500 ms throws inside the first submit
    expect(s.engine.stepErrors).toEqual([{ tNs: 500 * MS, message: "venue down" }]);
    expect(s.engine.stepCount).toBe(6);
    const rowsBefore = s.engine.timeseries.length();
    s.stepAt(600); // runs: the bid that never left is forgotten, so both sides go out now
    expect(s.engine.stepErrors).toHaveLength(1);
    expect(s.engine.stepCount).toBe(7);
    expect(sent.map((r) => r.side)).toEqual([Side.BID, Side.ASK]);
    expect(sent[1]).toEqual({ orderId: 3, side: Side.ASK, priceTicks: 10003, qty: 1 });
    expect(s.engine.timeseries.length()).toBe(rowsBefore + 1);
  });

  it("every step that throws is counted, and the steps after it keep running (a venue that always fails)", () => {
    const broken: Venue = {
      submit() {
        throw new Error("boom");
      },
      cancel() {},
    };
    const s = setup(() => broken);
    s.book();
    for (let ms = 0; ms <= 900; ms += 100) s.stepAt(ms);
    // quoting starts at 500 ms; an order that could not be sent is not kept as pending, so every
    // step from then on tries again, fails again and is counted
    expect(s.engine.stepErrors.map((e) => [e.tNs / MS, e.message])).toEqual([
      [500, "boom"],
      [600, "boom"],
      [700, "boom"],
      [800, "boom"],
      [900, "boom"],
    ]);
    expect(s.engine.stepCount).toBe(10);
    // the steps that did not throw ran to their end: one timeseries row each (interval 100 ms)
    expect(Array.from(s.engine.timeseries.toColumns().t_ns, (t) => t / MS)).toEqual([0, 100, 200, 300, 400]);
  });
});

describe("TradingEngine feed health (feed.max_silence_ms)", () => {
  /** A book around `mid` (±5 ticks, 2 each side), replacing the one before: one book update at the clock's time. */
  function setBook(s: ReturnType<typeof setup>, mid: number): void {
    s.engine.onMarketEvent(EventKind.DEPTH_CLEAR, Side.BID, 0, 0);
    s.engine.onMarketEvent(EventKind.DEPTH_CLEAR, Side.ASK, 0, 0);
    s.engine.onMarketEvent(EventKind.SNAPSHOT, Side.BID, mid - 5, 2);
    s.engine.onMarketEvent(EventKind.SNAPSHOT, Side.ASK, mid + 5, 2);
  }

  /** Steps every 100 ms up to `lastMs`, the book moving between 10000 and 10002 before each step (updates at the step's time). */
  function liveFeed(s: ReturnType<typeof setup>, lastMs: number): void {
    for (let ms = 0; ms <= lastMs; ms += 100) {
      s.clock.advanceTo(ms * MS);
      setBook(s, ms % 200 === 0 ? 10000 : 10002);
      s.engine.step();
      // the venue answers at once: orders rest, cancels complete
      for (const c of s.venue.calls) {
        if (c.op === "submit") s.engine.onAck(c.request.orderId);
        if (c.op === "cancel") s.engine.onCancelAck(c.orderId);
      }
    }
  }

  it("a book silent for longer than the limit pauses quoting (all cancelled, nothing sent), freezes σ, and resumes at the next update without a burst", () => {
    const s = setup(undefined, config({ feed: { max_silence_ms: 1000 } }));
    liveFeed(s, 1000); // quoting from 500 ms; the last book update is at 1000 ms
    expect(s.engine.status.pauseReason).toBe(null);
    const working = s.venue.take().filter((c) => c.op === "submit").slice(-2).map((c) => (c.op === "submit" ? c.request.orderId : 0));
    // 1100…2000 ms: silent for at most 1000 ms, still live (the rule is "longer than the limit")
    for (let ms = 1100; ms <= 2000; ms += 100) s.stepAt(ms);
    expect(s.engine.feedEvents).toEqual([]);
    expect(s.venue.calls).toEqual([]); // unchanged book, unchanged quotes
    const sigmaAt2000 = s.engine.status.sigma;
    // 2100 ms: 1100 ms without an update → stale: both quotes cancelled
    s.stepAt(2100);
    expect(s.engine.feedEvents).toEqual([{ tNs: 2100 * MS, kind: "pause", silenceMs: 1100 }]);
    expect(s.engine.status.pauseReason).toBe("stale feed");
    expect(s.venue.take()).toEqual(working.map((orderId) => ({ op: "cancel", t: 2100 * MS, orderId })));
    // while stale: no order, and σ does not decay on the frozen mid
    for (let ms = 2200; ms <= 3000; ms += 100) s.stepAt(ms);
    expect(s.venue.calls).toEqual([]);
    expect(s.engine.status.sigma).toBe(sigmaAt2000);
    const ts = s.engine.timeseries.toColumns();
    expect(ts.paused[ts.paused.length - 1]).toBe(2);
    // an update at 3050 ms moves the mid 10000 → 10010 (the last update, at 1000 ms, was 10000)
    s.clock.advanceTo(3050 * MS);
    setBook(s, 10010);
    s.stepAt(3100);
    expect(s.engine.feedEvents[1]).toEqual({ tNs: 3100 * MS, kind: "resume", silenceMs: 50 });
    expect(s.engine.status.pauseReason).toBe(null);
    // one quote per side, no burst of the steps missed while stale
    expect(s.venue.take().map((c) => c.op)).toEqual(["submit", "submit"]);
    // σ: the first observation after the gap spans it whole, from the last measured step (2000 ms):
    //   v = (1 − α)·σ₂₀₀₀² + α·Δmid²/Δt, α = 2/(5 + 1), Δmid = 10 ticks = 0.1, Δt = 1.1 s
    const alpha = 1 / 3;
    expect(s.engine.status.sigma).toBeCloseTo(Math.sqrt((1 - alpha) * sigmaAt2000 ** 2 + (alpha * 0.1 ** 2) / 1.1), 12);
    // paused time by cause: warming up 0 → 500 ms, stale feed 2100 → 3100 ms
    const k = s.kpi.finish(3100 * MS, 10010);
    expect(k.pausedSeconds).toEqual({ halted: 0, latency: 0, noBook: 0, staleFeed: 1, warmingUp: 0.5, total: 1.5 });
  });

  it("trades don't count as book updates; a limit of 0 turns the rule off", () => {
    const s = setup(undefined, config({ feed: { max_silence_ms: 1000 } }));
    liveFeed(s, 1000);
    for (let ms = 1100; ms <= 2500; ms += 100) {
      s.clock.advanceTo(ms * MS);
      s.engine.onMarketEvent(EventKind.TRADE, Side.BID, 10000, 1);
      s.engine.step();
    }
    expect(s.engine.feedEvents.map((e) => [e.kind, e.tNs / MS])).toEqual([["pause", 2100]]);
    const off = setup(undefined, config({ feed: { max_silence_ms: 0 } }));
    liveFeed(off, 1000);
    for (let ms = 1100; ms <= 60_000; ms += 100) off.stepAt(ms);
    expect(off.engine.feedEvents).toEqual([]);
    expect(off.engine.status.pauseReason).toBe(null);
  });
});
