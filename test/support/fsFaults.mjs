// Test-only preload (`node --import ./test/support/fsFaults.mjs`, or through NODE_OPTIONS): makes
// node:fs fail the way a full disk, a read-only mount or a forbidden folder would, because the
// tests run as root, where chmod does not produce EACCES and no disk is ever full.
//
//   MMLAB_TEST_FAULT=ENOSPC            the error code to raise (ENOSPC, EACCES, EROFS, EPERM, EIO, …)
//   MMLAB_TEST_FAULT_PATH=<regex>      the paths it hits (tested on the path as given and resolved)
//   MMLAB_TEST_FAULT_OPS=open,mkdir    optional: the syscalls it hits (default: by code, see OPS_BY_CODE)
//   MMLAB_TEST_FAULT_THREAD=worker     optional: only in worker threads (or "main"; default: both)
//
// The errors are Node's own shape: code, errno, syscall, path (and dest for rename), message
// "ENOSPC: no space left on device, write". As in Node, an error on a file descriptor (write,
// read) carries no path: the code under test must say which file it was writing.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import os from "node:os";
import path from "node:path";
import util from "node:util";
import workerThreads from "node:worker_threads";

const CODE = process.env.MMLAB_TEST_FAULT;
const PATTERN = process.env.MMLAB_TEST_FAULT_PATH;

// Where each failure happens on a real system: a full disk fails the data writes, a read-only
// mount every change to the tree, a forbidden folder every open.
const WRITE_DATA = ["write"];
const CHANGE_TREE = ["open-write", "mkdir", "rename", "unlink", "rmdir"];
const OPEN_ANY = ["open-write", "open-read", "mkdir", "rename", "scandir"];
const OPS_BY_CODE = {
  ENOSPC: WRITE_DATA,
  EDQUOT: WRITE_DATA,
  EFBIG: WRITE_DATA,
  EROFS: CHANGE_TREE,
  EACCES: OPEN_ANY,
  EPERM: OPEN_ANY,
  EMFILE: ["open-write", "open-read"],
};

const THREAD = process.env.MMLAB_TEST_FAULT_THREAD ?? "all";
const threadMatches = THREAD === "all" || (THREAD === "worker") === !workerThreads.isMainThread;

if (CODE !== undefined && CODE !== "" && PATTERN !== undefined && PATTERN !== "" && threadMatches) install(CODE, new RegExp(PATTERN));
if (workerThreads.isMainThread) preloadInEvalWorkers();
// ESM named imports (`import { writeFileSync } from "node:fs"`) see the patched functions too.
syncBuiltinESMExports();

/**
 * `--import` preloads do not run in a worker started from code (`new Worker(code, { eval: true })`,
 * as the grid pool starts its workers from the sources): such a worker imports this file first.
 */
function preloadInEvalWorkers() {
  const self = JSON.stringify(import.meta.url);
  const Base = workerThreads.Worker;
  workerThreads.Worker = class extends Base {
    constructor(code, options) {
      super(options?.eval === true ? `import(${self}).then(() => {\n${code}\n});` : code, options);
    }
  };
}

