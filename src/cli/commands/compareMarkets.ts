import type { Argv } from "yargs";
import { MmlabError } from "../../core/errors.ts";
import { NS_PER_S, parseDurationNs } from "../../core/time.ts";
import { compareFacts, formatComparison } from "../../research/compareMarkets.ts";
import { writeComparison, type MarketComparison } from "../../research/compareReport.ts";
import { openMarketSource } from "../../research/marketSource.ts";
import { DEFAULT_FACT_OPTIONS, stylizedFacts, type FactOptions } from "../../research/stylizedFacts.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";

export interface CompareMarketsArgs {
  real: string;
  synth: string;
  seed: string;
  out?: string;
  force: boolean;
  json: boolean;
  /** Comma-separated lists; the defaults of DEFAULT_FACT_OPTIONS when absent. */
  "response-lags"?: string;
  "markout-distances"?: string;
  "markout-horizons"?: string;
}

/** Declares the `compare-markets <real> <synth>` arguments and options. */
export function compareMarketsOptions(y: Argv): Argv<CompareMarketsArgs> {
  return y
    .example("$0 compare-markets btcusdt.arrow synthetic:default:1", "a real file against an hour of the default synthetic market")
    .positional("real", { type: "string", describe: "reference market: a data file (.arrow, .npz, .parquet) or synthetic:SCENARIO[:HOURS]" })
    .positional("synth", { type: "string", describe: "market to judge: a data file or synthetic:SCENARIO[:HOURS] (e.g. synthetic:default:1; default 24 h)" })
    .option("seed", { type: "string", default: "1", describe: "seed of a synthetic market" })
    .option("out", { type: "string", describe: "output folder (default: runs/compare-markets-NNN, never overwritten)" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out folder" })
    .option("response-lags", { type: "string", describe: `lags of the response function R(ℓ), comma-separated durations (default ${secondsList(DEFAULT_FACT_OPTIONS.responseLagsS)})` })
    .option("markout-distances", { type: "string", describe: `distances of the maker markout's hypothetical quotes from the mid, ticks, comma-separated (default ${DEFAULT_FACT_OPTIONS.markoutDistancesTicks.join(",")})` })
    .option("markout-horizons", { type: "string", describe: `horizons of the maker markout, comma-separated durations (default ${secondsList(DEFAULT_FACT_OPTIONS.markoutHorizonsS)})` })
    .option("json", { type: "boolean", default: false, describe: "print facts.json instead of the table" }) as unknown as Argv<CompareMarketsArgs>;
}

/** "0.1s,1s,…" for a help text. */
function secondsList(s: readonly number[]): string {
  return s.map((x) => `${x}s`).join(",");
}

/** A comma-separated list of durations (100ms,1s,…) in seconds, distinct and ascending. */
function durationsS(option: string, text: string): number[] {
  const s = text.split(",").map((item) => {
    try {
      return parseDurationNs(item) / NS_PER_S;
    } catch (e) {
      throw new MmlabError(`--${option}: ${(e as Error).message}`);
    }
  });
  return [...new Set(s)].sort((x, y) => x - y);
}

/** A comma-separated list of distinct distances > 0 in ticks, sorted ascending. */
function distancesTicks(option: string, text: string): number[] {
  const d = text.split(",").map((item) => {
    const x = Number(item.trim());
    if (item.trim() === "" || !(Number.isFinite(x) && x > 0)) throw new MmlabError(`--${option} "${text}": "${item}" must be a number of ticks > 0`);
    return x;
  });
  return [...new Set(d)].sort((a, b) => a - b);
}

/** The options of the order-flow metrics given on the command line (checked before any work). */
export function orderFlowOptions(args: CompareMarketsArgs): Partial<FactOptions> {
  const o: Partial<FactOptions> = {};
  if (args["response-lags"] !== undefined) o.responseLagsS = durationsS("response-lags", args["response-lags"]);
  if (args["markout-distances"] !== undefined) o.markoutDistancesTicks = distancesTicks("markout-distances", args["markout-distances"]);
  if (args["markout-horizons"] !== undefined) o.markoutHorizonsS = durationsS("markout-horizons", args["markout-horizons"]);
  return o;
}

/** Runs `mmlab compare-markets`: the stylized facts and order-flow metrics of two markets side by side with verdicts, and a small HTML report. */
export async function compareMarketsCommand(args: CompareMarketsArgs): Promise<number> {
  const options = orderFlowOptions(args);
  const outPath = args.out ?? RunFolder.nextFree("runs", "compare-markets");
  if (args.out !== undefined) RunFolder.create(args.out, args.force).abort(); // refuse early, before the work
  const real = await openMarketSource(String(args.real), args.seed, { ahead: true });
  const synth = await openMarketSource(String(args.synth), args.seed, { ahead: true });
  const realFacts = await stylizedFacts(real.data, { ...options, durationNs: real.durationNs });
  const synthFacts = await stylizedFacts(synth.data, { ...options, durationNs: synth.durationNs });
  const comparison: MarketComparison = {
    real: { label: real.label, description: real.data.description, facts: realFacts },
    synth: { label: synth.label, description: synth.data.description, facts: synthFacts },
    rows: compareFacts(realFacts, synthFacts),
  };
  await writeComparison(outPath, args.force, comparison);
  if (args.json) process.stdout.write(JSON.stringify(comparison, null, 2) + "\n");
  else process.stdout.write(`${formatComparison(comparison.rows, { real: real.label, synth: synth.label })}\n\noutput: ${outPath} (report.html, facts.json, signature.svg/.png, markout.svg/.png)\n`);
  return 0;
}
