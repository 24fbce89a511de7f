/** Basis points per unit fraction (1 bp = 0.01 %). */
const BPS = 1e4;

/**
 * The maker fee, bp of maker notional, at which the PnL would be exactly 0 with everything else
 * equal: (pnl + maker fees paid) / maker notional × 1e4. Above it the run loses money; a negative
 * value means even that rebate would not save it. Null without maker volume (no maker fee to vary).
 */
export function breakEvenMakerFeeBps(pnlQuote: number, makerFeesQuote: number, makerNotionalQuote: number): number | null {
  return makerNotionalQuote > 0 ? ((pnlQuote + makerFeesQuote) / makerNotionalQuote) * BPS : null;
}
