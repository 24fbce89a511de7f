/** Receives the market orders a HorizonQueue releases: the order as queued and the mid in force at its due time. */
export interface DueSink {
  /** `queue` is the releasing queue's label (e.g. a horizon index); midAfterTicks is NaN when the book was not valid then. */
  onDue(queue: number, side: number, midBeforeTicks: number, reachTicks: number, id: number, midAfterTicks: number): void;
}

/**
 * Market orders waiting for the mid at their time + a horizon, first in first out: orders come in
 * time order and share one horizon, so their due times are ascending and the head is always the
 * next due. A ring of typed arrays that doubles when full, so memory follows the orders within one
 * horizon of each other, not the whole data, and a queued order allocates nothing.
 */
export class HorizonQueue {
  readonly horizonNs: number;
  private readonly label: number;
  private readonly sink: DueSink;
  private dueNs = new Float64Array(64);
  private side = new Int8Array(64);
  private midBefore = new Float64Array(64);
  private reach = new Float64Array(64);
  private id = new Float64Array(64);
  private head = 0;
  /** Orders waiting. */
  length = 0;

  constructor(horizonNs: number, label: number, sink: DueSink) {
    if (!(horizonNs >= 0)) throw new RangeError(`horizon must be ≥ 0 ns, got ${horizonNs}`);
    this.horizonNs = horizonNs;
    this.label = label;
    this.sink = sink;
  }

  /** Queues a market order at `tNs` until tNs + horizon. */
  push(tNs: number, side: number, midBeforeTicks: number, reachTicks: number, id: number): void {
    if (this.length === this.dueNs.length) this.grow();
    const i = (this.head + this.length) % this.dueNs.length;
    this.dueNs[i] = tNs + this.horizonNs;
    this.side[i] = side;
    this.midBefore[i] = midBeforeTicks;
    this.reach[i] = reachTicks;
    this.id[i] = id;
    this.length++;
  }

  /** The mid `midTicks` holds over [fromNs, untilNs): every order due before untilNs goes to the sink with it. */
  release(untilNs: number, midTicks: number): void {
    const cap = this.dueNs.length;
    while (this.length > 0 && this.dueNs[this.head] < untilNs) {
      const i = this.head;
      this.head = (i + 1) % cap;
      this.length--;
      this.sink.onDue(this.label, this.side[i], this.midBefore[i], this.reach[i], this.id[i], midTicks);
    }
  }

  private grow(): void {
    const cap = this.dueNs.length * 2;
    this.dueNs = unrolled(this.dueNs, this.head, this.length, new Float64Array(cap));
    this.side = unrolled(this.side, this.head, this.length, new Int8Array(cap));
    this.midBefore = unrolled(this.midBefore, this.head, this.length, new Float64Array(cap));
    this.reach = unrolled(this.reach, this.head, this.length, new Float64Array(cap));
    this.id = unrolled(this.id, this.head, this.length, new Float64Array(cap));
    this.head = 0;
  }
}

/** The `length` values of a ring starting at `head`, copied in order to the front of `into`. */
function unrolled<T extends Float64Array | Int8Array>(ring: T, head: number, length: number, into: T): T {
  for (let k = 0; k < length; k++) into[k] = ring[(head + k) % ring.length];
  return into;
}
