import { describe, expect, it } from "vitest";
import { NO_ASK, NO_BID } from "../../src/book/l2book.ts";
import { parseConfig } from "../../src/config/load.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { avellanedaStoikovQuote } from "../../src/strategy/avellanedaStoikov.ts";
import { emptyQuote } from "../../src/strategy/quoter.ts";
import type { QuoteInput } from "../../src/strategy/quoter.ts";
import { createQuoter } from "../../src/strategy/registry.ts";
import { glftQuote } from "../../src/strategy/glft.ts";

describe("createQuoter", () => {
  it("builds the Avellaneda–Stoikov quoter from the config's γ, k, β and tick", () => {
    const config = parseConfig({ gamma: 0.1, k: 1, ofi: { beta: 0.5 }, symbol: { tick_size: 0.01 } });
    const quoter = createQuoter(config);
    const inp: QuoteInput = { midTicks: 6_100_000, inventory: 1, sigma: 2, tauSeconds: 10, ofiZ: 1, spreadMultiplier: 1, bestBidTicks: NO_BID, bestAskTicks: NO_ASK };
    const out = emptyQuote();
    quoter.quote(inp, out);
    expect(out).toEqual(avellanedaStoikovQuote({ gamma: 0.1, k: 1, ofiBeta: 0.5, tickSize: 0.01 }, inp, emptyQuote()));
    // r = 6 100 000 − 1·0.1·4·10/0.01 = 6 099 600; centre = r + 0.5·1 = 6 099 600.5
    expect(out.centreTicks).toBeCloseTo(6_099_600.5, 8);
  });

  it("uses the tick size of the config: tick 0.1 → the same skew is 10× fewer ticks", () => {
    const a = emptyQuote();
    const inp: QuoteInput = { midTicks: 610_000, inventory: 1, sigma: 2, tauSeconds: 10, ofiZ: 0, spreadMultiplier: 1, bestBidTicks: NO_BID, bestAskTicks: NO_ASK };
    createQuoter(parseConfig({ gamma: 0.1, symbol: { tick_size: 0.1 }, orders: { size: 0.1 } })).quote(inp, a);
    // q·γ·σ²·τ = 1·0.1·4·10 = 4 quote; 4 quote / 0.1 = 40 ticks
    expect(a.reservationTicks).toBeCloseTo(609_960, 8);
  });

  it("the validated config cannot produce an invalid quoter, but the factory still validates", () => {
    const config = parseConfig({});
    expect(() => createQuoter({ ...config, gamma: 0 })).toThrow(ConfigError);
  });
});

describe("createQuoter: glft", () => {
  const inp: QuoteInput = { midTicks: 6_100_000, inventory: 0.04, sigma: 0.5, tauSeconds: 10, ofiZ: 0, spreadMultiplier: 1, bestBidTicks: NO_BID, bestAskTicks: NO_ASK };

  it("builds the GLFT quoter from γ, k, A, β, tick and Δ = orders.size by default", () => {
    const config = parseConfig({ quoter: "glft", gamma: 0.5, k: 0.7, A: 1 });
    expect(config.glft.delta).toBeUndefined();
    const out = emptyQuote();
    createQuoter(config).quote(inp, out);
    expect(out).toEqual(glftQuote({ gamma: 0.5, k: 0.7, A: 1, delta: 0.01, ofiBeta: 0.5, tickSize: 0.01 }, inp, emptyQuote()));
  });

  it("glft.delta overrides the order size unit (also by --set)", () => {
    const config = parseConfig({ quoter: "glft" }, ["glft.delta=1"]);
    expect(config.glft.delta).toBe(1);
    const out = emptyQuote();
    createQuoter(config).quote(inp, out);
    expect(out).toEqual(glftQuote({ gamma: 0.5, k: 0.7, A: 1, delta: 1, ofiBeta: 0.5, tickSize: 0.01 }, inp, emptyQuote()));
    expect(() => parseConfig({ quoter: "glft", glft: { delta: 0 } })).toThrow(/glft\.delta/);
    expect(() => parseConfig({ quoter: "glfx" })).toThrow(/quoter/);
  });
});
