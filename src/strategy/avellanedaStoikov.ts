import * as z from "zod";
import { ConfigError } from "../core/errors.ts";
import { defineStrategy } from "./api.ts";
import { completeQuote, emptyQuoteTarget, shiftedCentre, type Quote, type QuoteInput, type QuoteTarget, type Quoter } from "./quoter.ts";
import { quoterStrategy } from "./quoterStrategy.ts";

/**
 * Avellaneda–Stoikov quoting with the OFI centre shift (README: The V1 strategy):
 *   r      = S − q·γ·σ²·τ
 *   δ      = (γ·σ²·τ + (2/γ)·ln(1 + γ/k)) · spreadMultiplier
 *   centre = r + clamp(β·z·tick, −tick, +tick)      (δ does not depend on the OFI)
 *   bid    = floor((centre − δ/2)/tick),  ask = ceil((centre + δ/2)/tick)   (outward)
 * then at least one tick apart and post-only (bid < best ask, ask > best bid).
 * Units: S, r, δ in quote currency; q base units; γ 1/(quote·base); k 1/quote; σ quote/√s; τ s.
 */
export interface AvellanedaStoikovParams {
  gamma: number;
  k: number;
  ofiBeta: number;
  tickSize: number;
}

/** V1 (README: The V1 strategy) as a strategy: params γ, k and β; σ, τ, q and the OFI z-score from the engine's view. */
export const avellanedaStoikovStrategy = defineStrategy({
  name: "avellaneda_stoikov",
  description: "Avellaneda–Stoikov quotes around an OFI-shifted reservation price (V1)",
  params: z.strictObject({
    gamma: z.number().positive().describe("risk aversion γ, 1/(quote·base)").default(0.5),
    k: z.number().positive().describe("fill-intensity decay k, 1/quote (an online fit replaces it)").default(0.7),
    ofi_beta: z.number().describe("OFI centre shift β, ticks per unit of z (clamped to ±1 tick)").default(0.5),
  }),
  create: (ctx) => quoterStrategy((fitK) => createAvellanedaStoikov({ gamma: ctx.params.gamma, k: Number.isNaN(fitK) ? ctx.params.k : fitK, ofiBeta: ctx.params.ofi_beta, tickSize: ctx.symbol.tickSize })),
});

/** Builds the quoter after validating its parameters once. */
export function createAvellanedaStoikov(params: AvellanedaStoikovParams): Quoter {
  validateParams(params);
  return new AvellanedaStoikovQuoter(params);
}

/** One quote with every input validated (library and test entry point; the engine uses the quoter). */
export function avellanedaStoikovQuote(params: AvellanedaStoikovParams, input: QuoteInput, out: Quote): Quote {
  validateParams(params);
  if (!(input.sigma >= 0)) throw new ConfigError("sigma", input.sigma, "must be ≥ 0 (quote currency per √s)");
  if (!(input.tauSeconds >= 0)) throw new ConfigError("tau", input.tauSeconds, "must be ≥ 0 (seconds)");
  if (!Number.isFinite(input.midTicks)) throw new ConfigError("mid", input.midTicks, "must be a finite price");
  if (!Number.isFinite(input.inventory)) throw new ConfigError("q", input.inventory, "must be a finite inventory");
  if (!(input.spreadMultiplier > 0)) throw new ConfigError("spreadMultiplier", input.spreadMultiplier, "must be > 0");
  const target = emptyQuoteTarget();
  _target(params, spreadConstant(params.gamma, params.k), input, target);
  completeQuote(target, input, params.tickSize, out);
  return out;
}

class AvellanedaStoikovQuoter implements Quoter {
  /** (2/γ)·ln(1 + γ/k): the part of δ that depends on the parameters only, taken once, not at every step. */
  private readonly constantSpread: number;
  constructor(private readonly params: AvellanedaStoikovParams) {
    this.constantSpread = spreadConstant(params.gamma, params.k);
  }
  private readonly scratch = emptyQuoteTarget();
  target(input: QuoteInput, out: QuoteTarget): void {
    _target(this.params, this.constantSpread, input, out);
  }
  quote(input: QuoteInput, out: Quote): void {
    _target(this.params, this.constantSpread, input, this.scratch);
    completeQuote(this.scratch, input, this.params.tickSize, out);
  }
}

/** r − S = −q·γ·σ²·τ, quote currency (the inventory skew of the reservation price). */
export function reservationOffset(inventory: number, gamma: number, sigma: number, tauSeconds: number): number {
  return -inventory * gamma * sigma * sigma * tauSeconds;
}

/** δ = γ·σ²·τ + (2/γ)·ln(1 + γ/k), quote currency (the optimal total spread). */
export function optimalSpread(gamma: number, k: number, sigma: number, tauSeconds: number): number {
  return gamma * sigma * sigma * tauSeconds + spreadConstant(gamma, k);
}

/** (2/γ)·ln(1 + γ/k), quote currency: the term of δ that does not depend on the market. */
function spreadConstant(gamma: number, k: number): number {
  return (2 / gamma) * Math.log(1 + gamma / k);
}

/** `constantSpread` is spreadConstant(p.gamma, p.k); δ is then the same sum as optimalSpread's. */
function _target(p: AvellanedaStoikovParams, constantSpread: number, input: QuoteInput, out: QuoteTarget): void {
  const tick = p.tickSize;
  const reservation = input.midTicks + reservationOffset(input.inventory, p.gamma, input.sigma, input.tauSeconds) / tick;
  const spread = p.gamma * input.sigma * input.sigma * input.tauSeconds + constantSpread;
  out.reservationTicks = reservation;
  out.centreTicks = shiftedCentre(reservation, p.ofiBeta, input.ofiZ);
  out.halfSpreadTicks = spread / (2 * tick);
}

function validateParams(p: AvellanedaStoikovParams): void {
  if (!(p.gamma > 0)) throw new ConfigError("gamma", p.gamma, "must be > 0 (risk aversion, 1/(quote·base))");
  if (!(p.k > 0)) throw new ConfigError("k", p.k, "must be > 0 (fill-intensity decay, 1/quote)");
  if (!(p.tickSize > 0)) throw new ConfigError("symbol.tick_size", p.tickSize, "must be > 0");
  if (!Number.isFinite(p.ofiBeta)) throw new ConfigError("ofi.beta", p.ofiBeta, "must be a finite number");
}
