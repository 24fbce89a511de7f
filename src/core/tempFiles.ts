import { rmSync } from "node:fs";

/**
 * The temporary files and folders this thread is writing right now, so that an interrupted
 * process (SIGINT, SIGTERM: cli/interrupt.ts) can remove them before it exits: every writer that
 * builds an output beside its target (a run folder's `.name.tmp-<pid>`, an event file's
 * `name.tmp-<pid>`) tracks its temporary path until it renames it into place or drops it.
 * Module state is per thread: a worker thread's writes are its pool's to sweep (trackTempSweep).
 */
const paths = new Set<string>();
const sweeps = new Set<() => void>();

/** Marks `path` (a file or a folder) as temporary until untrackTempPath: removed if the process is interrupted. */
export function trackTempPath(path: string): void {
  paths.add(path);
}

/** The temporary `path` was renamed into place or removed: no longer to be removed on an interrupt. */
export function untrackTempPath(path: string): void {
  paths.delete(path);
}

/**
 * Registers a synchronous sweep run on an interrupt, for temporary files whose names are not known
 * here (e.g. those written by worker threads into a folder); returns the function that unregisters it.
 */
export function trackTempSweep(sweep: () => void): () => void {
  sweeps.add(sweep);
  return () => sweeps.delete(sweep);
}

/** The temporary paths tracked now (for tests and diagnostics). */
export function trackedTempPaths(): string[] {
  return [...paths];
}

/**
 * Removes every tracked temporary path and runs every sweep, synchronously (an interrupt handler
 * exits right after). A path that cannot be removed is skipped, not thrown: the others still go.
 * Returns how many paths were tracked.
 */
export function removeTrackedTemps(): number {
  const count = paths.size;
  for (const path of paths) {
    try {
      // retried: a file operation still in flight (a rename inside the folder) may refill it
      rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 10 });
    } catch {
      // best effort: an interrupted process must still exit
    }
  }
  paths.clear();
  for (const sweep of sweeps) {
    try {
      sweep();
    } catch {
      // as above
    }
  }
  sweeps.clear();
  return count;
}
