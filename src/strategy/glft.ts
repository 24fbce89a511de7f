import * as z from "zod";
import { ConfigError } from "../core/errors.ts";
import { defineStrategy } from "./api.ts";
import { completeQuote, emptyQuoteTarget, shiftedCentre, type Quote, type QuoteInput, type QuoteTarget, type Quoter } from "./quoter.ts";
import { quoterStrategy } from "./quoterStrategy.ts";

/**
 * Guéant–Lehalle–Fernandez-Tapia quoting: the closed-form approximation of the asymptotic
 * (T → ∞) optimal quotes, Guéant (2017) "Optimal market making", Applied Mathematical Finance
 * 24(2), eqs. (4.6)–(4.7) (arXiv:1605.01862), written as in hftbacktest's tutorial "GLFT Market
 * Making Model and Grid Trading" (nkaz001/hftbacktest, docs/tutorials, `compute_coeff`):
 *
 *   c1 = (1/(ξΔ))·ln(1 + ξΔ/k)
 *   c2 = sqrt( γ/(2·A·Δ·k) · (1 + ξΔ/k)^(k/(ξΔ) + 1) )          with ξ = γ (hftbacktest: compute_coeff(γ, γ, …))
 *   half spread h = c1 + (Δ/2)·σ·c2,   skew s = σ·c2
 *   δ_bid = h + s·q,   δ_ask = h − s·q                          (distances from the mid)
 *   r = S − s·q,  bid = r − h·m,  ask = r + h·m                    (m = risk spread multiplier)
 * then, as the Avellaneda–Stoikov quoter: centre = r + clamp(β·z·tick, −tick, +tick), outward
 * rounding (bid down, ask up), at least one tick apart, post-only.
 *
 * Units (the same as the rest of the config): γ = ξ 1/(quote·base); Δ and q base units (Δ is the
 * size of one order — the config's `glft.delta`, by default `orders.size`; the paper's normalised
 * form is Δ = 1); k 1/quote; A fills per second at δ = 0 (per side); σ quote/√s (GLFT's σ is per
 * unit time, the unit of A: seconds). Then ξΔ/k is a number, c1 is in quote, c2 in √s/base,
 * σ·c2 in quote/base, s·q and (Δ/2)·σ·c2 in quote. The asymptotic quotes do not depend on τ = T − t
 * (QuoteInput.tauSeconds is ignored).
 */
export interface GlftParams {
  /** Risk aversion γ (= ξ), 1/(quote·base). */
  gamma: number;
  /** Fill-intensity decay k of λ(δ) = A·e^(−kδ), 1/quote. */
  k: number;
  /** Fill intensity A at δ = 0, fills per second. */
  A: number;
  /** Order size unit Δ, base units. */
  delta: number;
  ofiBeta: number;
  tickSize: number;
}

/** The two GLFT coefficients: c1 (quote) and c2 (√s/base). */
export interface GlftCoefficients {
  c1: number;
  c2: number;
}

/** GLFT as a strategy: params γ, k, A, Δ and β; an online fit replaces k and A. */
export const glftStrategy = defineStrategy({
  name: "glft",
  description: "Guéant–Lehalle–Fernandez-Tapia asymptotic quotes with the OFI centre shift",
  params: z.strictObject({
    gamma: z.number().positive().describe("risk aversion γ = ξ, 1/(quote·base)").default(0.5),
    k: z.number().positive().describe("fill-intensity decay k, 1/quote").default(0.7),
    A: z.number().positive().describe("fill intensity at δ = 0, fills per second").default(1),
    delta: z.number().positive().optional().describe("order size unit Δ, base units; unset = orders.size"),
    ofi_beta: z.number().describe("OFI centre shift β, ticks per unit of z (clamped to ±1 tick)").default(0.5),
  }),
  create: (ctx) => {
    const p = ctx.params;
    const delta = p.delta ?? ctx.config.orders.size;
    return quoterStrategy((fitK, fitA) => createGlft({ gamma: p.gamma, k: Number.isNaN(fitK) ? p.k : fitK, A: Number.isNaN(fitA) ? p.A : fitA, delta, ofiBeta: p.ofi_beta, tickSize: ctx.symbol.tickSize }));
  },
});

