import { MmlabError } from "../core/errors.ts";
import { environmentErrorText, isEnvironmentError } from "../core/systemError.ts";
import { errorText } from "./program.ts";
import { UsageError } from "./usageError.ts";

/** What `mmlab` prints for a failed command (after "mmlab: ", without the final newline) and its exit code. */
export interface ErrorReport {
  text: string;
  exitCode: number;
}

/** True when MMLAB_DEBUG asks for the stack of every error, not only of internal ones. */
export function debugRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.MMLAB_DEBUG;
  return value !== undefined && value !== "" && value !== "0";
}

/**
 * How a command's failure is told: an error the user can act on (MmlabError) or one of the
 * environment (a full disk, a read-only or forbidden folder, a file where a folder should be) is
 * one line, exit 1 (usage: 2), its stack only with MMLAB_DEBUG=1; anything else is a bug: "internal
 * error" with the stack, exit 70.
 */
export function errorReport(error: unknown, debug: boolean = debugRequested()): ErrorReport {
  const stack = (line: string): string => (debug && error instanceof Error && error.stack !== undefined ? `${line}\n${error.stack}` : line);
  if (error instanceof MmlabError) return { text: stack(errorText(error)), exitCode: error instanceof UsageError ? 2 : 1 };
  if (isEnvironmentError(error)) return { text: stack(environmentErrorText(error)), exitCode: 1 };
  return { text: `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: 70 };
}

let reported = false;

/** Prints a command's failure on stderr (once: a second failure after the first adds nothing) and sets the exit code. */
export function reportFailure(error: unknown): void {
  if (reported) return;
  reported = true;
  const report = errorReport(error);
  // a progress bar may be drawn on the line: clear it first
  process.stderr.write(`${process.stderr.isTTY ? "\r\x1b[K" : ""}mmlab: ${report.text}\n`);
  process.exitCode = report.exitCode;
}

/**
 * Reports an error thrown where no caller catches it (an 'error' event nobody listens to on a
 * stream, a rejection nobody awaits) as the command's failure, as if the command had thrown it:
 * one line (a stack only for a bug or with MMLAB_DEBUG=1), `cleanup` (the temporary outputs), exit.
 */
export function reportUncaughtErrors(cleanup: () => void): void {
  process.on("uncaughtException", (error) => {
    reportFailure(error);
    try {
      cleanup();
    } finally {
      process.exit(typeof process.exitCode === "number" && process.exitCode !== 0 ? process.exitCode : 70);
    }
  });
}
