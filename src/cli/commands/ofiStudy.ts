import type { Argv } from "yargs";
import { NS_PER_S, parseDurationNs } from "../../core/time.ts";
import { DEFAULT_SYNTHETIC_HOURS, openMarketSource, syntheticSource, type MarketSource } from "../../research/marketSource.ts";
import { formatOfiStudy } from "../../research/ofiFormat.ts";
import { ofiStudyJson, writeOfiStudy } from "../../research/ofiReport.ts";
import { runOfiStudy } from "../../research/ofiStudy.ts";
import { parseWindowSpec } from "../../research/windowSpec.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";

export interface OfiStudyArgs {
  data?: string;
  scenario?: string;
  bucket: string;
  window: string;
  duration?: string;
  seed: string;
  out?: string;
  force: boolean;
  json: boolean;
}

/** Declares the `ofi-study` options. */
export function ofiStudyOptions(y: Argv): Argv<OfiStudyArgs> {
  return y
    .example("$0 ofi-study --data btcusdt.arrow --bucket 1s --window 30m", "the OFI regression per 1 s bucket, overall and per 30 min window")
    .option("data", { type: "string", describe: "data file: .arrow (event schema), .npz/.npy (hftbacktest), .parquet" })
    .option("scenario", { type: "string", describe: "synthetic market instead: default (the default), high-vol, low-liquidity, jumpy" })
    .option("bucket", { type: "string", default: "10s", describe: "bucket length: OFI and the mid change are summed per bucket (10s, 1s, 500ms)" })
    .option("window", { type: "string", default: "1h", describe: "windows of the per-window regressions: a duration (1h, 30m) or a number of buckets (60b)" })
    .option("duration", { type: "string", describe: "data time to read: 24h, 90m (default: 24h synthetic, whole file)" })
    .option("seed", { type: "string", default: "1", describe: "seed of the synthetic market" })
    .option("out", { type: "string", describe: "output folder (default: runs/ofi-study-NNN, never overwritten)" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out folder" })
    .option("json", { type: "boolean", default: false, describe: "print ofi-study.json instead of the table" })
    .conflicts("data", "scenario") as unknown as Argv<OfiStudyArgs>;
}

/** Runs `mmlab ofi-study`: the OFI → mid-change regression, overall and per window, with a scatter-and-fit report. */
export async function ofiStudyCommand(args: OfiStudyArgs): Promise<number> {
  const bucketNs = parseDurationNs(args.bucket);
  const window = parseWindowSpec(args.window);
  const durationNs = args.duration === undefined ? undefined : parseDurationNs(args.duration);
  const outPath = args.out ?? RunFolder.nextFree("runs", "ofi-study");
  if (args.out !== undefined) RunFolder.create(args.out, args.force).abort(); // refuse early, before the study
  let source: MarketSource;
  if (args.data !== undefined) source = { ...(await openMarketSource(args.data, args.seed, { ahead: true })), durationNs };
  else source = syntheticSource(args.scenario ?? "default", args.seed, durationNs ?? DEFAULT_SYNTHETIC_HOURS * 3600 * NS_PER_S, { ahead: true });
  const result = await runOfiStudy(source.data, { bucketNs, window, durationNs: source.durationNs });
  await writeOfiStudy(outPath, args.force, result);
  if (args.json) process.stdout.write(JSON.stringify(ofiStudyJson(result), null, 2) + "\n");
  else process.stdout.write(`${formatOfiStudy(result)}\n\noutput: ${outPath} (report.html, ofi-scatter.svg/.png, ofi-study.json, buckets.csv)\n`);
  return 0;
}
