import { existsSync } from "node:fs";
import type { Argv } from "yargs";
import { MmlabError } from "../../core/errors.ts";
import { EXPORT_EXTENSIONS, exportFormatOf, writeEvents } from "../../data/exporters/index.ts";
import { importerFor, IMPORTERS } from "../../data/importers/index.ts";
import type { ImportOptions } from "../../data/importers/importer.ts";
import { formatVerifySummary, verifySummary } from "../../data/verify/summary.ts";
import { ProgressBar } from "../progressBar.ts";

export interface ConvertArgs {
  from: string;
  inputs: string[];
  out: string;
  symbol?: string;
  tick?: number;
  lot?: number;
  onGap: "fail" | "resync";
  force: boolean;
  json: boolean;
}

/** Declares the `convert` options. */
export function convertOptions(y: Argv): Argv<ConvertArgs> {
  return y
    .positional("inputs", { type: "string", array: true, describe: "input files, read as one stream in the order given" })
    .option("from", { type: "string", demandOption: true, choices: Object.keys(IMPORTERS), describe: "source format" })
    .option("out", { type: "string", demandOption: true, describe: "file to write: .arrow (the event schema), .parquet, or .npz (hftbacktest)" })
    .option("symbol", { type: "string", describe: "symbol (default: from the data)" })
    .option("tick", { type: "number", describe: "tick size (default: known instruments, else required)" })
    .option("lot", { type: "number", describe: "lot size (default: known instruments, else required)" })
    .option("on-gap", { type: "string", choices: ["fail", "resync"], default: "fail", describe: "a sequence gap: fail, or mark it and resync from the next snapshot" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out file" })
    .option("json", { type: "boolean", default: false, describe: "print the import summary as JSON" }) as unknown as Argv<ConvertArgs>;
}

/** The importer options the symbol flags ask for. */
export function importOptions(args: { symbol?: string; tick?: number; lot?: number; onGap?: "fail" | "resync" }, onProgress?: ImportOptions["onProgress"]): ImportOptions {
  return { symbol: args.symbol, tickSize: args.tick, lotSize: args.lot, onGap: args.onGap, onProgress };
}

/** Runs `mmlab convert`: any supported source → one event file, with a summary line. */
export async function convertCommand(args: ConvertArgs): Promise<number> {
  if (args.inputs.length === 0) throw new MmlabError("convert: name at least one input file");
  if (exportFormatOf(args.out) === undefined) throw new MmlabError(`--out ${args.out}: unknown output format; use one of ${EXPORT_EXTENSIONS.join(", ")}`);
  if (existsSync(args.out) && !args.force) throw new MmlabError(`${args.out} already exists; pass --force to replace it`);
  const bar = new ProgressBar("convert", 1);
  const started = performance.now();
  const imported = await importerFor(args.from).open(args.inputs, importOptions(args, (read, total) => bar.update(read / Math.max(1, total))));
  await writeEvents(args.out, imported.meta, imported.batches);
  bar.done();
  const summary = verifySummary(imported.report);
  if (args.json) {
    process.stdout.write(JSON.stringify({ out: args.out, ...summary }, null, 2) + "\n");
  } else {
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${args.out}: ${summary.events.toLocaleString("en-US")} events from ${args.inputs.length} ${args.from} file(s) in ${seconds.toFixed(1)} s; ${summary.gaps} gaps, ${summary.crossedBooks} crossed books\n`);
    process.stdout.write(formatVerifySummary(summary) + "\n");
  }
  return 0;
}
