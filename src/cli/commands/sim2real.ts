import { writeFileNamed } from "../../core/writeFileNamed.ts";
import { join } from "node:path";
import type { Argv } from "yargs";
import { STRATEGY_OPTION, withStrategy } from "../strategyOption.ts";
import { MmlabError } from "../../core/errors.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";
import { formatSim2Real } from "../../runner/sim2real/format.ts";
import { runSim2Real } from "../../runner/sim2real/runSim2Real.ts";
import { configBuilder } from "../../runner/stress/config.ts";

export interface Sim2RealArgs {
  data: string;
  config?: string;
  set: string[];
  strategy?: string;
  seeds: string;
  hours: number;
  out?: string;
  force: boolean;
  json: boolean;
}

/** Declares the `sim2real` options. */
export function sim2realOptions(y: Argv): Argv<Sim2RealArgs> {
  return y
    .example("$0 sim2real btcusdt.arrow --seeds 1,2", "the same config on the file and on its fitted market, KPI by KPI")
    .positional("data", { type: "string", demandOption: true, describe: "real data file: .arrow (event schema), .npz/.npy, .parquet" })
    .option("config", { type: "string", describe: "JSON config of the strategy (defaults: Binance spot BTC-USDT)" })
    .option("set", { type: "string", array: true, default: [] as string[], describe: "override a config field: --set gamma=0.2 (repeatable)" })
    .option("strategy", STRATEGY_OPTION)
    .option("seeds", { type: "string", default: "1,2,3", describe: "seeds of the fitted market's runs (comma-separated)" })
    .option("hours", { type: "number", default: 1, describe: "each fitted-market run lasts at least this many hours (the file's length if longer)" })
    .option("out", { type: "string", describe: "output folder (default: runs/sim2real-NNN, never overwritten): sim2real.json and market.json" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out folder" })
    .option("json", { type: "boolean", default: false, describe: "print sim2real.json instead of the table" }) as unknown as Argv<Sim2RealArgs>;
}

/**
 * Runs `mmlab sim2real`: fits the synthetic market to the file, runs the same config on the real
 * replay and on the fitted market (several seeds), prints the KPIs side by side with an agreement
 * verdict per KPI. Exit 0 when the target is met, 2 when it is not (1: bad input).
 */
export async function sim2realCommand(args: Sim2RealArgs): Promise<number> {
  const config = configBuilder(args.config, withStrategy(args.set, args.strategy))([]);
  const seeds = args.seeds.split(",").map((s) => s.trim());
  if (seeds.length === 0 || seeds.some((s) => s === "")) throw new MmlabError(`--seeds ${JSON.stringify(args.seeds)}: give one or more seeds, comma-separated`);
  if (!(args.hours > 0 && args.hours <= 48)) throw new MmlabError(`--hours ${args.hours}: must be > 0 and ≤ 48`);
  const outPath = args.out ?? RunFolder.nextFree("runs", "sim2real");
  const folder = RunFolder.create(outPath, args.force);
  try {
    const s = await runSim2Real({ dataPath: args.data, config, seeds, syntheticHours: args.hours, onStep: (label) => process.stderr.write(`mmlab: ${label}…\n`) });
    writeFileNamed(join(folder.tmpPath, "sim2real.json"), JSON.stringify(s, null, 2) + "\n");
    writeFileNamed(join(folder.tmpPath, "market.json"), JSON.stringify(s.fit.params, null, 2) + "\n");
    folder.commit();
    process.stdout.write(args.json ? JSON.stringify(s, null, 2) + "\n" : `${formatSim2Real(s)}\nfolder: ${outPath} (sim2real.json, market.json)\n`);
    return s.targetMet ? 0 : 2;
  } catch (e) {
    folder.abort();
    throw e;
  }
}
