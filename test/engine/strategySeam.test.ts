import { describe, expect, it } from "vitest";
import { z } from "zod";
import { feeAssumption } from "../../src/config/feeSchedules.ts";
import { parseConfig } from "../../src/config/load.ts";
import type { MmConfig } from "../../src/config/schema.ts";
import { Side } from "../../src/core/side.ts";
import { VirtualClock } from "../../src/core/time.ts";
import { EventKind } from "../../src/data/schema.ts";
import { TradingEngine } from "../../src/engine/tradingEngine.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { defineStrategy, type QuoteRequest, type StrategyFill, type StrategyView } from "../../src/strategy/api.ts";
import { strategyParams } from "../../src/strategy/load.ts";
import { FillRule, type OrderRequest, type Venue } from "../../src/venue/venue.ts";

/*
 * The engine with a scripted strategy: book 9995 / 10005 (mid 10000), warm after 5 steps of
 * 100 ms, orders of 1 (lot 0.00001, no min notional), q_max 5. `answer` decides each step's quotes.
 */
const MS = 1e6;

interface Script {
  answer: (view: StrategyView, quotes: QuoteRequest) => void;
  steps: StrategyView[];
  fills: StrategyFill[];
  timers: number[];
  created: number;
  setTimer?: (atNs: number) => void;
}

function scripted(script: Script) {
  return defineStrategy({
    name: "scripted",
    params: z.strictObject({ offset: z.number().default(3) }),
    create(ctx) {
      script.created++;
      script.setTimer = ctx.setTimer;
      return {
        onStep(view, quotes) {
          script.steps.push({ ...view });
          script.answer(view, quotes);
        },
        onFill: (fill) => void script.fills.push(fill),
        onTimer: (tNs) => void script.timers.push(tNs),
      };
    },
  });
}

function setup(answer: Script["answer"], extra: object = {}) {
  const script: Script = { answer, steps: [], fills: [], timers: [], created: 0 };
  const definition = scripted(script);
  const config: MmConfig = parseConfig({
    volatility: { window: 5, base_window: 10 },
    symbol: { min_notional: 0 },
    orders: { size: 1, requote_threshold_ticks: 1, requote_behind_threshold_ticks: 1 },
    risk: { q_max: 5 },
    strategy: { params: {} },
    ...extra,
  });
  const clock = new VirtualClock();
  const sent: ({ op: "submit" } & OrderRequest | { op: "cancel"; orderId: number })[] = [];
  const venue: Venue = { submit: (r) => void sent.push({ op: "submit", ...r }), cancel: (orderId) => void sent.push({ op: "cancel", orderId }) };
  const kpi = new KpiTracker({ tickSize: 0.01, qMax: 5, fees: feeAssumption(config.fees), requiredRules: config.kpi.required, sampleIntervalNs: 1e9 });
  const engine = new TradingEngine({ config, clock, venue, kpi, originEpochNs: 0n, strategy: { definition, params: strategyParams(definition, config) } });
  engine.onMarketEvent(EventKind.SNAPSHOT, Side.BID, 9995, 2);
  engine.onMarketEvent(EventKind.SNAPSHOT, Side.ASK, 10005, 2);
  const stepAt = (ms: number): void => {
    clock.advanceTo(ms * MS);
    engine.step();
  };
  const warmUp = (): void => {
    for (let ms = 0; ms <= 500; ms += 100) stepAt(ms);
  };
  return { script, engine, sent, stepAt, warmUp, config, definition };
}

const symmetric = (offset: number) => (_v: StrategyView, q: QuoteRequest) => {
  q.bidOffsetTicks = offset;
  q.askOffsetTicks = offset;
};

