import type { ArrivalSteps } from "./arrivalSteps.ts";

/**
 * How the intensity λ(t) = μ + α·Σ e^{−β(t − t_i)} runs between steps:
 *   continuous  decays continuously (the textbook exponential Hawkes process);
 *   steps       held at its value of the last step and decayed only at the next one — what the
 *               synthetic generator does (it draws one event per step from the rates in force).
 * On data with steps much denser than β the two agree.
 */
export type HawkesClock = "continuous" | "steps";

/** Hawkes parameters: baseline μ (1/s), jump α (1/s), decay β (1/s). */
export interface HawkesParams {
  mu: number;
  alpha: number;
  beta: number;
}

/**
 * What the likelihood needs from the arrivals for a given β: per market order the excitation
 * A_i = Σ_{j before i} e^{−β(t_i − t_j)} (as the clock sees it), and J = ∫ Σ_j e^{−β(t − t_j)} dt
 * over the window, so that ln L(μ, α) = Σ ln(μ + α·A_i) − μ·T − α·J. O(steps), no allocation
 * beyond the `excitation` array given.
 */
export function hawkesExcitation(a: ArrivalSteps, beta: number, clock: HawkesClock, excitation: Float64Array): number {
  const { timesS, orders } = a;
  let sum = 0; // Σ e^{−β(t − t_j)} at the previous step, orders of that step included
  let prev = a.startS;
  let integral = 0;
  let o = 0;
  for (let k = 0; k < timesS.length; k++) {
    const dt = timesS[k] - prev;
    const decay = Math.exp(-beta * dt);
    if (clock === "steps") {
      integral += sum * dt;
      for (let n = orders[k]; n > 0; n--) excitation[o++] = sum;
    } else {
      integral += (sum * (1 - decay)) / beta;
      for (let n = orders[k]; n > 0; n--) excitation[o++] = sum * decay;
    }
    sum = sum * decay + orders[k];
    prev = timesS[k];
  }
  const tail = a.endS - prev;
  integral += clock === "steps" ? sum * tail : (sum * (1 - Math.exp(-beta * tail))) / beta;
  return integral;
}

/** ln L of the exponential Hawkes process on the arrivals: Σ ln λ(t_i) − ∫ λ dt over [startS, endS]. */
export function hawkesLogLikelihood(a: ArrivalSteps, p: HawkesParams, clock: HawkesClock): number {
  const excitation = new Float64Array(a.count);
  const J = hawkesExcitation(a, p.beta, clock, excitation);
  let ll = 0;
  for (let i = 0; i < excitation.length; i++) ll += Math.log(p.mu + p.alpha * excitation[i]);
  return ll - p.mu * (a.endS - a.startS) - p.alpha * J;
}
