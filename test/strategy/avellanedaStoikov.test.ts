import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configErrorOf } from "../support/configError.ts";
import { NO_ASK, NO_BID } from "../../src/book/l2book.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { avellanedaStoikovQuote, createAvellanedaStoikov } from "../../src/strategy/avellanedaStoikov.ts";
import type { AvellanedaStoikovParams } from "../../src/strategy/avellanedaStoikov.ts";
import { emptyQuote } from "../../src/strategy/quoter.ts";
import type { Quote, QuoteInput } from "../../src/strategy/quoter.ts";

// Reference numbers used throughout (units: quote = USDT, base = BTC):
//   γ = 0.1 1/(quote·base), k = 1 1/quote, σ = 2 quote/√s, τ = 10 s, tick = 0.01, S = 6 100 000 ticks (61 000.00)
//   risk term γσ²τ = 0.1 · 4 · 10 = 4 quote
//   (2/γ)·ln(1 + γ/k) = 20 · ln(1.1) = 20 · 0.0953101798… = 1.906203596… quote
//   δ = 4 + 1.906203596… = 5.906203596… quote
//   δ/2 in ticks = 5.906203596… / (2 · 0.01) = 295.3101798… ticks
const P: AvellanedaStoikovParams = { gamma: 0.1, k: 1, ofiBeta: 0.5, tickSize: 0.01 };
const LN_TERM = 20 * Math.log(1.1); // 1.906203596…
const DELTA = 4 + LN_TERM; // 5.906203596…
const HALF_TICKS = DELTA / 0.02; // 295.3101798…

/** A book far away from the quotes so the post-only rule does not bite. */
function input(over: Partial<QuoteInput> = {}): QuoteInput {
  return {
    midTicks: 6_100_000,
    inventory: 0,
    sigma: 2,
    tauSeconds: 10,
    ofiZ: 0,
    spreadMultiplier: 1,
    bestBidTicks: NO_BID,
    bestAskTicks: NO_ASK,
    ...over,
  };
}

function q(over: Partial<QuoteInput> = {}, params: AvellanedaStoikovParams = P): Quote {
  return avellanedaStoikovQuote(params, input(over), emptyQuote());
}