function install(code, pattern) {
  const errno = os.constants.errno[code];
  if (errno === undefined) throw new Error(`fsFaults: unknown error code ${code}`);
  const ops = new Set(process.env.MMLAB_TEST_FAULT_OPS ? process.env.MMLAB_TEST_FAULT_OPS.split(",") : (OPS_BY_CODE[code] ?? [...OPEN_ANY, ...WRITE_DATA, "read"]));
  const description = util.getSystemErrorMap().get(-errno)[1];
  /** Node's error for a failed syscall (uvException's shape). */
  const systemError = (syscall, file, dest) => {
    let message = `${code}: ${description}, ${syscall}`;
    if (file !== undefined) message += ` '${file}'`;
    if (dest !== undefined) message += ` -> '${dest}'`;
    const e = new Error(message);
    e.errno = -errno;
    e.code = code;
    e.syscall = syscall;
    if (file !== undefined) e.path = file;
    if (dest !== undefined) e.dest = dest;
    return e;
  };
  const matches = (file) => {
    if (file === undefined || file === null || typeof file === "number") return false;
    const text = file instanceof URL ? file.pathname : String(file);
    return pattern.test(text) || pattern.test(path.resolve(text));
  };
  const fdPaths = new Map();
  const pathOf = (fd) => fdPaths.get(fd);
  /** True when this operation on this path is to fail. */
  const fault = (op, file) => ops.has(op) && matches(file);
  const { O_WRONLY, O_RDWR, O_CREAT } = fs.constants;
  const openOp = (flags) => {
    const writes = typeof flags === "number" ? (flags & (O_WRONLY | O_RDWR | O_CREAT)) !== 0 : flags !== undefined && flags !== null && !/^rs?$/.test(flags);
    return writes ? "open-write" : "open-read";
  };
  // The data of writeFile and appendFile goes through write(2) on a descriptor: no path, as in Node.
  const fileOf = (file) => (typeof file === "number" ? pathOf(file) : file);

  const sync = {
    openSync(orig, file, flags, ...rest) {
      if (fault(openOp(flags), file)) throw systemError("open", String(file));
      const fd = orig(file, flags, ...rest);
      fdPaths.set(fd, String(file));
      return fd;
    },
    closeSync(orig, fd) {
      fdPaths.delete(fd);
      return orig(fd);
    },
    writeSync(orig, fd, ...rest) {
      if (fault("write", pathOf(fd))) throw systemError("write");
      return orig(fd, ...rest);
    },
    readSync(orig, fd, ...rest) {
      if (fault("read", pathOf(fd))) throw systemError("read");
      return orig(fd, ...rest);
    },
    writeFileSync(orig, file, ...rest) {
      if (typeof file !== "number" && fault("open-write", file)) throw systemError("open", String(file));
      if (fault("write", fileOf(file))) throw systemError("write");
      return orig(file, ...rest);
    },
    appendFileSync(orig, file, ...rest) {
      if (typeof file !== "number" && fault("open-write", file)) throw systemError("open", String(file));
      if (fault("write", fileOf(file))) throw systemError("write");
      return orig(file, ...rest);
    },
    readFileSync(orig, file, ...rest) {
      if (typeof file !== "number" && fault("open-read", file)) throw systemError("open", String(file));
      if (fault("read", fileOf(file))) throw systemError("read");
      return orig(file, ...rest);
    },
    mkdirSync(orig, file, ...rest) {
      if (fault("mkdir", file)) throw systemError("mkdir", String(file));
      return orig(file, ...rest);
    },
    renameSync(orig, from, to) {
      if (fault("rename", from) || fault("rename", to)) throw systemError("rename", String(from), String(to));
      return orig(from, to);
    },
    readdirSync(orig, file, ...rest) {
      if (fault("scandir", file)) throw systemError("scandir", String(file));
      return orig(file, ...rest);
    },
    rmSync(orig, file, ...rest) {
      // rm with force on a missing path changes nothing: it succeeds even on a read-only mount
      if (fault("unlink", file) && fs.existsSync(file)) throw systemError("rm", String(file));
      return orig(file, ...rest);
    },
  };
  for (const [name, wrap] of Object.entries(sync)) {
    const orig = fs[name];
    fs[name] = (...args) => wrap(orig, ...args);
  }

  // Callback API: what fs streams call (createReadStream, createWriteStream read fs.open/write/… at call time).
  const later = (callback, error) => process.nextTick(callback, error);
  const lastCallback = (args) => args[args.length - 1];
  const callbacks = {
    open(orig, file, ...rest) {
      const callback = lastCallback(rest);
      const flags = typeof rest[0] === "function" ? undefined : rest[0];
      if (fault(openOp(flags), file)) return later(callback, systemError("open", String(file)));
      return orig(file, ...rest.slice(0, -1), (err, fd) => {
        if (!err) fdPaths.set(fd, String(file));
        callback(err, fd);
      });
    },
    close(orig, fd, ...rest) {
      fdPaths.delete(fd);
      return orig(fd, ...rest);
    },
    write(orig, fd, ...rest) {
      if (fault("write", pathOf(fd))) return later(lastCallback(rest), systemError("write"));
      return orig(fd, ...rest);
    },
    writev(orig, fd, ...rest) {
      if (fault("write", pathOf(fd))) return later(lastCallback(rest), systemError("write"));
      return orig(fd, ...rest);
    },
    read(orig, fd, ...rest) {
      if (fault("read", pathOf(fd))) return later(lastCallback(rest), systemError("read"));
      return orig(fd, ...rest);
    },
    mkdir(orig, file, ...rest) {
      if (fault("mkdir", file)) return later(lastCallback(rest), systemError("mkdir", String(file)));
      return orig(file, ...rest);
    },
    rename(orig, from, to, callback) {
      if (fault("rename", from) || fault("rename", to)) return later(callback, systemError("rename", String(from), String(to)));
      return orig(from, to, callback);
    },
  };
  for (const [name, wrap] of Object.entries(callbacks)) {
    const orig = fs[name];
    fs[name] = (...args) => wrap(orig, ...args);
  }

  // Promise API, and the FileHandle methods it hands out.
  const p = fs.promises;
  const reject = (error) => Promise.reject(error);
  const promises = {
    async open(orig, file, flags, ...rest) {
      if (fault(openOp(flags), file)) return reject(systemError("open", String(file)));
      const handle = await orig(file, flags, ...rest);
      patchHandle(handle, String(file));
      return handle;
    },
    mkdir: (orig, file, ...rest) => (fault("mkdir", file) ? reject(systemError("mkdir", String(file))) : orig(file, ...rest)),
    rename: (orig, from, to) => (fault("rename", from) || fault("rename", to) ? reject(systemError("rename", String(from), String(to))) : orig(from, to)),
    readdir: (orig, file, ...rest) => (fault("scandir", file) ? reject(systemError("scandir", String(file))) : orig(file, ...rest)),
    rm: (orig, file, ...rest) => (fault("unlink", file) && fs.existsSync(file) ? reject(systemError("rm", String(file))) : orig(file, ...rest)),
    writeFile(orig, file, ...rest) {
      if (typeof file === "string" && fault("open-write", file)) return reject(systemError("open", file));
      if (fault("write", typeof file === "string" ? file : undefined)) return reject(systemError("write"));
      return orig(file, ...rest);
    },
    appendFile(orig, file, ...rest) {
      if (typeof file === "string" && fault("open-write", file)) return reject(systemError("open", file));
      if (fault("write", typeof file === "string" ? file : undefined)) return reject(systemError("write"));
      return orig(file, ...rest);
    },
    readFile(orig, file, ...rest) {
      if (typeof file === "string" && fault("open-read", file)) return reject(systemError("open", file));
      return orig(file, ...rest);
    },
  };
  for (const [name, wrap] of Object.entries(promises)) {
    const orig = p[name];
    p[name] = (...args) => wrap(orig, ...args);
  }

  /** A FileHandle's write and read fail as its descriptor's would. */
  function patchHandle(handle, file) {
    for (const [name, op] of [["write", "write"], ["writev", "write"], ["writeFile", "write"], ["appendFile", "write"], ["read", "read"], ["readFile", "read"]]) {
      const orig = handle[name];
      if (typeof orig !== "function") continue;
      handle[name] = (...args) => (fault(op, file) ? reject(systemError(op)) : orig.apply(handle, args));
    }
  }
}
