import type * as z from "zod";
import type { BookLevels } from "../book/strategyLevels.ts";
import type { MmConfig } from "../config/schema.ts";
import type { Rng } from "../core/rng.ts";
import type { Clock } from "../core/time.ts";

/**
 * The Strategy API: a strategy is a module whose default export is `defineStrategy({ … })`.
 *
 *   engine step ─▶ StrategyView (market, signals, position, own orders, fills)
 *               ─▶ strategy.onStep(view, quotes) writes the wanted quotes (centre, offset and size per side)
 *               ─▶ engine risk, for every strategy: volatility regime (offsets × m), tick rounding
 *                  (bid down, ask up, one tick apart), post-only, inventory guard (sizes),
 *                  latency guard / halt / no book (no step, every order cancelled)
 *               ─▶ order manager (keep or replace each side's order) ─▶ venue
 *   venue fills ─▶ strategy.onFill(fill)      timers it set ─▶ strategy.onTimer(tNs, view), before the step
 *
 * Units: prices in ticks of the symbol (fractional allowed: the engine rounds outward), sizes in
 * base units, σ in quote currency per √second, times in ns since the dataset origin.
 */

/** The symbol a strategy trades. */
export interface SymbolInfo {
  readonly name: string;
  /** Price step, quote currency. */
  readonly tickSize: number;
  /** Quantity step, base units. */
  readonly lotSize: number;
  /** Smallest order value, quote currency. */
  readonly minNotional: number;
}

/** What `create` receives: the validated params and the run's symbol, randomness and time. */
export interface StrategyContext<P> {
  /** The params, parsed by the definition's schema (defaults filled in). */
  readonly params: P;
  readonly symbol: SymbolInfo;
  /** A random stream of the strategy's own (seeded from the run's seed): the only randomness to use. */
  readonly rng: Rng;
  /** The run's clock (virtual in a backtest): the only time to read. */
  readonly clock: Clock;
  /** The engine's settings, read-only (order size, loop interval, horizon, risk limits…). */
  readonly config: Readonly<MmConfig>;
  /** Calls `onTimer` at the first engine step at or after `atNs` (steps come every `loop.interval_ms`). */
  setTimer(atNs: number): void;
}

/** One of the strategy's fills, as `onFill` and `view.recentFills` show it. */
export interface StrategyFill {
  /** Time the strategy learned of it (local), ns. */
  readonly tNs: number;
  /** +1 bought (bid filled), −1 sold (ask filled). */
  readonly side: 1 | -1;
  readonly priceTicks: number;
  /** Base units. */
  readonly qty: number;
  /** Fee paid, quote currency (negative: a rebate). */
  readonly feeQuote: number;
  /** Exchange mid just before the fill, ticks. */
  readonly midAtFillTicks: number;
}

/** What the strategy is shown at each step (one object, updated in place: read it, do not keep it). */
export interface StrategyView {
  /** Time of the step, ns since the dataset origin. */
  readonly tNs: number;
  /** Best bid and ask, ticks. */
  readonly bestBidTicks: number;
  readonly bestAskTicks: number;
  /** (best bid + best ask)/2, ticks (x.5 when the spread is odd). */
  readonly midTicks: number;
  /** Volatility σ (EWMA of mid changes over `volatility.window` steps), quote per √s. */
  readonly sigma: number;
  /** Baseline σ_base (long EWMA or `volatility.base_sigma`), quote per √s. */
  readonly sigmaBase: number;
  /** The spread multiplier the volatility regime will apply to the offsets (1 normally). */
  readonly spreadMultiplier: number;
  /** Order-flow imbalance summed since the last step, base units. */
  readonly ofi: number;
  /** OFI z-score over `ofi.window_seconds` windows, clamped to ±`ofi.z_clamp`. */
  readonly ofiZ: number;
  /** T − t from the horizon setting, seconds. */
  readonly tauSeconds: number;
  /** Signed inventory, base units. */
  readonly inventory: number;
  /** The working bid's price and open quantity (NaN and 0 when there is none). */
  readonly workingBidTicks: number;
  readonly workingBidQty: number;
  /** The working ask's price and open quantity (NaN and 0 when there is none). */
  readonly workingAskTicks: number;
  readonly workingAskQty: number;
  /** Fills so far in the run. */
  readonly fillCount: number;
  /** The last fills (at most 16), oldest first. */
  readonly recentFills: readonly StrategyFill[];
  /** The online calibration's current k (1/quote) and A (fills/s), NaN when it is off or has no fit yet. */
  readonly fittedK: number;
  readonly fittedA: number;
  /** The book's levels as of the step (a strategy defined with `book: "levels"`); null otherwise. */
  readonly book: BookLevels | null;
}

