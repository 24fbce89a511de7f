import os from "node:os";
import { describe, expect, it } from "vitest";
import { debugRequested, errorReport } from "../../src/cli/errorReport.ts";
import { UsageError } from "../../src/cli/usageError.ts";
import { ConfigError, DataError } from "../../src/core/errors.ts";

const enospc = (): Error => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -os.constants.errno.ENOSPC, syscall: "write", path: "out.arrow" });

describe("errorReport", () => {
  it("an environment failure: one line naming file, operation and cause, exit 1, its stack only when debugging", () => {
    expect(errorReport(enospc(), false)).toEqual({ text: "cannot write out.arrow: no space left on device (ENOSPC)", exitCode: 1 });
    const debug = errorReport(enospc(), true);
    expect(debug.exitCode).toBe(1);
    expect(debug.text.split("\n")[0]).toBe("cannot write out.arrow: no space left on device (ENOSPC)");
    expect(debug.text).toMatch(/\n\s+at /);
  });

  it("user errors: one line, exit 1 (usage: 2), a stack only when debugging; a bug: internal error with its stack, exit 70", () => {
    expect(errorReport(new DataError("f.csv", 3, "price", "not a number"), false)).toEqual({ text: "f.csv: row 3: price: not a number", exitCode: 1 });
    expect(errorReport(new ConfigError("gamma", -1, "must be > 0"), false).exitCode).toBe(1);
    expect(errorReport(new UsageError("--out x.csv: unknown output format"), false)).toEqual({ text: "--out x.csv: unknown output format", exitCode: 2 });
    expect(errorReport(new DataError("f.csv", 3, "price", "nan"), true).text).toMatch(/^f\.csv: row 3: price: nan\n.*\n\s+at /s);
    const bug = errorReport(new TypeError("x is undefined"), false);
    expect(bug.exitCode).toBe(70);
    expect(bug.text).toMatch(/^internal error: TypeError: x is undefined\n\s+at /);
    // a system error of no environment meaning (a network refusal) is not dressed up as one
    expect(errorReport(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", syscall: "connect" }), false).exitCode).toBe(70);
  });

  it("MMLAB_DEBUG turns the stacks on with any value but empty and 0", () => {
    expect(debugRequested({})).toBe(false);
    expect(debugRequested({ MMLAB_DEBUG: "" })).toBe(false);
    expect(debugRequested({ MMLAB_DEBUG: "0" })).toBe(false);
    expect(debugRequested({ MMLAB_DEBUG: "1" })).toBe(true);
  });
});
