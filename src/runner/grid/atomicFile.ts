import { readdirSync, renameSync, rmSync } from "node:fs";
import { trackTempSweep } from "../../core/tempFiles.ts";
import { writeFileNamed } from "../../core/writeFileNamed.ts";
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
    writeFileNamed(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Removes the temporary files writeFileAtomic left in `dir` for this process, from any of its
 * threads (their names carry the pid): what an interrupted grid sweeps once its workers stopped.
 */
export function removeOwnTempFiles(dir: string): void {
  const mark = `.tmp-${process.pid}-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder, no temporary files
  }
  for (const name of names) if (name.startsWith(".") && name.includes(mark)) rmSync(join(dir, name), { force: true });
}

/**
 * Has an interrupt sweep this process's temporary files from `dir` and its `sub` folder (a grid's
 * points/, a tune's runs/), once every worker thread has stopped; returns the function that stops it.
 */
export function sweepTempsOnInterrupt(dir: string, sub: string): () => void {
  return trackTempSweep(() => {
    removeOwnTempFiles(dir);
    removeOwnTempFiles(join(dir, sub));
  });
}

/** True for the hidden temporary files writeFileAtomic leaves behind when killed. */
export function isTempFile(name: string): boolean {
  return name.startsWith(".");
}
