import type { Argv } from "yargs";
import { MmlabError } from "../../core/errors.ts";
import { importerFor, IMPORTERS } from "../../data/importers/index.ts";
import { auditEventFile } from "../../data/verify/eventAudit.ts";
import { formatVerifySummary, verifySummary } from "../../data/verify/summary.ts";
import { ProgressBar } from "../progressBar.ts";
import { importOptions } from "./convert.ts";

export interface VerifyArgs {
  inputs: string[];
  from?: string;
  symbol?: string;
  tick?: number;
  lot?: number;
  json: boolean;
}

/** Declares the `verify` options. */
export function verifyOptions(y: Argv): Argv<VerifyArgs> {
  return y
    .positional("inputs", { type: "string", array: true, describe: "an event file (.arrow), or with --from the raw source files" })
    .option("from", { type: "string", choices: Object.keys(IMPORTERS), describe: "check the raw source (e.g. binance captures, or lobster MESSAGES ORDERBOOK)" })
    .option("symbol", { type: "string" })
    .option("tick", { type: "number" })
    .option("lot", { type: "number" })
    .option("json", { type: "boolean", default: false, describe: "print one JSON object" }) as unknown as Argv<VerifyArgs>;
}

/**
 * Runs `mmlab verify`: the checks the source allows. An event file: events by kind, time span,
 * crossed books, resyncs. A raw source (`--from`): the import's own checks too — sequence gaps,
 * BBO agreement with Binance bookTicker, book rows equal to a LOBSTER orderbook file.
 */
export async function verifyCommand(args: VerifyArgs): Promise<number> {
  if (args.inputs.length === 0) throw new MmlabError("verify: name the file(s) to check");
  let report;
  if (args.from === undefined) {
    if (args.inputs.length !== 1) throw new MmlabError("verify: give one event file, or --from FORMAT with the raw source files");
    report = await auditEventFile(args.inputs[0]);
  } else {
    const bar = new ProgressBar("verify", 1);
    const imported = await importerFor(args.from).open(args.inputs, importOptions({ ...args, onGap: "resync" }, (read, total) => bar.update(read / Math.max(1, total))));
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
