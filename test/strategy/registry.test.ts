import { describe, expect, it } from "vitest";
import { parseConfig, parseConfigValue } from "../../src/config/load.ts";
import { avellanedaStoikovStrategy, createAvellanedaStoikov } from "../../src/strategy/avellanedaStoikov.ts";
import { createGlft, glftStrategy } from "../../src/strategy/glft.ts";
import { emptyQuoteTarget, type QuoteInput } from "../../src/strategy/quoter.ts";
import { builtinStrategy, configuredParams } from "../../src/strategy/registry.ts";
import { createForTest, stepOnce, testView } from "../support/strategyHarness.ts";

const INPUT: QuoteInput = { midTicks: 6_100_000, inventory: 1, sigma: 2, tauSeconds: 10, ofiZ: 1, spreadMultiplier: 1, bestBidTicks: NaN, bestAskTicks: NaN };

describe("builtinStrategy and configuredParams", () => {
  it("the config's quoter names the built-in strategy", () => {
    expect(builtinStrategy(parseConfig({}))).toBe(avellanedaStoikovStrategy);
    expect(builtinStrategy(parseConfig({ quoter: "glft" }))).toBe(glftStrategy);
  });

  it("a built-in's params come from the config's top-level fields (so grids over gamma keep working)", () => {
    const config = parseConfig({ gamma: 0.1, k: 1, A: 2, ofi: { beta: 0.3 }, glft: { delta: 0.5 }, strategy: { params: { ignored: 1 } } });
    expect(configuredParams(avellanedaStoikovStrategy, config)).toEqual({ gamma: 0.1, k: 1, ofi_beta: 0.3 });
    expect(configuredParams(glftStrategy, config)).toEqual({ gamma: 0.1, k: 1, A: 2, delta: 0.5, ofi_beta: 0.3 });
  });
});

describe("the built-in V1 strategy", () => {
  it("writes the A–S target of the config's γ, k, β and tick: centre, equal offsets, reservation", () => {
    const config = parseConfig({ gamma: 0.1, k: 1, ofi: { beta: 0.5 }, symbol: { tick_size: 0.01 } });
    const r = stepOnce(createForTest(avellanedaStoikovStrategy, config), testView({ inventory: 1, ofiZ: 1 }));
    const target = emptyQuoteTarget();
    createAvellanedaStoikov({ gamma: 0.1, k: 1, ofiBeta: 0.5, tickSize: 0.01 }).target(INPUT, target);
    // r = 6 100 000 − 1·0.1·4·10/0.01 = 6 099 600; centre = r + 0.5·1 = 6 099 600.5; δ/2 = (4 + 20·ln 1.1)/0.02 = 295.3101798… ticks
    expect(r.reservationTicks).toBe(target.reservationTicks);
    expect(r.reservationTicks).toBeCloseTo(6_099_600, 8);
    expect(r.centreTicks).toBeCloseTo(6_099_600.5, 8);
    expect(r.bidOffsetTicks).toBe(r.askOffsetTicks);
    expect(r.bidOffsetTicks).toBeCloseTo((4 + 20 * Math.log(1.1)) / 0.02, 9);
    expect(Number.isNaN(r.bidSize) && Number.isNaN(r.askSize)).toBe(true); // orders.size
  });

  it("uses the tick size of the symbol: tick 0.1 → the same skew is 10× fewer ticks", () => {
    const config = parseConfig({ gamma: 0.1, symbol: { tick_size: 0.1 }, orders: { size: 0.1 } });
    const r = stepOnce(createForTest(avellanedaStoikovStrategy, config), testView({ midTicks: 610_000, inventory: 1 }));
    expect(r.reservationTicks).toBeCloseTo(609_960, 8); // q·γ·σ²·τ = 4 quote = 40 ticks
  });

  it("takes the online calibration's k when the view shows one, and its own k otherwise", () => {
    const config = parseConfig({ gamma: 0.1, k: 1 });
    const handlers = createForTest(avellanedaStoikovStrategy, config);
    const own = stepOnce(handlers, testView()).bidOffsetTicks;
    const fitted = stepOnce(handlers, testView({ fittedK: 2, fittedA: 3 })).bidOffsetTicks;
    expect(fitted).toBeCloseTo((4 + 20 * Math.log(1.05)) / 0.02, 9); // (2/γ)·ln(1 + γ/k) with k = 2
    expect(stepOnce(handlers, testView()).bidOffsetTicks).toBe(own);
  });
});

describe("the built-in GLFT strategy", () => {
  it("Δ = orders.size by default, glft.delta when set; offsets are the GLFT half spread", () => {
    const view = testView({ inventory: 0.04, sigma: 0.5 });
    const target = emptyQuoteTarget();
    const input = { ...INPUT, inventory: 0.04, sigma: 0.5, ofiZ: 0 };
    createGlft({ gamma: 0.5, k: 0.7, A: 1, delta: 0.01, ofiBeta: 0.5, tickSize: 0.01 }).target(input, target);
    const r = stepOnce(createForTest(glftStrategy, parseConfig({ quoter: "glft" })), view);
    expect([r.centreTicks, r.bidOffsetTicks, r.askOffsetTicks, r.reservationTicks]).toEqual([target.centreTicks, target.halfSpreadTicks, target.halfSpreadTicks, target.reservationTicks]);
    createGlft({ gamma: 0.5, k: 0.7, A: 1, delta: 1, ofiBeta: 0.5, tickSize: 0.01 }).target(input, target);
    const withDelta = stepOnce(createForTest(glftStrategy, parseConfig({ quoter: "glft" }, ["glft.delta=1"])), view);
    expect(withDelta.bidOffsetTicks).toBe(target.halfSpreadTicks);
    expect(() => parseConfig({ quoter: "glft", glft: { delta: 0 } })).toThrow(/glft\.delta/);
    expect(() => parseConfigValue({ quoter: "glfx" })).toThrow(/quoter/);
  });
});
