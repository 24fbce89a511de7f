import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_ASK, NO_BID } from "../../src/book/l2book.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { createGlft, glftCoefficients, glftQuote, type GlftParams } from "../../src/strategy/glft.ts";
import { emptyQuote, type Quote, type QuoteInput } from "../../src/strategy/quoter.ts";

// Reference numbers (units: quote = USDT, base = BTC):
//   γ = ξ = 0.1 1/(quote·base), k = 1 1/quote, A = 0.5 1/s, Δ = 1 base, σ = 2 quote/√s, tick 0.01,
//   S = 6 100 000 ticks (61 000.00)
//   ξΔ = 0.1, ξΔ/k = 0.1
//   c1 = ln(1.1)/0.1 = 0.0953101798… / 0.1 = 0.953101798… quote
//   (1 + ξΔ/k)^(k/(ξΔ) + 1) = 1.1^11 = 2.853116706…
//   γ/(2AΔk) = 0.1/(2·0.5·1·1) = 0.1
//   c2 = sqrt(0.1 · 2.853116706…) = sqrt(0.2853116706…) = 0.534145739… √s/base
//   half spread h = c1 + (Δ/2)·σ·c2 = 0.953101798 + 0.5·2·0.534145739 = 1.487247537… quote = 148.7247537… ticks
//   skew s = σ·c2 = 1.068291478… quote/base = 106.8291478… ticks per base unit
const P: GlftParams = { gamma: 0.1, k: 1, A: 0.5, delta: 1, ofiBeta: 0.5, tickSize: 0.01 };
const C1 = Math.log(1.1) / 0.1;
const C2 = Math.sqrt(0.1 * 1.1 ** 11);
const H = C1 + C2; // (Δ/2)·σ = 1
const H_TICKS = H / 0.01; // 148.7247537…
const S_TICKS = (2 * C2) / 0.01; // 106.8291478…

function input(over: Partial<QuoteInput> = {}): QuoteInput {
  return { midTicks: 6_100_000, inventory: 0, sigma: 2, tauSeconds: 10, ofiZ: 0, spreadMultiplier: 1, bestBidTicks: NO_BID, bestAskTicks: NO_ASK, ...over };
}

function q(over: Partial<QuoteInput> = {}, params: GlftParams = P): Quote {
  return glftQuote(params, input(over), emptyQuote());
}

describe("glftCoefficients", () => {
  it("c1 and c2 on hand-computed numbers", () => {
    const c = glftCoefficients(0.1, 1, 0.5, 1);
    expect(c.c1).toBeCloseTo(0.953101798043, 11);
    expect(c.c2).toBeCloseTo(0.534145739112, 11);
    expect(H).toBeCloseTo(1.487247537155, 11);
  });

  it("defaults of the config (γ 0.5, k 0.7, A 1, Δ = order size 0.02): c1 = ln(1 + 1/70)·100, c2 = sqrt(0.5/0.028·(1 + 1/70)^71)", () => {
    // ξΔ = 0.01, ξΔ/k = 1/70; c1 = 100·ln(71/70) = 1.41846… quote (≈ 1/k = 1.4286 for a small ξΔ)
    // γ/(2AΔk) = 0.5/(2·1·0.02·0.7) = 17.857…; (71/70)^71 = 2.7378…; c2 = sqrt(48.889…) = 6.99193…
    const c = glftCoefficients(0.5, 0.7, 1, 0.02);
    expect(c.c1).toBeCloseTo(100 * Math.log(71 / 70), 12);
    expect(c.c1).toBeCloseTo(1.41846, 5);
    expect(c.c2).toBeCloseTo(6.99193, 5);
  });

  it("ξΔ → 0: c1 → 1/k and c2 → sqrt(γ·e/(2AΔk)) with no loss of precision", () => {
    const c = glftCoefficients(1e-12, 2, 3, 1);
    expect(c.c1).toBeCloseTo(0.5, 10);
    expect(c.c2).toBeCloseTo(Math.sqrt((1e-12 * Math.E) / (2 * 3 * 1 * 2)), 15);
  });
});

