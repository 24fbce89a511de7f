import { spawn, type ChildProcess } from "node:child_process";
import { afterEach } from "vitest";
import { MMLAB_BIN } from "./cli.ts";

/** How a child `mmlab` process ended, and what it printed. */
export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `mmlab …` child process. */
export interface CliProcess {
  /** Resolves when the process has exited. */
  done: Promise<CliExit>;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr matches `pattern` (rejects if the process exits first or after `timeoutMs`, default 60 s: a busy machine starts a process slowly). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The process's exit, or a rejection after `timeoutMs` (the process is then killed): a hang fails the test instead of timing it out. */
  exit(timeoutMs: number): Promise<CliExit>;
  kill(signal: NodeJS.Signals): void;
}

/** Child processes not yet exited: a failed test must not leave one running. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

/** Starts `mmlab …` in a child process in `cwd` (with `nodeArgs` before the script, and extra `env`). */
export function spawnMmlab(args: string[], cwd: string, options: { nodeArgs?: string[]; env?: Record<string, string> } = {}): CliProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), MMLAB_BIN, ...args], {
    cwd,
    env: { ...process.env, CI: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  let exited = false;
  const waiters = new Set<() => void>();
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
    for (const w of waiters) w();
  });
  const done = new Promise<CliExit>((resolve) => {
    child.on("close", (code, signal) => {
      exited = true;
      running.delete(child);
      for (const w of waiters) w();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    done,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStderr(pattern, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no ${pattern} on stderr after ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
        const check = () => {
          if (pattern.test(stderr)) finish();
          else if (exited) finish(new Error(`exited before ${pattern} appeared on stderr:\n${stderr}`));
        };
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        waiters.add(check);
        check();
      });
    },
    exit(timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error(`still running after ${timeoutMs} ms (killed):\nstdout: ${stdout}\nstderr: ${stderr}`));
        }, timeoutMs);
      });
      return Promise.race([done, timeout]).finally(() => clearTimeout(timer));
    },
    kill(signal) {
      child.kill(signal);
    },
  };
}

/** Polls `condition` every `everyMs` until it holds (resolves) or `timeoutMs` passed (rejects naming `what`). */
export async function pollUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
