import type { StrategyHandlers, StrategyView } from "./api.ts";
import { emptyQuoteTarget, type QuoteInput, type Quoter } from "./quoter.ts";

/**
 * The handlers of a strategy that is one quoting model (V1, GLFT): at each step the view becomes
 * the model's input, its target the quote request (centre, the same offset on both sides, the
 * reservation for the record). `build(k, A)` makes the model with the online calibration's
 * current k and A (NaN: the params' own); it is built again when the fit changes.
 */
export function quoterStrategy(build: (fitK: number, fitA: number) => Quoter): StrategyHandlers {
  let fitK = NaN;
  let fitA = NaN;
  let quoter = build(fitK, fitA);
  const target = emptyQuoteTarget();
  // Created with doubles, set in full before each use; the risk inputs are the engine's, not the model's.
  const input: QuoteInput = { midTicks: NaN, inventory: NaN, sigma: NaN, tauSeconds: NaN, ofiZ: NaN, spreadMultiplier: 1, bestBidTicks: NaN, bestAskTicks: NaN };
  return {
    onStep(view, quotes) {
      if (!Object.is(view.fittedK, fitK) || !Object.is(view.fittedA, fitA)) {
        fitK = view.fittedK;
        fitA = view.fittedA;
        quoter = build(fitK, fitA);
      }
      quoter.target(viewInput(view, input), target);
      quotes.centreTicks = target.centreTicks;
      quotes.bidOffsetTicks = target.halfSpreadTicks;
      quotes.askOffsetTicks = target.halfSpreadTicks;
      quotes.reservationTicks = target.reservationTicks;
    },
  };
}

/** A quoting model's input from the view (mid, inventory, σ, τ, OFI z), written into `input` (no allocation per step). */
export function viewInput(view: StrategyView, input: QuoteInput): QuoteInput {
  input.midTicks = view.midTicks;
  input.inventory = view.inventory;
  input.sigma = view.sigma;
  input.tauSeconds = view.tauSeconds;
  input.ofiZ = view.ofiZ;
  return input;
}