describe("glftQuote: formulas on hand-computed numbers", () => {
  it("q = 0: r = S, bid = S − h, ask = S + h, rounded outward", () => {
    const out = q();
    expect(out.reservationTicks).toBe(6_100_000);
    expect(out.centreTicks).toBe(6_100_000);
    expect(out.spreadQuote).toBeCloseTo(2 * H, 12); // 2.974495074…
    // bid = floor(6 100 000 − 148.7247537) = floor(6 099 851.2752) = 6 099 851
    // ask = ceil (6 100 000 + 148.7247537) = ceil (6 100 148.7248) = 6 100 149
    expect(out.bidTicks).toBe(6_099_851);
    expect(out.askTicks).toBe(6_100_149);
  });

  it("q = +1: δ_bid = h + s = 2.5555… quote, δ_ask = h − s = 0.4190… quote (long: both quotes move down)", () => {
    const out = q({ inventory: 1 });
    // r = 6 100 000 − 106.8291478 = 6 099 893.1708522
    expect(out.reservationTicks).toBeCloseTo(6_100_000 - S_TICKS, 8);
    expect(out.reservationTicks).toBeCloseTo(6_099_893.1708522, 6);
    // bid = floor(6 099 893.1708522 − 148.7247537) = floor(6 099 744.4461) = 6 099 744
    // ask = ceil (6 099 893.1708522 + 148.7247537) = ceil (6 100 041.8956) = 6 100 042
    expect(out.bidTicks).toBe(6_099_744);
    expect(out.askTicks).toBe(6_100_042);
    expect(out.spreadQuote).toBeCloseTo(2 * H, 12); // the spread does not depend on q
  });

  it("q = −0.5 (short: both quotes move up by s/2 = 53.41 ticks)", () => {
    const out = q({ inventory: -0.5 });
    // r = 6 100 000 + 53.4145739 = 6 100 053.4145739
    // bid = floor(6 100 053.4145739 − 148.7247537) = floor(6 099 904.6898) = 6 099 904
    // ask = ceil (6 100 053.4145739 + 148.7247537) = ceil (6 100 202.1393) = 6 100 203
    expect(out.reservationTicks).toBeCloseTo(6_100_053.4145739, 6);
    expect(out.bidTicks).toBe(6_099_904);
    expect(out.askTicks).toBe(6_100_203);
  });

  it("σ = 0: h = c1 = 95.31 ticks and no skew whatever q", () => {
    for (const inventory of [0, 1, -3]) {
      const out = q({ sigma: 0, inventory });
      expect(out.reservationTicks).toBe(6_100_000);
      expect(out.spreadQuote).toBeCloseTo(2 * C1, 12); // 1.906203596…
      // bid = floor(6 100 000 − 95.3101798) = 6 099 904, ask = ceil(6 100 095.3102) = 6 100 096
      expect(out.bidTicks).toBe(6_099_904);
      expect(out.askTicks).toBe(6_100_096);
    }
  });

  it("the risk multiplier scales the half spread, not the skew", () => {
    const out = q({ spreadMultiplier: 1.5, inventory: 1 });
    // h·1.5 = 223.0871306 ticks; r = 6 099 893.1708522 (unchanged)
    // bid = floor(6 099 670.0837) = 6 099 670, ask = ceil(6 100 116.2580) = 6 100 117
    expect(out.reservationTicks).toBeCloseTo(6_099_893.1708522, 6);
    expect(out.spreadQuote).toBeCloseTo(3 * H, 12);
    expect(out.bidTicks).toBe(6_099_670);
    expect(out.askTicks).toBe(6_100_117);
  });

  it("τ does not enter (asymptotic quotes)", () => {
    expect(q({ tauSeconds: 0 })).toEqual(q({ tauSeconds: 1e6 }));
  });
});