describe("avellanedaStoikovQuote: formulas on hand-computed numbers", () => {
  it("q = 0: r = S, δ = γσ²τ + (2/γ)ln(1+γ/k), quotes rounded outward", () => {
    const out = q();
    expect(out.reservationTicks).toBe(6_100_000); // r = S − 0·4 = S
    expect(out.centreTicks).toBe(6_100_000); // no OFI
    expect(out.spreadQuote).toBeCloseTo(5.906203596086, 10);
    expect(out.spreadQuote).toBeCloseTo(DELTA, 12);
    // bid = floor(6 100 000 − 295.3101798) = floor(6 099 704.6898) = 6 099 704
    // ask = ceil (6 100 000 + 295.3101798) = ceil (6 100 295.3102) = 6 100 296
    expect(out.bidTicks).toBe(6_099_704);
    expect(out.askTicks).toBe(6_100_296);
  });

  it("q = +1: r = S − qγσ²τ = 61 000 − 1·4 = 60 996 (6 099 600 ticks), δ unchanged", () => {
    const out = q({ inventory: 1 });
    expect(out.reservationTicks).toBeCloseTo(6_099_600, 9); // 6 100 000 − 4/0.01
    expect(out.spreadQuote).toBeCloseTo(DELTA, 12);
    // bid = floor(6 099 600 − 295.3101798) = floor(6 099 304.6898) = 6 099 304
    // ask = ceil (6 099 600 + 295.3101798) = ceil (6 099 895.3102) = 6 099 896
    expect(out.bidTicks).toBe(6_099_304);
    expect(out.askTicks).toBe(6_099_896);
  });

  it("q = −0.5: r = 61 000 + 0.5·4 = 61 002 (6 100 200 ticks)", () => {
    const out = q({ inventory: -0.5 });
    expect(out.reservationTicks).toBeCloseTo(6_100_200, 9);
    // bid = floor(6 100 200 − 295.31) = 6 099 904, ask = ceil(6 100 200 + 295.31) = 6 100 496
    expect(out.bidTicks).toBe(6_099_904);
    expect(out.askTicks).toBe(6_100_496);
  });

  it("q = 0 is symmetric: bid and ask equidistant from the mid (integer and x.5 mids)", () => {
    const a = q();
    expect(6_100_000 - a.bidTicks).toBe(296);
    expect(a.askTicks - 6_100_000).toBe(296);
    // mid 6 100 000.5: bid = floor(6 099 705.19) = 6 099 705 (295.5 below), ask = ceil(6 100 295.81) = 6 100 296 (295.5 above)
    const b = q({ midTicks: 6_100_000.5 });
    expect(b.bidTicks).toBe(6_099_705);
    expect(b.askTicks).toBe(6_100_296);
    expect(6_100_000.5 - b.bidTicks).toBe(b.askTicks - 6_100_000.5);
    // and for any σ, τ
    for (const [sigma, tau] of [[0.3, 5], [1, 60], [7, 0.5]]) {
      const o = q({ sigma, tauSeconds: tau });
      expect(6_100_000 - o.bidTicks).toBe(o.askTicks - 6_100_000);
    }
  });

  it("skew sign: q > 0 lowers both quotes, q < 0 raises both", () => {
    const flat = q();
    const long = q({ inventory: 0.3 });
    const short = q({ inventory: -0.3 });
    expect(long.bidTicks).toBeLessThan(flat.bidTicks);
    expect(long.askTicks).toBeLessThan(flat.askTicks);
    expect(short.bidTicks).toBeGreaterThan(flat.bidTicks);
    expect(short.askTicks).toBeGreaterThan(flat.askTicks);
    // shift of r: 0.3 · 4 = 1.2 quote = 120 ticks each way
    expect(flat.reservationTicks - long.reservationTicks).toBeCloseTo(120, 9);
    expect(short.reservationTicks - flat.reservationTicks).toBeCloseTo(120, 9);
  });

  it("σ = 0: no inventory skew, δ = (2/γ)ln(1+γ/k) only", () => {
    const out = q({ sigma: 0, inventory: 3 });
    expect(out.reservationTicks).toBe(6_100_000); // q·γ·0·τ = 0
    expect(out.spreadQuote).toBeCloseTo(LN_TERM, 12); // 1.906203596…
    // δ/2 = 95.31017980 ticks: bid = floor(6 099 904.69) = 6 099 904, ask = ceil(6 100 095.31) = 6 100 096
    expect(out.bidTicks).toBe(6_099_904);
    expect(out.askTicks).toBe(6_100_096);
  });

  it("τ = 0: spread = (2/γ)ln(1+γ/k) only and no skew", () => {
    const out = q({ tauSeconds: 0, inventory: -2 });
    expect(out.reservationTicks).toBe(6_100_000);
    expect(out.spreadQuote).toBeCloseTo(1.906203596086, 10);
    expect(out.bidTicks).toBe(6_099_904);
    expect(out.askTicks).toBe(6_100_096);
  });

  it("another parameter set: γ = 0.5, k = 2, σ = 1, τ = 2, tick 0.1", () => {
    // γσ²τ = 0.5·1·2 = 1 quote; (2/γ)ln(1+γ/k) = 4·ln(1.25) = 4 · 0.2231435513 = 0.8925742052
    // δ = 1.8925742052 quote, δ/2 = 9.462871026 ticks (tick 0.1)
    // q = 2: r = 1000 ticks − 2·1/0.1 = 980 ticks
    // bid = floor(980 − 9.4629) = floor(970.537) = 970, ask = ceil(989.463) = 990
    const out = q({ midTicks: 1000, inventory: 2, sigma: 1, tauSeconds: 2 }, { gamma: 0.5, k: 2, ofiBeta: 0, tickSize: 0.1 });
    expect(out.reservationTicks).toBeCloseTo(980, 10);
    expect(out.spreadQuote).toBeCloseTo(1 + 4 * Math.log(1.25), 12);
    expect(out.spreadQuote).toBeCloseTo(1.8925742052, 9);
    expect(out.bidTicks).toBe(970);
    expect(out.askTicks).toBe(990);
  });
});

