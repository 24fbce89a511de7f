import { closeSync, openSync, readSync, statSync } from "node:fs";
import { MmlabError } from "../../core/errors.ts";
import { isEnvironmentError, namingFile, withPath } from "../../core/systemError.ts";

/**
 * Checks that an input can be read before an importer tries to make sense of it, so that each way
 * a path can be wrong gets its own message naming it: missing, a directory, empty, or named `.gz`
 * without being gzip data (else these surface later as a parse error, or as "no symbol" when a
 * first look at the data finds nothing).
 */
export function checkInputFile(path: string): void {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new MmlabError(`${path}: is a directory, not a data file`);
    size = stat.size;
  } catch (err) {
    if (err instanceof MmlabError) throw err;
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new MmlabError(`${path}: no such file`);
    if (isEnvironmentError(err)) throw withPath(err, path); // one line naming the file, operation and cause
    throw new MmlabError(`${path}: cannot read (${(err as Error).message})`);
  }
  if (size === 0) throw new MmlabError(`${path}: empty file (0 bytes)`);
  if (path.toLowerCase().endsWith(".gz") && !namingFile(path, () => startsWithGzipMagic(path))) {
    throw new MmlabError(`${path}: not gzip data: the name ends in .gz but the file does not start with the gzip bytes 1f 8b (rename it, or compress it)`);
  }
}

/** checkInputFile for each input, in order. */
export function checkInputFiles(paths: readonly string[]): void {
  for (const path of paths) checkInputFile(path);
}

function startsWithGzipMagic(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}