describe("glftQuote: OFI shift, rounding, post-only", () => {
  it("the OFI moves the centre by β·z ticks, clamped to ±1 tick; the spread is unchanged", () => {
    const a = q({ ofiZ: 1 }); // 0.5·1 = 0.5 tick
    expect(a.centreTicks).toBe(6_100_000.5);
    expect(a.spreadQuote).toBeCloseTo(2 * H, 12);
    // bid = floor(6 099 851.7752) = 6 099 851, ask = ceil(6 100 149.2248) = 6 100 150
    expect([a.bidTicks, a.askTicks]).toEqual([6_099_851, 6_100_150]);
    expect(q({ ofiZ: 3 }).centreTicks).toBe(6_100_001); // 1.5 → clamped to +1
    expect(q({ ofiZ: -3 }).centreTicks).toBe(6_099_999);
  });

  it("at least one tick apart even when the spread rounds to nothing", () => {
    // k huge → c1 ≈ 1/k tiny; σ = 0 → h ≈ 1e-9 quote
    const out = q({ sigma: 0 }, { ...P, k: 1e9 });
    expect(out.askTicks - out.bidTicks).toBeGreaterThanOrEqual(1);
  });

  it("post-only: a bid never at or above the best ask, an ask never at or below the best bid", () => {
    // long 10: r = 6 100 000 − 1 068.29 ticks, ask = ceil(6 098 931.71 + 148.72) = 6 099 081 < best bid 6 099 999
    const long = q({ inventory: 10, bestBidTicks: 6_099_999, bestAskTicks: 6_100_001 });
    expect(long.askTicks).toBe(6_100_000);
    const short = q({ inventory: -10, bestBidTicks: 6_099_999, bestAskTicks: 6_100_001 });
    expect(short.bidTicks).toBe(6_100_000);
  });

  it("property: q = 0 is symmetric around the mid; a larger q never raises a quote; bid < ask", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.integer({ min: 1_000_000, max: 9_000_000 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (sigma, mid, inventory, dq) => {
          const sym = q({ sigma, midTicks: mid });
          expect(mid - sym.bidTicks).toBe(sym.askTicks - mid);
          const a = q({ sigma, midTicks: mid, inventory });
          const b = q({ sigma, midTicks: mid, inventory: inventory + dq });
          expect(b.bidTicks).toBeLessThanOrEqual(a.bidTicks);
          expect(b.askTicks).toBeLessThanOrEqual(a.askTicks);
          expect(a.bidTicks).toBeLessThan(a.askTicks);
        },
      ),
    );
  });

  it("the created quoter gives the same quotes as glftQuote", () => {
    const quoter = createGlft(P);
    const inp = input({ inventory: 0.7, ofiZ: -1.2, spreadMultiplier: 1.5 });
    const out = emptyQuote();
    quoter.quote(inp, out);
    expect(out).toEqual(glftQuote(P, inp, emptyQuote()));
  });
});

describe("glft: validation", () => {
  const cases: [keyof GlftParams, number, RegExp][] = [
    ["gamma", 0, /config: gamma = 0: must be finite and > 0/],
    ["gamma", Infinity, /config: gamma = Infinity/],
    ["k", -1, /config: k = -1: must be finite and > 0/],
    ["A", 0, /config: A = 0: must be finite and > 0/],
    ["A", NaN, /config: A = NaN/],
    ["delta", 0, /config: glft\.delta = 0: must be finite and > 0/],
    ["tickSize", 0, /config: symbol\.tick_size = 0/],
    ["ofiBeta", NaN, /config: ofi\.beta = NaN/],
  ];
  for (const [field, value, message] of cases) {
    it(`${field} = ${value} is a ConfigError naming the field, from createGlft and glftQuote`, () => {
      const bad = { ...P, [field]: value };
      expect(() => createGlft(bad)).toThrow(ConfigError);
      expect(() => createGlft(bad)).toThrow(message);
      expect(() => glftQuote(bad, input(), emptyQuote())).toThrow(message);
    });
  }

  it("glftQuote validates the inputs: σ ≥ 0, finite mid and q, multiplier > 0", () => {
    expect(() => q({ sigma: -1 })).toThrow(/config: sigma = -1: must be ≥ 0/);
    expect(() => q({ sigma: NaN })).toThrow(ConfigError);
    expect(() => q({ midTicks: NaN })).toThrow(/config: mid = NaN/);
    expect(() => q({ inventory: Infinity })).toThrow(/config: q = Infinity/);
    expect(() => q({ spreadMultiplier: 0 })).toThrow(/config: spreadMultiplier = 0/);
  });
});
