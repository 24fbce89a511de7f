#!/usr/bin/env node
import { hideBin } from "yargs/helpers";
import { MmlabError } from "./core/errors.ts";
import { errorText, runCli, UsageError } from "./cli/program.ts";

/**
 * The `mmlab` command. The commands are listed in cli/program.ts and live in cli/commands/;
 * errors the user can act on (MmlabError: config, data, usage) print as one line and exit 1
 * (usage: 2); anything else is a bug and prints its stack.
 */

// Output piped into a reader that stops early (`| head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

/** Clears a progress bar's line on a terminal before an error is printed. */
const clearLine = (): string => (process.stderr.isTTY ? "\r\x1b[K" : "");

runCli(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof MmlabError) {
      process.stderr.write(`${clearLine()}mmlab: ${errorText(error)}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    } else {
      process.stderr.write(`${clearLine()}mmlab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    }
  },
);