/**
 * The strategy's answer at a step, reset by the engine before each `onStep`: no quote on a side
 * unless its offset is set. bid = centre − bidOffset·m, ask = centre + askOffset·m (m: the
 * volatility regime's multiplier), then rounded outward to the tick grid.
 */
export interface QuoteRequest {
  /** Centre of the quotes, ticks (fractional allowed); reset to the mid. */
  centreTicks: number;
  /** Distance of the bid below the centre, ticks (≥ 0); NaN (the reset value) = no bid. */
  bidOffsetTicks: number;
  /** Distance of the ask above the centre, ticks (≥ 0); NaN (the reset value) = no ask. */
  askOffsetTicks: number;
  /** Bid size, base units; NaN (the reset value) = `orders.size`. The inventory guard may shrink it. */
  bidSize: number;
  /** Ask size, base units; NaN (the reset value) = `orders.size`. The inventory guard may shrink it. */
  askSize: number;
  /** The strategy's fair price for the run's record (the chart's reservation line), ticks; NaN = the centre. */
  reservationTicks: number;
}

/** What `create` returns: the strategy's handlers (closures over its own state). */
export interface StrategyHandlers {
  /** Each engine step while quoting is allowed: read the view, write the wanted quotes. */
  onStep(view: StrategyView, quotes: QuoteRequest): void;
  /** Each fill of one of the strategy's orders, as the venue reports it. */
  onFill?(fill: StrategyFill): void;
  /** A timer set with `ctx.setTimer` is due (called at a step, before `onStep`). */
  onTimer?(tNs: number, view: StrategyView): void;
}

/** A strategy: its name, its params' schema and how to build one run's instance. */
export interface StrategyDefinition<S extends z.ZodType = z.ZodType> {
  readonly [STRATEGY_BRAND]: true;
  readonly name: string;
  readonly description: string;
  /** What of the book it reads: "top" (best prices, in the view) or "levels" (view.book: every level; a second book on the strategy side). */
  readonly book: "top" | "levels";
  readonly params: S;
  create(ctx: StrategyContext<z.output<S>>): StrategyHandlers;
}

/** Marks a value made by defineStrategy (how a loaded module's default export is recognised). */
export const STRATEGY_BRAND: unique symbol = Symbol.for("mmlab.strategy") as never;

/** Declares a strategy; a strategy module's default export. */
export function defineStrategy<S extends z.ZodType>(definition: {
  name: string;
  description?: string;
  /** "levels" to read the book's levels through view.book (default "top"). */
  book?: "top" | "levels";
  params: S;
  create: (ctx: StrategyContext<z.output<S>>) => StrategyHandlers;
}): StrategyDefinition<S> {
  const { name, params, create } = definition;
  if (typeof name !== "string" || !/^[A-Za-z0-9_.-]+$/.test(name)) throw new TypeError(`defineStrategy: name must be letters, digits, "_", "." or "-" (got ${JSON.stringify(name)})`);
  if (params === null || typeof params !== "object" || typeof (params as { safeParse?: unknown }).safeParse !== "function") throw new TypeError(`defineStrategy(${name}): params must be a zod schema (e.g. z.object({ … }))`);
  if (typeof create !== "function") throw new TypeError(`defineStrategy(${name}): create must be a function (ctx) => handlers`);
  const book = definition.book ?? "top";
  if (book !== "top" && book !== "levels") throw new TypeError(`defineStrategy(${name}): book must be "top" or "levels" (got ${JSON.stringify(book)})`);
  return Object.freeze({ [STRATEGY_BRAND]: true as const, name, description: definition.description ?? "", book, params, create });
}

/** Whether a value is a strategy made by defineStrategy (from any copy of the library). */
export function isStrategyDefinition(value: unknown): value is StrategyDefinition {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[STRATEGY_BRAND] === true;
}

/** Sets quotes at two prices (ticks) instead of a centre and offsets: centre = their middle. */
export function quoteAtPrices(quotes: QuoteRequest, bidTicks: number, askTicks: number): void {
  const centre = Number.isNaN(bidTicks) || Number.isNaN(askTicks) ? (Number.isNaN(bidTicks) ? askTicks : bidTicks) : (bidTicks + askTicks) / 2;
  quotes.centreTicks = centre;
  quotes.bidOffsetTicks = centre - bidTicks;
  quotes.askOffsetTicks = askTicks - centre;
}
