import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MmlabError } from "../../src/core/errors.ts";
import { environmentErrorText, isEnvironmentError, namingFile, systemErrorFields, systemErrorFrom, withPath, type SystemError } from "../../src/core/systemError.ts";

/** An error of Node's shape for a failed syscall. */
function nodeError(code: string, syscall: string, path?: string, dest?: string): SystemError {
  const e = new Error(`${code}: something, ${syscall}`) as SystemError;
  Object.assign(e, { code, errno: -os.constants.errno[code as keyof typeof os.constants.errno], syscall });
  if (path !== undefined) e.path = path;
  if (dest !== undefined) e.dest = dest;
  return e;
}

describe("environment errors", () => {
  it("a system error of the disk, permissions or paths is one; a bug, a usage error or a network code is not", () => {
    for (const code of ["ENOSPC", "EACCES", "EPERM", "EROFS", "ENOTDIR", "EISDIR", "EEXIST", "ENOENT", "EMFILE", "EDQUOT"]) expect(isEnvironmentError(nodeError(code, "open", "f"))).toBe(true);
    expect(isEnvironmentError(nodeError("ECONNREFUSED", "connect"))).toBe(false);
    expect(isEnvironmentError(Object.assign(new TypeError("bad"), { code: "ERR_INVALID_ARG_TYPE" }))).toBe(false);
    expect(isEnvironmentError(Object.assign(new Error("no syscall"), { code: "ENOSPC" }))).toBe(false);
    expect(isEnvironmentError(new MmlabError("x"))).toBe(false);
    expect(isEnvironmentError({ code: "ENOSPC", syscall: "write" })).toBe(false);
  });

  it("the line names the file (relative to the working folder when inside it), the operation and the cause", () => {
    const cwd = "/home/u/work";
    expect(environmentErrorText(nodeError("ENOSPC", "write", "/home/u/work/runs/b/timeseries.arrow"), cwd)).toBe("cannot write runs/b/timeseries.arrow: no space left on device (ENOSPC)");
    expect(environmentErrorText(nodeError("EACCES", "open", "/etc/x.arrow"), cwd)).toBe("cannot open /etc/x.arrow: permission denied (EACCES)");
    expect(environmentErrorText(nodeError("EROFS", "mkdir", "runs/x"), cwd)).toBe("cannot create folder runs/x: read-only file system (EROFS)");
    expect(environmentErrorText(nodeError("EXDEV", "rename", "/home/u/work/a", "/mnt/b"), cwd)).toBe("cannot rename a to /mnt/b: cannot move across devices (EXDEV)");
    expect(environmentErrorText(nodeError("ENOTDIR", "stat", "f.txt/run"), cwd)).toBe("cannot access f.txt/run: a file stands where a folder should be (ENOTDIR)");
    expect(environmentErrorText(nodeError("EISDIR", "read", "conf"), cwd)).toBe("cannot read conf: is a folder, not a file (EISDIR)");
    expect(environmentErrorText(nodeError("ENOSPC", "write"), cwd)).toBe("cannot write: no space left on device (ENOSPC)");
    expect(environmentErrorText(nodeError("EIO", "fancy", "x"), cwd)).toBe("cannot fancy x: input/output error (EIO)");
  });

  it("withPath and namingFile give a pathless error its file, keep a path Node gave, and leave other errors alone", async () => {
    expect((withPath(nodeError("ENOSPC", "write"), "a.arrow") as SystemError).path).toBe("a.arrow");
    expect((withPath(nodeError("EACCES", "open", "tmp/a"), "a.arrow") as SystemError).path).toBe("tmp/a");
    const bug = new Error("bug");
    expect(withPath(bug, "a")).toBe(bug);
    expect("path" in bug).toBe(false);

    expect(() =>
      namingFile("out.bin", () => {
        throw nodeError("ENOSPC", "write");
      }),
    ).toThrow(expect.objectContaining({ code: "ENOSPC", path: "out.bin" }));
    await expect(namingFile("out.bin", () => Promise.reject(nodeError("EDQUOT", "write")))).rejects.toMatchObject({ code: "EDQUOT", path: "out.bin" });
    expect(namingFile("x", () => 42)).toBe(42);
    await expect(namingFile("x", async () => 7)).resolves.toBe(7);
  });

  it.skipIf(!existsSync("/dev/full"))("a real write to /dev/full names no file: namingFile names it", () => {
    let caught: unknown;
    try {
      namingFile("/dev/full", () => writeFileSync("/dev/full", "x"));
    } catch (e) {
      caught = e;
    }
    expect(isEnvironmentError(caught)).toBe(true);
    expect(environmentErrorText(caught as SystemError, "/home")).toBe("cannot write /dev/full: no space left on device (ENOSPC)");
  });

  it("fields posted across a worker boundary rebuild the same error, with the worker's stack", () => {
    const e = nodeError("EROFS", "open", join("runs", "x"));
    const fields = structuredClone(systemErrorFields(e));
    const back = systemErrorFrom(fields, "Error: EROFS\n    at worker.ts:1:1");
    expect(isEnvironmentError(back)).toBe(true);
    expect(environmentErrorText(back, "/")).toBe(environmentErrorText(e, "/"));
    expect(back.stack).toContain("worker.ts:1:1");
    expect("dest" in back).toBe(false);
  });
});
