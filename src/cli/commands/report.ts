import type { Argv } from "yargs";
import { writeRunReport } from "../../report/runReport.ts";

export interface ReportArgs {
  runDir: string;
  png: boolean;
}

/** Declares the `report` options. */
export function reportOptions(y: Argv): Argv<ReportArgs> {
  return y
    .example("$0 report runs/backtest-001", "render report.html and the charts of a run folder again")
    .positional("runDir", { type: "string", demandOption: true, describe: "a run folder written by mmlab backtest" })
    .option("png", { type: "boolean", default: true, describe: "also write a PNG of each chart (--no-png to skip)" }) as unknown as Argv<ReportArgs>;
}

/** Runs `mmlab report RUN_DIR`: (re-)renders report.html and the charts of a run folder. */
export async function reportCommand(args: ReportArgs): Promise<number> {
  const { files } = await writeRunReport(args.runDir, { png: args.png });
  process.stdout.write(`${args.runDir}: ${files.length} files written (${files.filter((f) => f.endsWith(".png")).length} PNG charts), open report.html\n`);
  return 0;
}
