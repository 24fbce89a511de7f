import { parseConfig } from "../../src/config/load.ts";
import type { MmConfig } from "../../src/config/schema.ts";
import { rootRng } from "../../src/core/rng.ts";
import { VirtualClock } from "../../src/core/time.ts";
import type { QuoteRequest, StrategyDefinition, StrategyHandlers, StrategyView } from "../../src/strategy/api.ts";
import { strategyParams } from "../../src/strategy/load.ts";

/** A view with plain numbers (mid 6 100 000 ticks, σ 2, τ 10 s, flat, no fit), overridable. */
export function testView(over: Partial<StrategyView> = {}): StrategyView {
  return {
    tNs: 0, bestBidTicks: 6_099_990, bestAskTicks: 6_100_010, midTicks: 6_100_000, sigma: 2, sigmaBase: 2, spreadMultiplier: 1, ofi: 0, ofiZ: 0, tauSeconds: 10,
    inventory: 0, workingBidTicks: NaN, workingBidQty: 0, workingAskTicks: NaN, workingAskQty: 0, fillCount: 0, recentFills: [], fittedK: NaN, fittedA: NaN, book: null,
    ...over,
  };
}

/** A quote request as the engine resets it before a step (centre at the view's mid). */
export function resetRequest(view: StrategyView): QuoteRequest {
  return { centreTicks: view.midTicks, bidOffsetTicks: NaN, askOffsetTicks: NaN, bidSize: NaN, askSize: NaN, reservationTicks: NaN };
}

/** Builds a strategy's handlers as the engine does, from a config (params validated by the strategy's schema). */
export function createForTest(definition: StrategyDefinition, config: MmConfig = parseConfig({}), timers: number[] = []): StrategyHandlers {
  const s = config.symbol;
  return definition.create({
    params: strategyParams(definition, config),
    symbol: { name: s.name, tickSize: s.tick_size, lotSize: s.lot_size, minNotional: s.min_notional },
    rng: rootRng(1).fork("strategy"),
    clock: new VirtualClock(),
    config,
    setTimer: (atNs) => void timers.push(atNs),
  });
}

/** One step of a strategy on a view; returns the request it wrote. */
export function stepOnce(handlers: StrategyHandlers, view: StrategyView): QuoteRequest {
  const request = resetRequest(view);
  handlers.onStep(view, request);
  return request;
}
