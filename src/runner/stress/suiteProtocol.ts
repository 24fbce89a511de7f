import type { SystemErrorFields } from "../../core/systemError.ts";
import type { SuiteRunResult, SuiteRunTask } from "./suiteRun.ts";

/** Pool → worker: make this run. */
export interface ToSuiteWorker {
  type: "run";
  task: SuiteRunTask;
}

/** A failed run's error, as it crosses the thread boundary (postMessage keeps only an error's message and stack). */
export interface SuiteRunError {
  message: string;
  stack: string;
  /** An MmlabError: a user's mistake or bad input, told in one line. */
  user: boolean;
  /** A ConfigError's field, value and rule. */
  config?: { field: string; value: unknown; rule: string; hint: string };
  /** An environment failure (a full disk): its code, syscall and path. */
  system?: SystemErrorFields;
}

/** Worker → pool: the run started, progress within it (data time simulated, events), its result, or its failure. */
export type FromSuiteWorker =
  | { type: "started"; index: number }
  | { type: "progress"; index: number; events: number; tNs: number }
  | { type: "result"; result: SuiteRunResult }
  | { type: "error"; index: number; error: SuiteRunError };
