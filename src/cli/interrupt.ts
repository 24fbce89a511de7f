import { hasInterruptHooks, runInterruptHooks } from "../core/interruptHooks.ts";
import { removeTrackedTemps } from "../core/tempFiles.ts";

/** The shell's exit code of a process ended by a signal: 128 + the signal's number. */
export const INTERRUPT_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type InterruptSignal = keyof typeof INTERRUPT_EXIT_CODES;

/** How long an interrupt waits for running work (worker threads) to stop before it removes the temporary files anyway. */
const STOP_TIMEOUT_MS = 5000;

/** The one line an interrupted command prints. */
export function interruptLine(signal: InterruptSignal): string {
  return `mmlab: interrupted (${signal}); partial outputs removed`;
}

/**
 * Removes what an interrupted command was writing and ends the process: stops the registered work
 * (core/interruptHooks.ts), removes every temporary file and folder (core/tempFiles.ts),
 * synchronously, prints one line on stderr and exits 130 (SIGINT) or 143 (SIGTERM). Finished
 * outputs stay: they were renamed into place complete. A second signal while waiting for the work
 * to stop cleans up and exits at once. `paper` installs none of this: it finishes its session on
 * a signal (its own handler may call removeTrackedTemps for the same cleanup).
 */
export function installInterruptCleanup(): void {
  let stopping = false;
  const onSignal = (signal: InterruptSignal): void => {
    if (stopping || !hasInterruptHooks()) {
      finishInterrupt(signal);
      return;
    }
    stopping = true;
    void runInterruptHooks(STOP_TIMEOUT_MS).finally(() => finishInterrupt(signal));
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
}

/** Removes the temporary outputs, prints the interrupt line and exits with the signal's code. */
export function finishInterrupt(signal: InterruptSignal): never {
  removeTrackedTemps();
  // a progress bar may be drawn on the line: clear it first
  process.stderr.write(`${process.stderr.isTTY ? "\r\x1b[K" : ""}${interruptLine(signal)}\n`);
  process.exit(INTERRUPT_EXIT_CODES[signal]);
}
