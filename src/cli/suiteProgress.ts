import type { MarketData } from "../data/sources/marketData.ts";
import { ProgressBar, type ProgressBarOptions } from "./progressBar.ts";

/** One run of a suite, as the bar counts it: a name and a weight (its data time, or 1 when unknown). */
export interface PlannedRun {
  name: string;
  weight: number;
}

/**
 * The progress of several runs one after another (stress, validate) on one bar: the runs done
 * plus the current run's fraction, each run weighted by its data time; a line per finished run
 * above the bar. Off where the bar is off (not a terminal, CI, --json).
 */
export class SuiteProgress {
  private readonly bar: ProgressBar;
  private readonly total: number;
  private index = 0;
  private doneWeight = 0;

  constructor(
    label: string,
    private readonly runs: readonly PlannedRun[],
    options: ProgressBarOptions = {},
  ) {
    this.total = runs.reduce((sum, r) => sum + r.weight, 0);
    this.bar = new ProgressBar(label, this.total, options);
    this.current(0);
  }

  /** The current run has done `fraction` (0 … 1) of its work. */
  current(fraction: number): void {
    const run = this.runs[this.index];
    if (run === undefined) return;
    const f = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
    this.bar.update(this.doneWeight + f * run.weight, `run ${this.index + 1}/${this.runs.length}: ${run.name}`);
  }

  /** The current run finished: `line` (its result) above the bar, and on to the next run. */
  finished(line: string): void {
    this.doneWeight += this.runs[this.index]?.weight ?? 0;
    this.index++;
    this.bar.log(line);
    this.current(0);
  }

  /** Clears the bar (at the end, or before an error is printed). */
  done(): void {
    this.bar.done();
  }
}

/**
 * `data` with its reading reported: `onTime(tNs)` with the data time (ns since the data origin)
 * of the last event of each batch handed on. Everything else is the data's own (the same events,
 * description and hash), so a run on it is the run on `data`.
 */
export function withReadProgress(data: MarketData, onTime: (tNs: number) => void): MarketData {
  return {
    meta: data.meta,
    originNs: data.originNs,
    description: data.description,
    async *batches(pool) {
      for await (const batch of data.batches(pool)) {
        if (batch.length > 0) onTime(batch.exchTsNs[batch.length - 1]);
        yield batch;
      }
    },
    hash: () => data.hash(),
    ...(data.session !== undefined ? { session: () => data.session!() } : {}),
  };
}
