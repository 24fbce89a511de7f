/** Volatility regime (README: The V1 strategy): spread × multiplier while σ > ratio·σ_base. */
export function volatilitySpreadMultiplier(sigma: number, sigmaBase: number, ratio: number, multiplier: number): number {
  return sigmaBase > 0 && sigma > ratio * sigmaBase ? multiplier : 1;
}
