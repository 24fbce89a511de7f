import type { Argv } from "yargs";
import { MmlabError } from "../../core/errors.ts";
import { IMPORTERS } from "../../data/importers/index.ts";
import { openInputs } from "../../data/importers/merge/openInputs.ts";
import { auditEventFile } from "../../data/verify/eventAudit.ts";
import { formatVerifySummary, verifySummary } from "../../data/verify/summary.ts";
import { ProgressBar } from "../progressBar.ts";
import { importOptions } from "./convert.ts";
import { checkInputFiles } from "../../data/importers/inputFile.ts";

export interface VerifyArgs {
  inputs: string[];
  from?: string;
  symbol?: string;
  tick?: number;
  lot?: number;
  instruments?: string;
  definitions?: string | string[];
  instrumentId?: number;
  json: boolean;
}

/** Declares the `verify` options. */
export function verifyOptions(y: Argv): Argv<VerifyArgs> {
  return y
    .example("$0 verify btcusdt.arrow", "events by kind, time span, crossed books and resyncs of an event file")
    .example("$0 verify --from lobster AAPL_message_10.csv AAPL_orderbook_10.csv --symbol AAPL --tick 0.01 --lot 1", "check a raw LOBSTER source before converting it")
    .positional("inputs", { type: "string", array: true, describe: "an event file (.arrow), or with --from the raw source files" })
    .option("from", { type: "string", choices: Object.keys(IMPORTERS), describe: "check the raw source (e.g. binance captures, or lobster MESSAGES ORDERBOOK)" })
    .option("symbol", { type: "string", describe: "with --from: the symbol to check (default: from the data; required when it holds several, e.g. coinbase)" })
    .option("tick", { type: "number", describe: "with --from: tick size, quote currency (default: known instruments or --instruments, else required)" })
    .option("lot", { type: "number", describe: "with --from: lot size, base units (default: known instruments or --instruments, else required)" })
    .option("instruments", { type: "string", alias: "products", describe: "tick and lot sizes from a file (Binance exchangeInfo, Coinbase /products)" })
    .option("definitions", { type: "string", describe: "an instrument definition file (databento; repeat for several)" })
    .option("instrument-id", { type: "number", describe: "the instrument to check when the data holds several (databento)" })
    .option("json", { type: "boolean", default: false, describe: "print one JSON object" }) as unknown as Argv<VerifyArgs>;
}

/**
 * Runs `mmlab verify`: the checks the source allows. An event file: events by kind, time span,
 * crossed books, resyncs. A raw source (`--from`): the import's own checks too — sequence gaps,
 * BBO agreement with Binance bookTicker or Coinbase ticker, book rows equal to a LOBSTER orderbook file.
 */
export async function verifyCommand(args: VerifyArgs): Promise<number> {
  if (args.inputs.length === 0) throw new MmlabError("verify: name the file(s) to check");
  let report;
  if (args.from === undefined) {
    if (args.inputs.length !== 1) throw new MmlabError("verify: give one event file, or --from FORMAT with the raw source files");
    report = await auditEventFile(args.inputs[0]);
  } else {
    checkInputFiles(args.inputs);
    const bar = new ProgressBar("verify", 1, { quiet: args.json });
    const imported = await openInputs(args.from, args.inputs, importOptions({ ...args, onGap: "resync" }, (read, total) => bar.update(read / Math.max(1, total))));
    for await (const _batch of imported.batches) {
      // drain: the checks run as the events stream
    }
    bar.done();
    report = imported.report;
  }
  const summary = verifySummary(report);
  process.stdout.write((args.json ? JSON.stringify(summary, null, 2) : formatVerifySummary(summary)) + "\n");
  return 0;
}
