import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { threadId } from "node:worker_threads";

let counter = 0;

/**
 * Writes a file all-or-nothing: into a hidden temporary file beside it, then renamed over it. A
 * process killed midway leaves at most a hidden `.name.tmp-…` file, never a partial `name`.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${threadId}-${counter++}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** True for the hidden temporary files writeFileAtomic leaves behind when killed. */
export function isTempFile(name: string): boolean {
  return name.startsWith(".");
}