/** Builds the quoter after validating its parameters once. */
export function createGlft(params: GlftParams): Quoter {
  validateParams(params);
  return new GlftQuoter(params, glftCoefficients(params.gamma, params.k, params.A, params.delta));
}

/** One quote with every input validated (library and test entry point; the engine uses the quoter). */
export function glftQuote(params: GlftParams, input: QuoteInput, out: Quote): Quote {
  validateParams(params);
  if (!(input.sigma >= 0)) throw new ConfigError("sigma", input.sigma, "must be ≥ 0 (quote currency per √s)");
  if (!Number.isFinite(input.midTicks)) throw new ConfigError("mid", input.midTicks, "must be a finite price");
  if (!Number.isFinite(input.inventory)) throw new ConfigError("q", input.inventory, "must be a finite inventory");
  if (!(input.spreadMultiplier > 0)) throw new ConfigError("spreadMultiplier", input.spreadMultiplier, "must be > 0");
  const target = emptyQuoteTarget();
  _target(params, glftCoefficients(params.gamma, params.k, params.A, params.delta), input, target);
  completeQuote(target, input, params.tickSize, out);
  return out;
}

class GlftQuoter implements Quoter {
  constructor(
    private readonly params: GlftParams,
    private readonly coefficients: GlftCoefficients,
  ) {}
  private readonly scratch = emptyQuoteTarget();
  target(input: QuoteInput, out: QuoteTarget): void {
    _target(this.params, this.coefficients, input, out);
  }
  quote(input: QuoteInput, out: Quote): void {
    _target(this.params, this.coefficients, input, this.scratch);
    completeQuote(this.scratch, input, this.params.tickSize, out);
  }
}

/** c1 = ln(1 + ξΔ/k)/(ξΔ) and c2 = sqrt(γ/(2AΔk)·(1 + ξΔ/k)^(k/(ξΔ)+1)), with ξ = γ. */
export function glftCoefficients(gamma: number, k: number, A: number, delta: number): GlftCoefficients {
  const xiDelta = gamma * delta;
  const x = xiDelta / k;
  const log1px = Math.log1p(x); // exact for small ξΔ/k, where c1 → 1/k and the power → e
  const c1 = log1px / xiDelta;
  const c2 = Math.sqrt((gamma / (2 * A * delta * k)) * Math.exp((k / xiDelta + 1) * log1px));
  return { c1, c2 };
}

/** Half spread h = c1 + (Δ/2)·σ·c2, quote currency (before the risk multiplier). */
export function glftHalfSpread(c: GlftCoefficients, delta: number, sigma: number): number {
  return c.c1 + (delta / 2) * sigma * c.c2;
}

/** Skew per unit of inventory s = σ·c2, quote per base unit: r = S − s·q. */
export function glftSkew(c: GlftCoefficients, sigma: number): number {
  return sigma * c.c2;
}

function _target(p: GlftParams, c: GlftCoefficients, input: QuoteInput, out: QuoteTarget): void {
  const tick = p.tickSize;
  const reservation = input.midTicks - (glftSkew(c, input.sigma) * input.inventory) / tick;
  out.reservationTicks = reservation;
  out.centreTicks = shiftedCentre(reservation, p.ofiBeta, input.ofiZ);
  out.halfSpreadTicks = glftHalfSpread(c, p.delta, input.sigma) / tick;
}

function validateParams(p: GlftParams): void {
  if (!(p.gamma > 0 && p.gamma < Infinity)) throw new ConfigError("gamma", p.gamma, "must be finite and > 0 (risk aversion γ = ξ, 1/(quote·base))");
  if (!(p.k > 0 && p.k < Infinity)) throw new ConfigError("k", p.k, "must be finite and > 0 (fill-intensity decay, 1/quote)");
  if (!(p.A > 0 && p.A < Infinity)) throw new ConfigError("A", p.A, "must be finite and > 0 (fill intensity at δ = 0, fills per second)");
  if (!(p.delta > 0 && p.delta < Infinity)) throw new ConfigError("glft.delta", p.delta, "must be finite and > 0 (order size unit Δ, base units)");
  if (!(p.tickSize > 0)) throw new ConfigError("symbol.tick_size", p.tickSize, "must be > 0");
  if (!Number.isFinite(p.ofiBeta)) throw new ConfigError("ofi.beta", p.ofiBeta, "must be a finite number");
}
