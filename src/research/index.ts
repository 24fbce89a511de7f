/** The research tools: the OFI price-impact study and the stylized facts of a market (real vs synthetic). */
export { olsFit, type OlsFit } from "./ols.ts";
export { BookFeed, streamBook, type FeedSink, type TopState } from "./bookFeed.ts";
export { OfiBucketer, type OfiSeries } from "./ofiBuckets.ts";
export { runOfiStudy, ofiStudyResult, windowFits, DEFAULT_OFI_BUCKET_NS, DEFAULT_OFI_WINDOW, type OfiStudyOptions, type OfiStudyResult, type OfiWindowFit } from "./ofiStudy.ts";
export { parseWindowSpec, type WindowSpec } from "./windowSpec.ts";
export { formatOfiStudy } from "./ofiFormat.ts";
export { writeOfiStudy, ofiStudyJson, bucketsCsv } from "./ofiReport.ts";
export { ofiScatterSpec } from "./charts/ofiScatter.ts";
export { stylizedFacts, DEFAULT_FACT_OPTIONS, type FactOptions, type StylizedFacts, type CountFacts } from "./stylizedFacts.ts";
export { compareFacts, formatComparison, type FactRow } from "./compareMarkets.ts";
export { writeComparison, type MarketComparison } from "./compareReport.ts";
export { signaturePlotSpec } from "./charts/signaturePlot.ts";
export { openMarketSource, syntheticSource, type MarketSource } from "./marketSource.ts";
