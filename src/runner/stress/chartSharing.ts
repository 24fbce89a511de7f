import type { Worker } from "node:worker_threads";
import type { ChartBoard, StolenChart } from "./chartBoard.ts";
import { drawForAnotherThread, receivedOutcome } from "./chartWire.ts";
import type { ChartOutcome, FromSuiteWorker, ToSuiteWorker } from "./suiteProtocol.ts";

/** A thread of the pool: a worker, or null for the calling thread. */
type Executor = Worker | null;

/** Charts an idle thread holds at most: the one it draws and the next (so it never waits for one to be taken off a board). */
const HELD = 2;

/**
 * The suite pool's sharing of report charts (on the calling thread): a thread with no run left
 * to make takes a chart waiting on another thread's board (ChartBoard.steal) and draws it, and
 * the outcome goes back to that board; so the last reports of a plan are drawn by every thread
 * instead of one. The calling thread's board is read directly, a worker's through messages.
 */
export class ChartSharing {
  /** Executors with no run left, free to draw other threads' charts. */
  private readonly idle = new Set<Executor>();
  /** Charts an idle executor holds: drawing, queued to draw next, or asked of a worker for it (at most HELD). */
  private readonly held = new Map<Executor, number>();
  /** Charts a worker said wait on its board (when it last put charts there or gave one up). */
  private readonly waiting = new Map<Worker, number>();
  /** Workers asked for a chart, and the executor it is for. */
  private readonly asked = new Map<Worker, Executor>();
  /** Charts sent to a worker to draw, by ticket: whose board they came from, and their id there. */
  private readonly tickets = new Map<number, { owner: Executor; id: number }>();
  private nextTicket = 0;
  /** The charts the calling thread draws for others, one after another. */
  private hereDrawing: Promise<void> = Promise.resolve();

  /**
   * `here`: the calling thread's board; `workers`: the pool's workers; `cache`: the plan's chart
   * cache; `live`: false once the plan has stopped (then nothing more is sent).
   */
  constructor(
    private readonly here: ChartBoard,
    private readonly workers: readonly Worker[],
    private readonly cache: SharedArrayBuffer,
    private readonly live: () => boolean,
  ) {}

  /** An executor has no run left to make: from now on it draws other threads' charts. */
  retire(executor: Executor): void {
    this.idle.add(executor);
    this.serve();
  }

  /** Charts were put on the calling thread's board. */
  hereWaiting(): void {
    this.serve();
  }

  /** Handles a worker's message about charts; false for any other message. */
  handle(worker: Worker, m: FromSuiteWorker): boolean {
    if (m.type === "waiting") {
      this.waiting.set(worker, m.count);
    } else if (m.type === "stolen") {
      const thief = this.asked.get(worker);
      this.asked.delete(worker);
      this.waiting.set(worker, m.waiting);
      if (thief === undefined) return true;
      this.release(thief);
      if (m.chart !== null) this.give(thief, worker, m.chart);
    } else if (m.type === "drawn") {
      const ticket = this.tickets.get(m.ticket);
      this.tickets.delete(m.ticket);
      this.release(worker);
      if (ticket !== undefined) this.deliver(ticket.owner, ticket.id, m.outcome);
    } else {
      return false;
    }
    this.serve();
    return true;
  }

  /**
   * Finds charts for the idle executors, up to HELD each (the next is there when one is drawn): the
   * calling thread's board first (read at once), else a worker's that has two or more waiting.
   */
  private serve(): void {
    if (!this.live()) return;
    for (const thief of this.idle) {
      while ((this.held.get(thief) ?? 0) < HELD) {
        const stolen = thief === null ? undefined : this.here.steal();
        if (stolen !== undefined) {
          this.give(thief, null, stolen);
          continue;
        }
        const victim = this.workers.find((w) => w !== thief && !this.asked.has(w) && (this.waiting.get(w) ?? 0) >= 2);
        if (victim === undefined) break;
        this.hold(thief);
        this.asked.set(victim, thief);
        this.post(victim, { type: "steal" });
      }
    }
  }

  /** Has `thief` draw a chart taken off `owner`'s board (after those it holds already). */
  private give(thief: Executor, owner: Executor, stolen: StolenChart): void {
    this.hold(thief);
    if (thief === null) {
      this.hereDrawing = this.hereDrawing.then(async () => {
        const outcome = await drawForAnotherThread(stolen.chart, this.cache);
        this.release(null);
        this.deliver(owner, stolen.id, outcome);
        this.serve();
      });
    } else {
      const ticket = this.nextTicket++;
      this.tickets.set(ticket, { owner, id: stolen.id });
      this.post(thief, { type: "draw", ticket, chart: stolen.chart, cache: this.cache });
    }
  }

  /** Hands a chart's outcome to the board it was taken from. */
  private deliver(owner: Executor, id: number, outcome: ChartOutcome): void {
    if (owner === null) this.here.settle(id, receivedOutcome(outcome));
    else this.post(owner, { type: "settle", id, outcome });
  }

  private hold(executor: Executor): void {
    this.held.set(executor, (this.held.get(executor) ?? 0) + 1);
  }

  private release(executor: Executor): void {
    this.held.set(executor, (this.held.get(executor) ?? 1) - 1);
  }

  private post(worker: Worker, m: ToSuiteWorker): void {
    if (this.live()) worker.postMessage(m);
  }
}
