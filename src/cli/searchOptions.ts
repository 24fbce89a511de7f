import type { Argv } from "yargs";
import { STRATEGY_OPTION } from "./strategyOption.ts";

/** The options `grid` and `tune` share: what every run starts from and reads, and how the runs spread over threads and shards. */
export interface SearchArgs {
  data?: string;
  scenario?: string;
  config?: string;
  set: string[];
  strategy?: string;
  seed?: string;
  workers?: number;
  shard?: string;
  shards?: number;
  json: boolean;
}

/** Declares the options of SearchArgs; `each` names what runs ("point", "run") in their help. */
export function searchOptions<T>(y: Argv<T>, each: string): Argv<T & SearchArgs> {
  return y
    .option("data", { type: "string", describe: `event file (.arrow, or any file backtest --data reads) every ${each} replays` })
    .option("scenario", { type: "string", describe: "synthetic market: default (the default), high-vol, low-liquidity, jumpy, or a fitted market.json" })
    .option("config", { type: "string", describe: `JSON config file every ${each} starts from` })
    .option("set", { type: "string", array: true, default: [] as string[], describe: "override a base config field: --set risk.q_max=2 (repeatable)" })
    .option("strategy", STRATEGY_OPTION)
    .option("seed", { type: "string", describe: "run seed (default 1)" })
    .option("workers", { type: "number", describe: "worker threads (default: the number of CPUs)" })
    .option("shard", { type: "string", describe: `run shard i/n only: the ${each}s with index % n == i (also JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID)` })
    .option("shards", { type: "number", describe: "the shard count n with JOB_COMPLETION_INDEX (or MMLAB_SHARDS)" })
    .option("json", { type: "boolean", default: false, describe: "print the results as JSON" })
    .conflicts("data", "scenario") as unknown as Argv<T & SearchArgs>;
}