describe("avellanedaStoikovQuote: OFI centre shift (README: The V1 strategy)", () => {
  it("β·z large positive → centre shifts exactly +1 tick", () => {
    // β = 0.5, z = 3 → β·z = 1.5 ticks → clamped to +1
    const out = q({ ofiZ: 3 });
    expect(out.centreTicks).toBe(6_100_001);
    expect(out.centreTicks - out.reservationTicks).toBe(1);
    // bid = floor(6 100 001 − 295.31) = 6 099 705, ask = ceil(6 100 296.31) = 6 100 297
    expect(out.bidTicks).toBe(6_099_705);
    expect(out.askTicks).toBe(6_100_297);
  });

  it("β·z large negative → centre shifts exactly −1 tick", () => {
    const out = q({ ofiZ: -100 }); // −50 ticks → −1
    expect(out.centreTicks - out.reservationTicks).toBe(-1);
    expect(out.bidTicks).toBe(6_099_703); // floor(6 099 703.69)
    expect(out.askTicks).toBe(6_100_295); // ceil(6 100 294.31)
  });

  it("small β·z → shift of β·z ticks (not clamped)", () => {
    // z = 0.4 → 0.2 ticks; z = −1.2 → −0.6 ticks
    expect(q({ ofiZ: 0.4 }).centreTicks - 6_100_000).toBeCloseTo(0.2, 6);
    expect(q({ ofiZ: -1.2 }).centreTicks - 6_100_000).toBeCloseTo(-0.6, 6);
    // exactly ±1 at the edge (z = ±2)
    expect(q({ ofiZ: 2 }).centreTicks - 6_100_000).toBe(1);
    expect(q({ ofiZ: -2 }).centreTicks - 6_100_000).toBe(-1);
  });

  it("shift applies on top of the inventory skew (centre = r + shift)", () => {
    const out = q({ inventory: 1, ofiZ: 1 }); // r = 6 099 600, shift 0.5
    expect(out.centreTicks).toBeCloseTo(6_099_600.5, 8);
  });

  it("the spread δ does not depend on the OFI: spreadQuote identical, only the centre moves", () => {
    const base = q();
    for (const z of [-3, -1.7, -0.9, -0.2, 0.1, 0.5, 1.3, 3, 50]) {
      const out = q({ ofiZ: z });
      expect(out.spreadQuote).toBe(base.spreadQuote);
      expect(out.reservationTicks).toBe(base.reservationTicks);
      const shift = Math.max(-1, Math.min(1, 0.5 * z));
      expect(out.centreTicks - base.centreTicks).toBeCloseTo(shift, 6);
      // ask − bid is 2·δ/2 = 590.62 ticks rounded outward: 591 or 592
      const width = out.askTicks - out.bidTicks;
      expect(width).toBeGreaterThanOrEqual(Math.ceil(2 * HALF_TICKS));
      expect(width).toBeLessThanOrEqual(Math.ceil(2 * HALF_TICKS) + 1);
    }
  });

  it("property: spread invariance under OFI for random inputs", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (z, sigma, inv) => {
          const a = q({ sigma, inventory: inv });
          const b = q({ sigma, inventory: inv, ofiZ: z });
          expect(b.spreadQuote).toBe(a.spreadQuote);
          expect(Math.abs(b.centreTicks - a.centreTicks)).toBeLessThanOrEqual(1 + 1e-6);
          const half = a.spreadQuote / 0.02;
          const w = b.askTicks - b.bidTicks;
          expect(w).toBeGreaterThanOrEqual(2 * half - 1e-6);
          expect(w).toBeLessThan(2 * half + 2);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe("avellanedaStoikovQuote: tick grid, minimum spread, post-only", () => {
  it("outward rounding: bid = floor, ask = ceil of fractional tick positions", () => {
    // γ = 1, k = 1, σ = 0: δ = 2·ln 2 = 1.386294361 quote; tick 0.1 → δ/2 = 6.931471806 ticks
    // S = 100.5 ticks: bid = floor(93.5685) = 93, ask = ceil(107.4315) = 108
    const out = q({ midTicks: 100.5, sigma: 0 }, { gamma: 1, k: 1, ofiBeta: 0, tickSize: 0.1 });
    expect(out.spreadQuote).toBeCloseTo(2 * Math.LN2, 12);
    expect(out.bidTicks).toBe(93);
    expect(out.askTicks).toBe(108);
    // the quoted range contains [centre − δ/2, centre + δ/2]
    expect(out.bidTicks).toBeLessThanOrEqual(100.5 - 6.931471806);
    expect(out.askTicks).toBeGreaterThanOrEqual(100.5 + 6.931471806);
  });

  it("a bound exactly on the grid is not pushed a further tick out", () => {
    // γ = 2, k = 2/(e − 1) so ln(1 + γ/k) = ln(e) = 1: δ = (2/2)·1 = 1 quote; tick 0.5 → δ/2 = 1 tick
    const out = q({ midTicks: 200, sigma: 0 }, { gamma: 2, k: 2 / (Math.E - 1), ofiBeta: 0, tickSize: 0.5 });
    expect(out.spreadQuote).toBeCloseTo(1, 12);
    expect(out.bidTicks).toBe(199);
    expect(out.askTicks).toBe(201);
  });

  it("spread ≥ 1 tick when δ is almost 0", () => {
    // k = 1e12: δ = 20·ln(1 + 1e-13) ≈ 2e-12 quote → δ/2 ≈ 1e-10 ticks; both bounds round to the mid 100
    const out = q({ midTicks: 100, sigma: 0 }, { gamma: 0.1, k: 1e12, ofiBeta: 0, tickSize: 0.01 });
    expect(out.spreadQuote).toBeLessThan(1e-11);
    expect(out.bidTicks).toBe(100);
    expect(out.askTicks).toBe(101);
    expect(out.askTicks - out.bidTicks).toBe(1);
  });

  it("post-only: a long inventory whose ask would cross the best bid is placed at best bid + 1", () => {
    // q = 10: r = 6 100 000 − 10·4/0.01 = 6 096 000; raw ask = ceil(6 096 295.31) = 6 096 296 ≤ best bid 6 100 000
    const out = q({ inventory: 10, bestBidTicks: 6_100_000, bestAskTicks: 6_100_001, midTicks: 6_100_000.5 });
    expect(out.askTicks).toBe(6_100_001);
    expect(out.bidTicks).toBe(Math.floor(6_100_000.5 - 4000 - HALF_TICKS)); // 6 095 705
    expect(out.bidTicks).toBe(6_095_705);
  });

  it("post-only: a short inventory whose bid would cross the best ask is placed at best ask − 1", () => {
    // q = −10: r = 6 104 000 (+ 0.5); raw bid = floor(6 103 705.19) ≥ best ask 6 100 001
    const out = q({ inventory: -10, bestBidTicks: 6_100_000, bestAskTicks: 6_100_001, midTicks: 6_100_000.5 });
    expect(out.bidTicks).toBe(6_100_000);
    expect(out.askTicks).toBe(Math.ceil(6_104_000.5 + HALF_TICKS)); // 6 104 296
    expect(out.askTicks).toBe(6_104_296);
  });

  it("post-only with the OFI shift on a 1-tick book whose quotes would lock it", () => {
    // tiny δ (k = 1e12), mid 100.5 between 100 and 101, z pushes the centre +1 → 101.5
    // raw bid = floor(101.5) = 101 = best ask → 100; raw ask = ceil(101.5) = 102
    const out = q({ midTicks: 100.5, sigma: 0, ofiZ: 3, bestBidTicks: 100, bestAskTicks: 101 }, { gamma: 0.1, k: 1e12, ofiBeta: 0.5, tickSize: 0.01 });
    expect(out.bidTicks).toBe(100);
    expect(out.askTicks).toBe(102);
  });

  it("spread multiplier 1.5 widens δ by exactly 1.5", () => {
    // δ = 1.5 · 5.906203596 = 8.859305394 quote, δ/2 = 442.9652697 ticks
    // bid = floor(6 099 557.0347) = 6 099 557, ask = ceil(6 100 442.9653) = 6 100 443
    const out = q({ spreadMultiplier: 1.5 });
    expect(out.spreadQuote).toBeCloseTo(8.859305394, 8);
    expect(out.spreadQuote).toBeCloseTo(1.5 * q().spreadQuote, 12);
    expect(out.bidTicks).toBe(6_099_557);
    expect(out.askTicks).toBe(6_100_443);
    expect(out.reservationTicks).toBe(6_100_000); // the multiplier does not touch r
  });

  it("property: bid < ask, post-only and outward rounding hold for random valid inputs (incl. 1-tick books)", () => {
    const arb = fc.record({
      gamma: fc.double({ min: 1e-3, max: 10, noNaN: true }),
      k: fc.double({ min: 1e-2, max: 100, noNaN: true }),
      ofiBeta: fc.double({ min: -2, max: 2, noNaN: true }),
      tickSize: fc.constantFrom(0.01, 0.1, 0.5, 1),
      bestBid: fc.integer({ min: 1_000, max: 10_000_000 }),
      bookSpread: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 50 })),
      inventory: fc.double({ min: -5, max: 5, noNaN: true }),
      sigma: fc.double({ min: 0, max: 5, noNaN: true }),
      tau: fc.double({ min: 0, max: 100, noNaN: true }),
      z: fc.double({ min: -3, max: 3, noNaN: true }),
      mult: fc.constantFrom(1, 1.5),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const bestAsk = a.bestBid + a.bookSpread;
        const params = { gamma: a.gamma, k: a.k, ofiBeta: a.ofiBeta, tickSize: a.tickSize };
        const inp: QuoteInput = {
          midTicks: (a.bestBid + bestAsk) / 2,
          inventory: a.inventory,
          sigma: a.sigma,
          tauSeconds: a.tau,
          ofiZ: a.z,
          spreadMultiplier: a.mult,
          bestBidTicks: a.bestBid,
          bestAskTicks: bestAsk,
        };
        const out = avellanedaStoikovQuote(params, inp, emptyQuote());
        expect(Number.isInteger(out.bidTicks)).toBe(true);
        expect(Number.isInteger(out.askTicks)).toBe(true);
        expect(out.bidTicks).toBeLessThan(out.askTicks);
        expect(out.bidTicks).toBeLessThan(bestAsk);
        expect(out.askTicks).toBeGreaterThan(a.bestBid);
        // outward: never inside [centre − δ/2, centre + δ/2] (float tolerance of the tick helpers)
        const half = out.spreadQuote / (2 * a.tickSize);
        expect(out.bidTicks).toBeLessThanOrEqual(out.centreTicks - half + 1e-6);
        expect(out.askTicks).toBeGreaterThanOrEqual(out.centreTicks + half - 1e-6);
        // the shift stays within ±1 tick
        expect(Math.abs(out.centreTicks - out.reservationTicks)).toBeLessThanOrEqual(1 + 1e-6);
        // the created quoter gives the same answer
        const viaQuoter = emptyQuote();
        createAvellanedaStoikov(params).quote(inp, viaQuoter);
        expect(viaQuoter).toEqual(out);
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe("createAvellanedaStoikov", () => {
  it("gives the same quote as avellanedaStoikovQuote and writes into the caller's object", () => {
    const quoter = createAvellanedaStoikov(P);
    const out = emptyQuote();
    const inp = input({ inventory: 0.25, ofiZ: -0.6, spreadMultiplier: 1.5 });
    quoter.quote(inp, out);
    expect(out).toEqual(avellanedaStoikovQuote(P, inp, emptyQuote()));
    // r = 6 100 000 − 0.25·4/0.01 = 6 099 900; shift = 0.5·(−0.6) = −0.3 tick
    expect(out.reservationTicks).toBeCloseTo(6_099_900, 9);
    expect(out.centreTicks).toBeCloseTo(6_099_899.7, 6);
  });

  it.each([
    ["gamma", { gamma: 0 }, /^config: gamma = 0: must be > 0/],
    ["gamma", { gamma: -0.1 }, /^config: gamma = -0\.1: must be > 0/],
    ["k", { k: 0 }, /^config: k = 0: must be > 0/],
    ["k", { k: -1 }, /^config: k = -1: must be > 0/],
    ["symbol.tick_size", { tickSize: 0 }, /^config: symbol\.tick_size = 0: must be > 0/],
    ["symbol.tick_size", { tickSize: -0.01 }, /^config: symbol\.tick_size = -0\.01: must be > 0/],
  ] as const)("rejects an invalid %s at creation with a ConfigError", (field, over, message) => {
    const make = () => createAvellanedaStoikov({ ...P, ...over });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
    try {
      make();
    } catch (e) {
      expect((e as ConfigError).field).toBe(field);
    }
  });
});

describe("avellanedaStoikovQuote: validation", () => {
  const errorOf = configErrorOf;

  it("gamma ≤ 0", () => {
    for (const gamma of [0, -1]) {
      const e = errorOf(() => q({}, { ...P, gamma }));
      expect(e.field).toBe("gamma");
      expect(e.value).toBe(gamma);
      expect(e.message).toContain("gamma");
      expect(e.message).toContain("must be > 0");
    }
    expect(errorOf(() => q({}, { ...P, gamma: -1 })).message).toBe("config: gamma = -1: must be > 0 (risk aversion, 1/(quote·base))");
  });

  it("k ≤ 0", () => {
    for (const k of [0, -2]) {
      const e = errorOf(() => q({}, { ...P, k }));
      expect(e.field).toBe("k");
      expect(e.message).toContain(`k = ${k}`);
      expect(e.message).toContain("must be > 0");
    }
  });

  it("sigma < 0", () => {
    const e = errorOf(() => q({ sigma: -0.5 }));
    expect(e.field).toBe("sigma");
    expect(e.message).toBe("config: sigma = -0.5: must be ≥ 0 (quote currency per √s)");
    // σ = 0 is valid
    expect(() => q({ sigma: 0 })).not.toThrow();
  });

  it("tau < 0", () => {
    const e = errorOf(() => q({ tauSeconds: -1 }));
    expect(e.field).toBe("tau");
    expect(e.message).toBe("config: tau = -1: must be ≥ 0 (seconds)");
    expect(() => q({ tauSeconds: 0 })).not.toThrow();
  });

  it("tick ≤ 0", () => {
    for (const tickSize of [0, -0.01]) {
      const e = errorOf(() => q({}, { ...P, tickSize }));
      expect(e.field).toBe("symbol.tick_size");
      expect(e.message).toContain("symbol.tick_size");
      expect(e.message).toContain("must be > 0");
    }
  });

  it("non-finite mid (field and rule)", () => {
    for (const midTicks of [NaN, Infinity, -Infinity]) {
      const e = errorOf(() => q({ midTicks }));
      expect(e.field).toBe("mid");
      expect(e.value).toBe(midTicks);
      expect(e.message).toContain("mid");
      expect(e.message).toContain("must be a finite price");
    }
  });

  it("non-finite mid: the message names the actual value (README: The V1 strategy: field, value and rule)", () => {
    // A NaN or ±Infinity mid should be reported as such, not as "null".
    expect(errorOf(() => q({ midTicks: NaN })).message).toBe("config: mid = NaN: must be a finite price");
    expect(errorOf(() => q({ midTicks: Infinity })).message).toBe("config: mid = Infinity: must be a finite price");
  });

  it("NaN σ or τ is rejected too", () => {
    expect(errorOf(() => q({ sigma: NaN })).field).toBe("sigma");
    expect(errorOf(() => q({ tauSeconds: NaN })).field).toBe("tau");
  });

  it("non-finite inventory, non-positive spread multiplier, non-finite β", () => {
    expect(errorOf(() => q({ inventory: Infinity })).field).toBe("q");
    const m = errorOf(() => q({ spreadMultiplier: 0 }));
    expect(m.field).toBe("spreadMultiplier");
    expect(m.message).toContain("must be > 0");
    expect(errorOf(() => q({}, { ...P, ofiBeta: NaN })).field).toBe("ofi.beta");
  });
});
