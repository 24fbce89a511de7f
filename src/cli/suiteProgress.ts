import type { MarketData } from "../data/sources/marketData.ts";
import { ProgressBar, type ProgressBarOptions } from "./progressBar.ts";

/** One run of a suite, as the bar counts it: a name and a weight (its data time, or 1 when unknown). */
export interface PlannedRun {
  name: string;
  weight: number;
}

/**
 * The progress of several runs (stress, validate) on one bar: the runs done plus the fractions
 * of the runs going on, each run weighted by its data time; a line per finished run above the
 * bar. Runs may go on at once (worker threads: `progress`/`finishedRun` by the run's index) or one
 * after another (`current`/`finished`). Off where the bar is off (not a terminal, CI, --json).
 */
export class SuiteProgress {
  private readonly bar: ProgressBar;
  private readonly total: number;
  /** The next run of `current`/`finished` (runs one after another). */
  private index = 0;
  private doneWeight = 0;
  /** The runs going on and their fractions, by index. */
  private readonly going = new Map<number, number>();
  private readonly ended = new Set<number>();
  /** When each run started (its first progress), ms of `now`: the wall clock is read here, in the command, not by the runs. */
  private readonly startedMs = new Map<number, number>();
  private readonly now: () => number;

  constructor(
    label: string,
    private readonly runs: readonly PlannedRun[],
    options: ProgressBarOptions = {},
  ) {
    this.total = runs.reduce((sum, r) => sum + r.weight, 0);
    this.bar = new ProgressBar(label, this.total, options);
    this.now = options.now ?? (() => performance.now());
    if (runs.length > 0) this.show(0, 0); // the bar from the start; the first run's clock starts with its first report
  }

  /** The current run has done `fraction` (0 … 1) of its work. */
  current(fraction: number): void {
    this.progress(this.index, fraction);
  }

  /** The current run finished: `line` (its result) above the bar, and on to the next run. */
  finished(line: string): void {
    this.finishedRun(this.index, line);
    this.current(0);
  }

  /** Run `index` (of the planned runs) has done `fraction` (0 … 1) of its work. */
  progress(index: number, fraction: number): void {
    if (this.runs[index] === undefined || this.ended.has(index)) return;
    if (!this.startedMs.has(index)) this.startedMs.set(index, this.now());
    this.show(index, fraction);
  }

  /** Draws run `index` as going on at `fraction`. */
  private show(index: number, fraction: number): void {
    this.going.set(index, Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0);
    this.draw();
  }

  /** Seconds (of `now`) since run `index` started (its first progress report); 0 if it has not. */
  seconds(index: number): number {
    const started = this.startedMs.get(index);
    return started === undefined ? 0 : (this.now() - started) / 1000;
  }

  /** Run `index` finished: `line` (its result) above the bar. */
  finishedRun(index: number, line: string): void {
    if (!this.ended.has(index)) {
      this.ended.add(index);
      this.going.delete(index);
      this.doneWeight += this.runs[index]?.weight ?? 0;
    }
    while (this.ended.has(this.index)) this.index++;
    this.bar.log(line);
    this.draw();
  }

  /** Clears the bar (at the end, or before an error is printed). */
  done(): void {
    this.bar.done();
  }

  /** The bar: the runs done and the shares of those going on; "run 2/8: name", or "runs 1,3/8: a, b" when several go on. */
  private draw(): void {
    let doing = 0;
    for (const [i, f] of this.going) doing += f * this.runs[i].weight;
    const going = [...this.going.keys()].sort((a, b) => a - b);
    if (going.length === 0) return;
    const runs = going.length === 1 ? "run" : "runs";
    this.bar.update(this.doneWeight + doing, `${runs} ${going.map((i) => i + 1).join(",")}/${this.runs.length}: ${going.map((i) => this.runs[i].name).join(", ")}`);
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
