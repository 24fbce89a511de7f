import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The `mmlab` executable of this checkout. */
export const MMLAB_BIN = fileURLToPath(new URL("../../bin/mmlab.js", import.meta.url));

/** What a finished `mmlab` process printed, and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mmlab …` in a child process in `cwd` and waits for it. */
export function mmlab(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MMLAB_BIN, ...args], { cwd, env: { ...process.env, CI: "1" }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
