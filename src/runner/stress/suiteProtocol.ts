import type { SystemErrorFields } from "../../core/systemError.ts";
import type { ChartToDraw } from "../../report/drawChart.ts";
import type { RenderedChart } from "../../report/sharedChartCache.ts";
import type { StolenChart } from "./chartBoard.ts";
import type { SuiteRunResult, SuiteRunTask } from "./suiteRun.ts";

/**
 * Pool → worker: make this run; give up a chart waiting on your board (reply "stolen"); draw a
 * chart of another thread's report (reply "drawn"; `cache`: the plan's chart cache); the outcome
 * of a chart of yours drawn elsewhere.
 */
export type ToSuiteWorker =
  | { type: "run"; task: SuiteRunTask }
  | { type: "steal" }
  | { type: "draw"; ticket: number; chart: ChartToDraw; cache?: SharedArrayBuffer }
  | { type: "settle"; id: number; outcome: ChartOutcome };

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

/** A chart drawn on one thread for another: its SVG and PNG (the PNG arrives as a Uint8Array), or the error drawing it threw. */
export type ChartOutcome = { drawn: RenderedChart } | { error: SuiteRunError };

/**
 * Worker → pool: the run started, progress within it (data time simulated, events), its result, or
 * its failure; charts are waiting on its board; the chart it gave up (or none) and how many still
 * wait; a chart it drew.
 */
export type FromSuiteWorker =
  | { type: "started"; index: number }
  | { type: "progress"; index: number; events: number; tNs: number }
  | { type: "result"; result: SuiteRunResult }
  | { type: "error"; index: number; error: SuiteRunError }
  | { type: "waiting"; count: number }
  | { type: "stolen"; chart: StolenChart | null; waiting: number }
  | { type: "drawn"; ticket: number; outcome: ChartOutcome };
