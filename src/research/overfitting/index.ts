/** Overfitting statistics of a search over configurations: PBO by CSCV and the deflated Sharpe ratio. */
export { probabilityOfOverfitting, spearman, DEFAULT_PBO_BLOCKS, MAX_PBO_BLOCKS, type Pbo, type PboPerformance } from "./pbo.ts";
export { deflatedSharpe, expectedMaxSharpe, probabilisticSharpe, type DeflatedSharpe, type DeflatedSharpeInput } from "./deflatedSharpe.ts";
export { sharpeStats, sharpeOf, type SharpeStats } from "./sharpe.ts";
export { normalCdf, normalQuantile } from "./normal.ts";
