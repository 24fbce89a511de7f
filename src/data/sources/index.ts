/** Market data for a run: where its events come from (see each module). */
export type { MarketData } from "./marketData.ts";
export { syntheticData, syntheticParamsData } from "./syntheticData.ts";
export { AHEAD_MIN_NS, aheadPays } from "./syntheticAhead.ts";
export { fileData, openMarketData } from "./fileData.ts";
export { hashFileCached } from "./fileHash.ts";
