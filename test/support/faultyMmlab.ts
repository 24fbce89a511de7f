import { execFile } from "node:child_process";
import { MMLAB_BIN, type CliResult } from "./cli.ts";

/** The preload that makes node:fs fail on purpose (test/support/fsFaults.mjs). */
export const FS_FAULTS = new URL("./fsFaults.mjs", import.meta.url);

/** A failure to make happen: the error code, the paths it hits, and optionally the syscalls and the threads. */
export interface FsFault {
  code: string;
  path: RegExp;
  ops?: string[];
  thread?: "main" | "worker";
}

/**
 * Runs `mmlab …` in a child process in `cwd` with node:fs failing as `fault` says (none: runs it
 * with the preload loaded but idle), plus `env`.
 */
export function mmlabWithFault(args: string[], cwd: string, fault: FsFault | undefined, env: Record<string, string> = {}): Promise<CliResult> {
  const faultEnv: Record<string, string> =
    fault === undefined
      ? {}
      : {
          MMLAB_TEST_FAULT: fault.code,
          MMLAB_TEST_FAULT_PATH: fault.path.source,
          ...(fault.ops ? { MMLAB_TEST_FAULT_OPS: fault.ops.join(",") } : {}),
          ...(fault.thread ? { MMLAB_TEST_FAULT_THREAD: fault.thread } : {}),
        };
  const childEnv = { ...process.env, CI: "1", MMLAB_DEBUG: "", ...faultEnv, ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", FS_FAULTS.href, MMLAB_BIN, ...args], { cwd, env: childEnv, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
