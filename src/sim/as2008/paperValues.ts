import type { As2008Row } from "./as2008.ts";

/** One of the paper's tables: γ and its two rows. */
export interface As2008PaperTable {
  gamma: number;
  rows: As2008Row[];
}

const row = (strategy: As2008Row["strategy"], spread: number, profitMean: number, profitStd: number, finalQMean: number, finalQStd: number): As2008Row =>
  ({ strategy, spread, profitMean, profitStd, finalQMean, finalQStd });

/**
 * Tables 1–3 of the published article (Quantitative Finance 8(3), 2008, pp. 222–223): γ = 0.1, 0.01, 1.
 * Their spread column is the time-average of the full δ = γσ²(T − t) + (2/γ)ln(1 + γ/k), which this
 * simulation reproduces. Transcribed from two independent third-party copies that agree; the
 * article itself was not available here.
 */
export const AS2008_PUBLISHED: As2008PaperTable[] = [
  { gamma: 0.1, rows: [row("inventory", 1.49, 65.0, 6.6, 0.08, 2.9), row("symmetric", 1.49, 68.4, 12.7, 0.26, 8.4)] },
  { gamma: 0.01, rows: [row("inventory", 1.35, 68.6, 8.7, 0.12, 5.1), row("symmetric", 1.35, 68.8, 12.8, 0.09, 8.7)] },
  { gamma: 1, rows: [row("inventory", 3.02, 31.4, 5.0, 0.02, 1.7), row("symmetric", 3.02, 44.0, 11.0, 0.0, 5.1)] },
];

/**
 * Tables 1–3 of the pre-publication working paper (NYU, §3.3): γ = 0.1, 0.01 and 0.5 (not 1). Its
 * spread column equals (2/γ)ln(1 + γ/k) alone (1.29, 1.33, 1.15), without the γσ²(T − t) term, so it
 * does not describe the δ this simulation quotes; kept for reference only.
 */
export const AS2008_WORKING_PAPER: As2008PaperTable[] = [
  { gamma: 0.1, rows: [row("inventory", 1.29, 62.94, 5.89, 0.1, 2.8), row("symmetric", 1.29, 67.21, 13.43, -0.018, 8.66)] },
  { gamma: 0.01, rows: [row("inventory", 1.33, 66.78, 8.76, -0.02, 4.7), row("symmetric", 1.33, 67.36, 13.4, -0.31, 8.65)] },
  { gamma: 0.5, rows: [row("inventory", 1.15, 33.92, 4.72, -0.02, 1.88), row("symmetric", 1.15, 66.2, 14.53, 0.25, 9.06)] },
];
