import { toEventBatch } from "../data/batch.ts";
import type { EventWriter } from "../data/arrow/writer.ts";
import type { EventBatch, EventColumns } from "../data/schema.ts";

/**
 * The rows of a live session as the simulator's event source, and as the session file: every
 * batch handed to the simulator is first written to the file, so a replay of the file reads
 * exactly what the live run read, row for row.
 *   tick ─▶ rows of the market stream ─▶ session file
 *                                     └─▶ engine batches (relative ns, ticks) ─▶ simulator
 */
export class SessionStream implements AsyncIterable<EventBatch> {
  private readonly queue: EventBatch[] = [];
  private waiting: ((result: IteratorResult<EventBatch>) => void) | undefined;
  private ended = false;
  rowsWritten = 0;

  constructor(
    private readonly writer: EventWriter,
    private readonly originNs: bigint,
    private readonly tickSize: number,
  ) {}

  /** Writes `batches` to the file and hands them to the simulator. */
  push(batches: readonly EventColumns[]): void {
    if (this.ended) return;
    for (const columns of batches) {
      if (columns.length === 0) continue;
      this.writer.write(columns);
      this.rowsWritten += columns.length;
      this.deliver(toEventBatch(columns, this.originNs, this.tickSize));
    }
  }

  /** No more rows: the simulator finishes what it has and stops. */
  end(): void {
    this.ended = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): AsyncIterator<EventBatch> {
    return {
      next: () => {
        const batch = this.queue.shift();
        if (batch !== undefined) return Promise.resolve({ done: false, value: batch });
        if (this.ended) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.end();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  private deliver(batch: EventBatch): void {
    const waiting = this.waiting;
    if (waiting !== undefined) {
      this.waiting = undefined;
      waiting({ done: false, value: batch });
    } else {
      this.queue.push(batch);
    }
  }
}
