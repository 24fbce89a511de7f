import type { Argv } from "yargs";
import { rootRng } from "../../core/rng.ts";
import { NS_PER_S, parseDurationNs } from "../../core/time.ts";
import { writeEventFile } from "../../data/arrow/writer.ts";
import { syntheticMarket } from "../../data/synthetic/generator.ts";
import { scenarioParams } from "../../data/synthetic/scenarios.ts";
import { checkOutputFile } from "../outputFile.ts";
import { ProgressBar } from "../progressBar.ts";

export interface GenerateArgs {
  scenario: string;
  seed: string;
  duration: string;
  out: string;
  force: boolean;
}

/** Declares the `generate` options. */
export function generateOptions(y: Argv): Argv<GenerateArgs> {
  return y
    .example("$0 generate --scenario high-vol --duration 6h --out high-vol.arrow", "six hours of the high-volatility synthetic market as an event file")
    .option("scenario", { type: "string", default: "default", describe: "synthetic market: default, high-vol, low-liquidity, jumpy, or a market.json (mmlab calibrate FILE --market)" })
    .option("seed", { type: "string", default: "1", describe: "seed of the synthetic market (the same seed, the same events)" })
    .option("duration", { type: "string", default: "24h", describe: "data time to generate: 24h, 90m, 30s" })
    .option("out", { type: "string", demandOption: true, describe: "event file to write (.arrow)" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing file" }) as unknown as Argv<GenerateArgs>;
}

/** Runs `mmlab generate`: a synthetic market written as an event file. */
export async function generateCommand(args: GenerateArgs): Promise<number> {
  checkOutputFile(args.out, args.force, "generate", [".arrow"]);
  const durationS = parseDurationNs(args.duration, "--duration") / NS_PER_S;
  const market = syntheticMarket({ ...scenarioParams(args.scenario), durationS }, rootRng(args.seed));
  const bar = new ProgressBar("generate", durationS);
  let events = 0;
  const counted = function* () {
    for (const batch of market.batches) {
      events += batch.length;
      bar.update(Number(batch.exchTs[batch.length - 1] - market.originNs) / 1e9, `${(events / 1e6).toFixed(1)} M events`);
      yield batch;
    }
  };
  await writeEventFile(args.out, market.meta, counted());
  bar.done();
  process.stdout.write(`${args.out}: ${events.toLocaleString("en-US")} events, ${args.duration} of ${args.scenario} (seed ${args.seed})\n`);
  return 0;
}
