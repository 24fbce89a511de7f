import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import os from "node:os";
import { vi } from "vitest";

/** Node's error for write(2) on a full disk (no path: a descriptor names none). */
export function enospcError(): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error("ENOSPC: no space left on device, write");
  e.code = "ENOSPC";
  e.errno = -os.constants.errno.ENOSPC;
  e.syscall = "write";
  return e;
}

/**
 * Makes this thread's fs.writeSync fail as on a disk that fills up: files opened (fs.openSync) at a
 * path matching `pattern` take `budgetBytes` in all, then the write that would pass it writes what
 * fits and throws ENOSPC, as do all later ones. In-process only (vi.spyOn on node:fs, named imports
 * included); `restore()` (or restoreDisk()) puts fs back. Returns how many writes failed, and the restore.
 */
export function fillDiskAfter(pattern: RegExp, budgetBytes: number): { failures: () => number; restore: () => void } {
  const watched = new Set<number>();
  let left = budgetBytes;
  let failures = 0;
  const openSync = fs.openSync.bind(fs) as (path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => number;
  const writeSync = fs.writeSync.bind(fs) as (fd: number, buffer: NodeJS.ArrayBufferView, offset?: number, length?: number, position?: number | null) => number;
  vi.spyOn(fs, "openSync").mockImplementation(((path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
    const fd = openSync(path, flags, mode);
    if (pattern.test(String(path))) watched.add(fd);
    return fd;
  }) as typeof fs.openSync);
  vi.spyOn(fs, "writeSync").mockImplementation(((fd: number, buffer: NodeJS.ArrayBufferView, offset?: number, length?: number, position?: number | null) => {
    if (!watched.has(fd) || typeof buffer === "string") return writeSync(fd, buffer, offset, length, position);
    const start = offset ?? 0;
    const wanted = length ?? buffer.byteLength - start;
    if (wanted <= left) {
      left -= wanted;
      return writeSync(fd, buffer, start, wanted, position);
    }
    // the part that fits goes to the disk first, as a real write(2) short of space does
    if (left > 0) {
      writeSync(fd, buffer, start, left, position);
      left = 0;
    }
    failures++;
    throw enospcError();
  }) as typeof fs.writeSync);
  syncBuiltinESMExports(); // `import { writeSync } from "node:fs"` sees the spies too
  return { failures: () => failures, restore: restoreDisk };
}

/** Puts node:fs back after fillDiskAfter (every spy of vitest's is restored). */
export function restoreDisk(): void {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
}
