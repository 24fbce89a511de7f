import type { Argv } from "yargs";
import { mergeGrids } from "../../runner/grid/merge.ts";
import { overfittingLine } from "../../runner/grid/overfitting.ts";
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
    .positional("dirs", { type: "string", array: true, demandOption: true, describe: "grid folders written by the shards (or one folder they shared)" })
    .option("out", { type: "string", describe: "folder for the merged grid (default: the first folder)" })
    .option("json", { type: "boolean", default: false, describe: "print the merge report as JSON" })
    .option("report", { type: "boolean", default: true, describe: "write grid.html and its charts (--no-report to skip)" }) as unknown as Argv<MergeArgs>;
}

/** Runs `mmlab merge`: joins shard folders into the tables (and holdout.json) a single run writes. */
export async function mergeCommand(args: MergeArgs): Promise<number> {
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
