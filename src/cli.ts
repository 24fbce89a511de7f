#!/usr/bin/env node
import { hideBin } from "yargs/helpers";
import { reportFailure, reportUncaughtErrors } from "./cli/errorReport.ts";
import { runCli } from "./cli/program.ts";
import { installInterruptCleanup } from "./cli/interrupt.ts";
import { withPath } from "./core/systemError.ts";
import { removeTrackedTemps } from "./core/tempFiles.ts";

/**
 * The `mmlab` command. The commands are listed in cli/program.ts and live in cli/commands/;
 * errors the user can act on (MmlabError: config, data, usage) and failures of the environment
 * (a full disk, a read-only folder: cli/errorReport.ts) print as one line and exit 1 (usage: 2);
 * anything else is a bug and prints its stack.
 */

// Output piped into a reader that stops early (`| head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw withPath(e, "standard output"); // output redirected to a full disk: say where it was going
});

// Ctrl-C or a kill removes what the command was writing and exits 130/143 with one line;
// `paper` stops on a signal itself (it finishes its session file first).
const argv = hideBin(process.argv);
if (argv[0] !== "paper") installInterruptCleanup();

// An error no caller can catch (a stream's 'error' event nobody listens to) is reported as the
// command's failure, in one line, its temporary outputs removed (paper's session file is its own).
reportUncaughtErrors(argv[0] === "paper" ? () => {} : removeTrackedTemps);

runCli(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => reportFailure(error),
);
