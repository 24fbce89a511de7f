import { isAbsolute, relative } from "node:path";

/**
 * Failures of the environment rather than of mmlab (a full disk, a read-only mount, a forbidden
 * folder, a file where a folder should be): Node's system errors with these codes are reported
 * as one line naming the file, the operation and the cause, never as a bug.
 */
const CAUSES: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOTDIR: "a file stands where a folder should be",
  EISDIR: "is a folder, not a file",
  EEXIST: "already exists",
  ENOENT: "no such file or folder",
  ENOTEMPTY: "folder not empty",
  EMFILE: "too many open files (see ulimit -n)",
  ENFILE: "too many open files in the system",
  EIO: "input/output error",
  EBUSY: "resource busy or locked",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
  EXDEV: "cannot move across devices",
  ETXTBSY: "file busy",
  ENXIO: "no such device or address",
};

/** What each syscall was doing, in the words of the error line ("cannot write …"). */
const OPERATIONS: Record<string, string> = {
  open: "open",
  write: "write",
  writev: "write",
  pwrite: "write",
  ftruncate: "write",
  fsync: "write",
  fdatasync: "write",
  close: "write",
  read: "read",
  pread: "read",
  fstat: "read",
  stat: "access",
  lstat: "access",
  access: "access",
  scandir: "read folder",
  opendir: "read folder",
  mkdir: "create folder",
  mkdtemp: "create folder",
  rename: "rename",
  copyfile: "copy",
  unlink: "remove",
  rmdir: "remove",
  rm: "remove",
  symlink: "link",
  link: "link",
  chmod: "change",
  utime: "change",
  watch: "watch",
};

/** A Node system error (fs, net, …) as Node raises it: a code, the failed syscall, and the file(s) when known. */
export interface SystemError extends Error {
  code: string;
  errno?: number;
  syscall?: string;
  path?: string;
  dest?: string;
}

/** The fields of a system error that survive a trip through postMessage (which keeps only message and stack). */
export interface SystemErrorFields {
  message: string;
  code: string;
  errno?: number;
  syscall?: string;
  path?: string;
  dest?: string;
}

/** True for a Node system error caused by the environment (disk, permissions, paths, limits): see CAUSES. */
export function isEnvironmentError(e: unknown): e is SystemError {
  if (!(e instanceof Error)) return false;
  const { code, syscall } = e as Partial<SystemError>;
  return typeof code === "string" && Object.hasOwn(CAUSES, code) && typeof syscall === "string";
}

/**
 * Gives a system error the file it was about, when Node left it out (write(2) and read(2) on a
 * descriptor name none, so a full disk says "ENOSPC, write" without saying which file). Returns `e`.
 */
export function withPath(e: unknown, file: string): unknown {
  if (isEnvironmentError(e) && e.path === undefined) e.path = file;
  return e;
}

/** Runs `fn`; a system error it throws (or rejects with) without a file gets `file` (see withPath). */
export function namingFile<T>(file: string, fn: () => T): T {
  let result: T;
  try {
    result = fn();
  } catch (e) {
    throw withPath(e, file);
  }
  if (result instanceof Promise) {
    return result.catch((e: unknown) => {
      throw withPath(e, file);
    }) as T;
  }
  return result;
}

/** "cannot write runs/x/fills.arrow: no space left on device (ENOSPC)": the file, the operation, the cause. */
export function environmentErrorText(e: SystemError, cwd: string = process.cwd()): string {
  const operation = OPERATIONS[e.syscall ?? ""] ?? e.syscall ?? "use";
  const cause = CAUSES[e.code] ?? e.code;
  const file = e.path === undefined ? "" : ` ${shownPath(e.path, cwd)}`;
  const dest = e.dest === undefined ? "" : ` to ${shownPath(e.dest, cwd)}`;
  return `cannot ${operation}${file}${dest}: ${cause} (${e.code})`;
}

/** The fields to post across a worker boundary. */
export function systemErrorFields(e: SystemError): SystemErrorFields {
  const { message, code, errno, syscall, path, dest } = e;
  return { message, code, errno, syscall, path, dest };
}

/** A system error rebuilt from its posted fields, with the stack it had where it was thrown. */
export function systemErrorFrom(fields: SystemErrorFields, stack: string): SystemError {
  const e = Object.assign(new Error(fields.message), fields) as SystemError;
  for (const key of ["errno", "syscall", "path", "dest"] as const) if (e[key] === undefined) delete e[key];
  if (stack !== "") e.stack = stack;
  return e;
}

/** A path as the user would type it: relative to `cwd` when inside it, else as it is. */
function shownPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
