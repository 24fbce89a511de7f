/** The verdicts of compare-markets: how a SYNTH value is judged against the REAL one. All the rules live here. */

/** A signed estimate: its value, standard error (same unit) and sample size. */
export interface Estimate {
  value: number;
  se: number;
  n: number;
}

/** An unsigned fact agrees when SYNTH / REAL lies in this band. */
export const RATIO_BAND: readonly [number, number] = [0.5, 2];
/** A signed metric is judged only with at least this many observations on each side. */
export const MIN_COUNT = 30;
/** A signed value is significant when |value| exceeds this many standard errors. */
export const SIGNIFICANT_SE = 2;
/** Same-sign values agree in size when their ratio is within this factor. */
export const SIGNED_FACTOR = 3;

/** Verdict on a level fact (spread, depth, rates, σ, …): "agree" when SYNTH / REAL ∈ [0.5, 2], else "differs". */
export function ratioVerdict(real: number, synth: number): string {
  const ratio = synth / real;
  if (!Number.isFinite(ratio)) return "n/a";
  return ratio >= RATIO_BAND[0] && ratio <= RATIO_BAND[1] ? "agree" : "differs";
}

/** |value| > 2 standard errors. */
export function isSignificant(e: Estimate): boolean {
  return Math.abs(e.value) > SIGNIFICANT_SE * e.se;
}

/** Verdict on a signed metric (response, sign autocorrelation, maker markout); the rules are VERDICT_RULES. */
export function signedVerdict(real: Estimate, synth: Estimate): string {
  if (!(real.n >= MIN_COUNT && synth.n >= MIN_COUNT)) return "too few";
  if (![real.value, real.se, synth.value, synth.se].every(Number.isFinite)) return "n/a";
  const sigReal = isSignificant(real);
  const sigSynth = isSignificant(synth);
  if (!sigReal && !sigSynth) return "agree (≈ 0)";
  if (Math.sign(real.value) !== Math.sign(synth.value)) return "DIFFER (sign)";
  const ratio = synth.value / real.value;
  return ratio >= 1 / SIGNED_FACTOR && ratio <= SIGNED_FACTOR ? "agree" : "same sign";
}

/** The rules, as printed under the table and in the report. */
export const VERDICT_RULES: readonly string[] = [
  `level facts (no ± column): "agree" when SYNTH/REAL is within [${RATIO_BAND[0]}, ${RATIO_BAND[1]}], else "differs"`,
  `signed metrics (response R, sign ACF C, maker markout; ± = standard error): "too few" under ${MIN_COUNT} observations on either side;`,
  `  significant = |value| > ${SIGNIFICANT_SE} standard errors; "agree (≈ 0)" when neither is significant;`,
  `  otherwise "DIFFER (sign)" when the signs differ, "agree" when SYNTH/REAL is within a factor ${SIGNED_FACTOR}, else "same sign"`,
];
