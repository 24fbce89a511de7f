import type { Argv } from "yargs";
import { mergeGrids } from "../../runner/grid/merge.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { overfittingLine } from "../../runner/grid/overfitting.ts";
import { mergeTunes } from "../../runner/tune/merge.ts";
import { TUNE_FILE } from "../../runner/tune/store.ts";
import { formatHoldout } from "./grid.ts";

export interface MergeArgs {
  dirs: string[];
  out?: string;
  json: boolean;
  report: boolean;
}

/** Declares the `merge` arguments; register it as `merge <dirs..>`. */
export function mergeOptions(y: Argv): Argv<MergeArgs> {
  return y
    .example("$0 merge runs/grid-a-0 runs/grid-a-1 --out runs/grid-a", "join two shards' folders into one grid's tables")
    .example("$0 merge runs/tune-a-0 runs/tune-a-1 --out runs/tune-a", "join two tune shards' runs; then mmlab tune --resume runs/tune-a")
    .positional("dirs", { type: "string", array: true, demandOption: true, describe: "grid (or tune) folders written by the shards (or one folder they shared)" })
    .option("out", { type: "string", describe: "folder for the merged grid (default: the first folder)" })
    .option("json", { type: "boolean", default: false, describe: "print the merge report as JSON" })
    .option("report", { type: "boolean", default: true, describe: "write grid.html and its charts (--no-report to skip)" }) as unknown as Argv<MergeArgs>;
}

/** Runs `mmlab merge`: joins shard folders into the tables (and holdout.json) a single run writes; tune folders into one run cache. */
export async function mergeCommand(args: MergeArgs): Promise<number> {
  if (args.dirs.length > 0 && existsSync(join(args.dirs[0], TUNE_FILE))) return mergeTuneCommand(args);
  const report = await mergeGrids(args.dirs, { out: args.out, report: args.report ? undefined : false });
  if (args.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return 0;
  }
  const from = report.sources.map((s) => `${s.dir} (${s.points})`).join(", ");
  process.stdout.write(`merged ${report.points} points from ${from}\ntables: ${report.tables.join(", ")}\n`);
  if (report.html) process.stdout.write(`report: ${report.html}\n`);
  if (report.holdout) process.stdout.write(formatHoldout(report.holdout) + "\n");
  process.stdout.write(overfittingLine(report.overfitting) + "\n");
  return 0;
}

function mergeTuneCommand(args: MergeArgs): number {
  const report = mergeTunes(args.dirs, { out: args.out });
  if (args.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return 0;
  }
  const from = report.sources.map((s) => `${s.dir} (+${s.runs})`).join(", ");
  process.stdout.write(`merged tune runs from ${from}: ${report.runs} runs in ${report.out}\nto run what is left and write the results: mmlab tune --resume ${report.out}\n`);
  return 0;
}
