import type { SyntheticParams } from "../../data/synthetic/params.ts";
import type { ImpactKernel } from "./impactResidual.ts";
import { localModelSearch } from "./localModelSearch.ts";
import { scanMarket } from "./marketScan.ts";
import type { MomentVector } from "./momentVector.ts";
import { whitener } from "./whitener.ts";
import { simulatedData } from "./simulatedData.ts";
import { tapeMoments, type MomentSpec } from "./tapeMoments.ts";

/**
 * The parameters fitted by simulated moments: the scale each is searched on (log for positive
 * ones, the share itself for shares), the width of its weak prior on that scale (wide: only T and
 * H, which the moments pin down least, feel it), the step of the initial design and the largest
 * step of the search.
 */
export const VALUE_IMPACT_PARAMETERS = [
  { key: "sigmaQuotePerSqrtS", scale: "log", priorWidth: 3, designStep: 0.3, maxStep: 1 },
  { key: "impactTicks", scale: "log", priorWidth: 3, designStep: 0.3, maxStep: 1 },
  { key: "impactPermanentShare", scale: "share", priorWidth: 1, designStep: 0.12, maxStep: 0.3 },
  { key: "impactDecayS", scale: "log", priorWidth: 1.5, designStep: 0.4, maxStep: 1 },
  { key: "informedShare", scale: "share", priorWidth: 1, designStep: 0.1, maxStep: 0.3 },
  { key: "informedHorizonS", scale: "log", priorWidth: 1.5, designStep: 0.4, maxStep: 1 },
] as const;

export type ValueImpactKey = (typeof VALUE_IMPACT_PARAMETERS)[number]["key"];
export type ValueImpact = Record<ValueImpactKey, number>;

/** How the fit simulates: hours per candidate, search steps after the initial design, the seed every candidate shares, the moments, the reference kernel. */
export interface ValueImpactOptions {
  simulatedHours: number;
  maxIterations: number;
  seed: string;
  spec: MomentSpec;
  kernel: ImpactKernel;
  onEvaluation?: (evaluation: number, candidate: ValueImpact, objective: number) => void;
}

/** The simulated-moments fit: the parameters, their approximate standard errors (on the search's scale, data noise only), the moments used, and the simulations made. */
export interface ValueImpactFit {
  params: ValueImpact;
  scaleSe: ValueImpact;
  /** The moments matched (names, the data's values and standard errors). */
  moments: MomentVector;
  evaluations: number;
}

/** Shares stay within [SHARE_MIN, 1 − SHARE_MIN] (the search may step past; the candidate is clamped). */
const SHARE_MIN = 0.002;

function toScale(scale: "log" | "share", v: number): number {
  return scale === "log" ? Math.log(v) : v;
}

function fromScale(scale: "log" | "share", x: number): number {
  return scale === "log" ? Math.exp(x) : Math.min(1 - SHARE_MIN, Math.max(SHARE_MIN, x));
}

/** A candidate's parameters from a point of the search (the informed horizon within the schema's 600 s). */
function candidate(x: readonly number[]): ValueImpact {
  const out = {} as ValueImpact;
  VALUE_IMPACT_PARAMETERS.forEach((d, j) => (out[d.key] = fromScale(d.scale, x[j])));
  out.informedHorizonS = Math.min(out.informedHorizonS, 600);
  return out;
}

/**
 * σ of the value, the impact η, ρ, T and the informed share φ with its horizon H, by the method
 * of simulated moments: the data's moments (momentVector.ts) against those of synthetic markets
 * of candidate parameters (the others fixed at their direct fits), every candidate generated with
 * the same seed (common random numbers) over `simulatedHours`, measured by the same code; the
 * distance (m_sim − m_data)ᵀ Σ⁻¹ (m_sim − m_data), Σ the data moments' jackknife covariance
 * shrunk toward its diagonal (whitener.ts), plus a weak prior toward the start (which only matters
 * where the moments say little: T and H) is minimised through local linear models fitted to every
 * simulation so far (localModelSearch.ts), which averages the simulations' noise.
 * 1 + 6 + maxIterations simulations.
 */
export async function fitValueImpact(data: MomentVector, base: SyntheticParams, start: ValueImpact, options: ValueImpactOptions): Promise<ValueImpactFit> {
  const used = data.names.map((_, i) => Number.isFinite(data.values[i]) && data.se[i] > 0);
  const whiten = whitener(data, used);
  const x0 = VALUE_IMPACT_PARAMETERS.map((d) => toScale(d.scale, start[d.key]));
  let evaluation = 0;
  const simulate = async (x: readonly number[]): Promise<number[]> => {
    const theta = candidate(x);
    const params: SyntheticParams = { ...base, ...theta, durationS: options.simulatedHours * 3600 };
    const scan = await scanMarket(simulatedData(params, options.seed), { bookWindowTicks: 0, arrivals: false, book: false });
    const moments = tapeMoments(scan.tape, options.kernel, options.spec).vector;
    // A moment the simulation cannot measure (no far-reaching orders, …) does not pull the fit.
    return whiten(data.values.flatMap((v, i) => (used[i] ? [Number.isFinite(moments.values[i]) ? moments.values[i] - v : 0] : [])));
  };
  const result = await localModelSearch(simulate, x0, {
    maxIterations: options.maxIterations,
    designStep: VALUE_IMPACT_PARAMETERS.map((d) => d.designStep),
    maxStep: VALUE_IMPACT_PARAMETERS.map((d) => d.maxStep),
    prior: { centre: x0, precision: VALUE_IMPACT_PARAMETERS.map((d) => 1 / (d.priorWidth * d.priorWidth)) },
    onEvaluation: (x, f) => options.onEvaluation?.(++evaluation, candidate(x), f),
  });
  const scaleSe = {} as ValueImpact;
  VALUE_IMPACT_PARAMETERS.forEach((d, j) => (scaleSe[d.key] = Math.sqrt(Math.max(0, result.covariance[j][j]))));
  return { params: candidate(result.x), scaleSe, moments: data, evaluations: result.evaluations };
}
