import { drawChart, type ChartToDraw } from "../../report/drawChart.ts";
import type { RenderedChart, SharedChartCache } from "../../report/sharedChartCache.ts";

/** A chart taken off a board to be drawn on another thread, with the number to settle it by. */
export interface StolenChart {
  id: number;
  chart: ChartToDraw;
}

interface Job {
  id: number;
  chart: ChartToDraw;
  cache: SharedChartCache | undefined;
  resolve: (drawn: RenderedChart) => void;
  reject: (error: unknown) => void;
}

/**
 * The charts of a thread's run reports, drawn on that thread one after another, front first,
 * while the suite pool may take charts off the back for a thread with nothing else to do (steal;
 * their outcome comes back through settle). A chart is drawn the same on any thread, so the
 * report's bytes do not depend on who drew what.
 */
export class ChartBoard {
  private readonly waiting: Job[] = [];
  private readonly stolen = new Map<number, Job>();
  private nextId = 0;

  /** `onWaiting`: told the number of charts waiting each time charts are put on the board. */
  constructor(private readonly onWaiting?: (count: number) => void) {}

  /** Draws `charts`, the results in their order: here, unless the pool took some off the board. */
  draw(charts: readonly ChartToDraw[], cache?: SharedChartCache): Promise<RenderedChart[]> {
    const results = Promise.all(charts.map((chart) => new Promise<RenderedChart>((resolve, reject) => this.waiting.push({ id: this.nextId++, chart, cache, resolve, reject }))));
    results.catch(() => {}); // a failure is the caller's once the waiting charts are drawn, not unhandled before
    this.onWaiting?.(this.waiting.length);
    return this.drawWaiting().then(() => results);
  }

  /** Charts waiting to be drawn (not the one in hand). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** The last chart waiting, taken off the board, when at least two wait (the one after the chart in hand is better drawn here). */
  steal(): StolenChart | undefined {
    if (this.waiting.length < 2) return undefined;
    const job = this.waiting.pop()!;
    this.stolen.set(job.id, job);
    return { id: job.id, chart: job.chart };
  }

  /** The outcome of a chart drawn elsewhere: its SVG and PNG, or the error drawing it threw. */
  settle(id: number, outcome: { drawn: RenderedChart } | { error: unknown }): void {
    const job = this.stolen.get(id);
    if (job === undefined) return;
    this.stolen.delete(id);
    if ("drawn" in outcome) job.resolve(outcome.drawn);
    else job.reject(outcome.error);
  }

  /** Fails every chart drawn elsewhere that has not come back (the thread drawing it was stopped). */
  abandon(error: unknown): void {
    for (const id of [...this.stolen.keys()]) this.settle(id, { error });
  }

  /** Draws the waiting charts, front first, until none is left. */
  private async drawWaiting(): Promise<void> {
    for (let job = this.waiting.shift(); job !== undefined; job = this.waiting.shift()) {
      try {
        job.resolve(await drawChart(job.chart, job.cache));
      } catch (e) {
        job.reject(e);
      }
    }
  }
}
