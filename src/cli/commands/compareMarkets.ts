import type { Argv } from "yargs";
import { compareFacts, formatComparison } from "../../research/compareMarkets.ts";
import { writeComparison, type MarketComparison } from "../../research/compareReport.ts";
import { openMarketSource } from "../../research/marketSource.ts";
import { stylizedFacts } from "../../research/stylizedFacts.ts";
import { RunFolder } from "../../runner/runFolder.ts";

export interface CompareMarketsArgs {
  real: string;
  synth: string;
  seed: string;
  out?: string;
  force: boolean;
  json: boolean;
}

/** Declares the `compare-markets <real> <synth>` arguments and options. */
export function compareMarketsOptions(y: Argv): Argv<CompareMarketsArgs> {
  return y
    .positional("real", { type: "string", describe: "reference market: a data file (.arrow, .npz, .parquet) or synthetic:SCENARIO[:HOURS]" })
    .positional("synth", { type: "string", describe: "market to judge: a data file or synthetic:SCENARIO[:HOURS] (e.g. synthetic:default:1; default 24 h)" })
    .option("seed", { type: "string", default: "1", describe: "seed of a synthetic market" })
    .option("out", { type: "string", describe: "output folder (default: runs/compare-markets-NNN, never overwritten)" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out folder" })
    .option("json", { type: "boolean", default: false, describe: "print facts.json instead of the table" }) as unknown as Argv<CompareMarketsArgs>;
}

/** Runs `mmlab compare-markets`: the stylized facts of two markets side by side, with a small HTML report. */
export async function compareMarketsCommand(args: CompareMarketsArgs): Promise<number> {
  const outPath = args.out ?? RunFolder.nextFree("runs", "compare-markets");
  if (args.out !== undefined) RunFolder.create(args.out, args.force).abort(); // refuse early, before the work
  const real = await openMarketSource(String(args.real), args.seed);
  const synth = await openMarketSource(String(args.synth), args.seed);
  const realFacts = await stylizedFacts(real.data, { durationNs: real.durationNs });
  const synthFacts = await stylizedFacts(synth.data, { durationNs: synth.durationNs });
  const comparison: MarketComparison = {
    real: { label: real.label, description: real.data.description, facts: realFacts },
    synth: { label: synth.label, description: synth.data.description, facts: synthFacts },
    rows: compareFacts(realFacts, synthFacts),
  };
  await writeComparison(outPath, args.force, comparison);
  if (args.json) process.stdout.write(JSON.stringify(comparison, null, 2) + "\n");
  else process.stdout.write(`${formatComparison(comparison.rows, { real: real.label, synth: synth.label })}\n\noutput: ${outPath} (report.html, facts.json, signature.svg/.png)\n`);
  return 0;
}
