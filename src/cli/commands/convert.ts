import type { Argv } from "yargs";
import { MmlabError } from "../../core/errors.ts";
import { EXPORT_EXTENSIONS, writeEvents } from "../../data/exporters/index.ts";
import { IMPORTERS } from "../../data/importers/index.ts";
import type { ImportOptions } from "../../data/importers/importer.ts";
import { importMetadata, requireEvents } from "../../data/importers/importOutput.ts";
import { checkInputFiles } from "../../data/importers/inputFile.ts";
import { openInputs } from "../../data/importers/merge/openInputs.ts";
import { loadInstrumentFile } from "../../data/instruments/instrumentFile.ts";
import { formatVerifySummary, verifySummary } from "../../data/verify/summary.ts";
import { checkOutputFile } from "../outputFile.ts";
import { ProgressBar } from "../progressBar.ts";

export interface ConvertArgs {
  from: string;
  inputs: string[];
  out: string;
  symbol?: string;
  tick?: number;
  lot?: number;
  instruments?: string;
  definitions?: string | string[];
  instrumentId?: number;
  onGap: "fail" | "resync";
  snapToGrid: boolean;
  force: boolean;
  json: boolean;
}

/** Declares the `convert` options. */
export function convertOptions(y: Argv): Argv<ConvertArgs> {
  return y
    .example("$0 convert --from tardis book.csv.gz trades.csv.gz --out btcusdt.arrow", "Tardis incremental_book_L2 and trades CSVs merged by exchange time into one event file")
    .positional("inputs", {
      type: "string",
      array: true,
      describe: "input files: files of one data type are one stream in the order given; a book stream and a trades stream are merged by exchange time",
    })
    .option("from", { type: "string", demandOption: true, choices: Object.keys(IMPORTERS), describe: "source format" })
    .option("out", { type: "string", demandOption: true, describe: "file to write: .arrow (the event schema), .parquet, or .npz (hftbacktest)" })
    .option("symbol", { type: "string", describe: "symbol (default: from the data)" })
    .option("tick", { type: "number", describe: "tick size (default: known instruments, else required)" })
    .option("lot", { type: "number", describe: "lot size (default: known instruments, else required)" })
    .option("instruments", {
      type: "string",
      alias: "products",
      describe: "tick and lot sizes from a file: Binance exchangeInfo JSON, or Coinbase /products (JSON or cryptofeed's capture)",
    })
    .option("definitions", { type: "string", describe: "an instrument definition file for the tick, lot and symbol (databento; repeat for several)" })
    .option("instrument-id", { type: "number", describe: "the instrument to write when the data holds several (databento)" })
    .option("on-gap", { type: "string", choices: ["fail", "resync"], default: "fail", describe: "a sequence gap: fail, or mark it and resync from the next snapshot" })
    .option("snap-to-grid", { type: "boolean", default: false, describe: "round prices and sizes off the tick and lot grid to it (counted in a note) instead of failing" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out file" })
    .option("json", { type: "boolean", default: false, describe: "print the import summary as JSON" }) as unknown as Argv<ConvertArgs>;
}

/** The importer options the symbol flags ask for. */
export function importOptions(
  args: { symbol?: string; tick?: number; lot?: number; instruments?: string; definitions?: string | string[]; instrumentId?: number; onGap?: "fail" | "resync" },
  onProgress?: ImportOptions["onProgress"],
): ImportOptions {
  const instruments = args.instruments === undefined ? undefined : loadInstrumentFile(args.instruments);
  return { symbol: args.symbol, tickSize: args.tick, lotSize: args.lot, instruments, definitions: args.definitions === undefined ? undefined : [args.definitions].flat(), instrumentId: args.instrumentId, onGap: args.onGap, onProgress };
}

/** Runs `mmlab convert`: any supported source → one event file, with a summary line. */
export async function convertCommand(args: ConvertArgs): Promise<number> {
  if (args.inputs.length === 0) throw new MmlabError("convert: name at least one input file");
  checkOutputFile(args.out, args.force, "convert", EXPORT_EXTENSIONS);
  checkInputFiles(args.inputs);
  const bar = new ProgressBar("convert", 1, { quiet: args.json });
  const started = performance.now();
  const options = { ...importOptions(args, (read, total) => bar.update(read / Math.max(1, total))), snapToGrid: args.snapToGrid };
  const imported = await openInputs(args.from, args.inputs, options);
  await writeEvents(args.out, imported.meta, requireEvents(imported.batches, args.inputs), importMetadata(imported));
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