describe("the engine runs any strategy through the same risk rules", () => {
  it("asks for quotes only once it may quote (warm, book, not halted), and shows it the market and its position", () => {
    const s = setup(symmetric(3));
    s.warmUp();
    expect(s.script.steps).toHaveLength(1); // the 500 ms step: the first warm one
    const v = s.script.steps[0];
    expect([v.tNs, v.bestBidTicks, v.bestAskTicks, v.midTicks, v.inventory, v.spreadMultiplier]).toEqual([500 * MS, 9995, 10005, 10000, 0, 1]);
    expect(v.workingBidTicks).toBeNaN();
    expect(v.workingBidQty).toBe(0);
    expect(v.fittedK).toBeNaN();
    expect(v.tauSeconds).toBe(10);
    // mid 10000 ∓ 3 ticks, size orders.size
    expect(s.sent).toEqual([
      { op: "submit", orderId: 1, side: Side.BID, priceTicks: 9997, qty: 1 },
      { op: "submit", orderId: 2, side: Side.ASK, priceTicks: 10003, qty: 1 },
    ]);
    s.stepAt(600);
    expect(s.script.steps[1].workingBidTicks).toBe(9997);
    expect(s.script.steps[1].workingAskQty).toBe(1);
  });

  it("post-only and outward rounding apply to what the strategy asks: a bid through the ask becomes best ask − 1", () => {
    const s = setup((_v, q) => {
      q.centreTicks = 10010.4;
      q.bidOffsetTicks = 0.2;
      q.askOffsetTicks = 0.2;
    });
    s.warmUp();
    // bid floor(10010.2) = 10010 ≥ best ask 10005 → 10004; ask ceil(10010.6) = 10011
    expect(s.sent.map((m) => (m.op === "submit" ? m.priceTicks : m.orderId))).toEqual([10004, 10011]);
  });

  it("a side with a NaN offset is not quoted, and its working order is withdrawn", () => {
    let quoteAsk = true;
    const s = setup((_v, q) => {
      q.bidOffsetTicks = 3;
      q.askOffsetTicks = quoteAsk ? 3 : NaN;
    });
    s.warmUp();
    quoteAsk = false;
    s.stepAt(600);
    expect(s.sent.at(-1)).toEqual({ op: "cancel", orderId: 2 });
    expect(s.engine.cancelReasons().withdrawn).toBe(1);
    expect(s.engine.status.askTicks).toBeNaN();
  });

  it("a size of its own, rounded to the lot and capped by the inventory guard; 0 withdraws", () => {
    const s = setup((_v, q) => {
      q.bidOffsetTicks = q.askOffsetTicks = 3;
      q.bidSize = 7; // q_max 5 caps it
      q.askSize = 0.123456789;
    });
    s.warmUp();
    expect(s.sent.map((m) => (m.op === "submit" ? m.qty : NaN))).toEqual([5, 0.12345]);
  });

  it("fills reach the strategy (onFill, inventory, recent fills) with the venue's numbers", () => {
    const s = setup(symmetric(3));
    s.warmUp();
    s.engine.onFill({ orderId: 1, priceTicks: 9997, qty: 0.4, feeQuote: 0.01, isMaker: true, rule: FillRule.QUEUE, midAtFillTicks: 10000, exchTNs: 0 });
    expect(s.script.fills).toEqual([{ tNs: 500 * MS, side: 1, priceTicks: 9997, qty: 0.4, feeQuote: 0.01, midAtFillTicks: 10000 }]);
    s.stepAt(600);
    const v = s.script.steps.at(-1)!;
    expect(v.inventory).toBeCloseTo(0.4, 12);
    expect(v.fillCount).toBe(1);
    expect(v.recentFills).toHaveLength(1);
    expect(v.workingBidQty).toBeCloseTo(0.6, 12);
  });

  it("timers fire at the first step at or after their time, earliest first, also while it may not quote", () => {
    const s = setup(symmetric(3));
    s.script.setTimer!(250 * MS);
    s.script.setTimer!(120 * MS);
    s.script.setTimer!(250 * MS);
    s.warmUp(); // warming up until 500 ms: the timers still run
    expect(s.script.timers).toEqual([120 * MS, 250 * MS, 250 * MS]);
    expect(() => s.script.setTimer!(NaN)).toThrow(/not a time/);
  });

  it("an answer that is not a number is a contained step error naming the strategy, not an order", () => {
    const s = setup((_v, q) => {
      q.bidOffsetTicks = Infinity;
      q.askOffsetTicks = 3;
    });
    s.warmUp();
    expect(s.engine.stepErrors.map((e) => e.message)).toEqual(["strategy scripted: bid price -Infinity ticks is not a finite number"]);
    expect(s.sent.filter((m) => m.op === "submit")).toEqual([]);
  });

  it("a hot reload keeps the strategy's state unless its params change", () => {
    const s = setup(symmetric(3));
    s.warmUp();
    expect(s.script.created).toBe(1);
    s.engine.requestConfig(parseConfig({ ...s.config, risk: { ...s.config.risk, q_max: 4 } }));
    s.stepAt(600);
    expect(s.script.created).toBe(1);
    s.engine.requestConfig(parseConfig({ ...s.config, strategy: { params: { offset: 5 } } }));
    s.stepAt(700);
    expect(s.script.created).toBe(2);
    s.engine.requestConfig(parseConfig({ ...s.config, risk: { ...s.config.risk, q_max: 3 }, strategy: { params: { offset: -1, extra: 1 } } }));
    s.stepAt(800);
    expect(s.engine.stepErrors.at(-1)?.message).toMatch(/strategy\.params\.extra = 1: unknown field/);
    expect(s.engine.currentConfig().risk.q_max).toBe(5); // refused whole: the config in force stays
  });
});
