/** Deltas (local − exchange time) per block whose median becomes the next block's reference. */
export const CLOCK_BLOCK = 200;
/**
 * A delta this far below the reference median is an outlier, left out of the offset estimate:
 * network latency varies by a few ms to tens of ms (the Binance sample: min to median 2–4 ms), a
 * receive time seconds early is a wrong stamp, not a fast message.
 */
export const CLOCK_OUTLIER_NS = 250_000_000n;

/** The capture's first look at its clock: min and median of (local − exchange) over the sampled messages. */
export interface ClockSample {
  /** The minimum after leaving out the outliers (more than CLOCK_OUTLIER_NS below the median). */
  minNs: bigint;
  medianNs: bigint;
  /** Outliers left out of the minimum, and the first of them ("file: line N, … ms early"). */
  dropped: number;
  firstDropped: string | null;
}

/**
 * Local-clock correction for a capture host whose clock runs behind the exchange: the ns to add
 * to local receive times is −min(local − exchange), seeded from the capture's first messages
 * and kept as a running minimum (a clock that drifts further behind raises it; it never falls,
 * so corrected local times stay non-decreasing). A clock ahead of the exchange is left alone.
 *
 * The minimum is outlier-resistant: a message whose delta is more than CLOCK_OUTLIER_NS below the
 * median of the previous CLOCK_BLOCK messages (at first, of the head sample) does not enter it,
 * so one line stamped seconds early cannot shift the whole file's clock. A real step of the host's
 * clock moves the median too, and is followed one block later. What was left out is noted.
 */
export class ClockCorrection {
  /** The ns currently added to local times. */
  shiftNs: bigint;
  /** The ns added at the start (from the head sample). */
  readonly initialShiftNs: bigint;
  /** How many times a later message raised the correction. */
  raises = 0;
  /** Messages left out of the minimum as outliers (after the head sample), and the first of them. */
  dropped = 0;
  firstDropped: string | null = null;
  private minLocalMinusExchNs: bigint | null;
  /** The median the current block is judged against (null: none yet, nothing is left out). */
  private referenceNs: bigint | null;
  private readonly block = new Float64Array(CLOCK_BLOCK);
  private blockLength = 0;

  /**
   * `initial`: the head sample's min and median of (local − exchange) ns, or null (a live session
   * starts from its first message: pass its delta as `minNs` and `medianNs`). `correctAhead`: also
   * pull back a clock ahead of the exchange (a live session, whose exchange side must not lag its
   * local side by the clock error).
   */
  constructor(initial: Pick<ClockSample, "minNs" | "medianNs"> | null, private readonly correctAhead = false) {
    this.minLocalMinusExchNs = initial?.minNs ?? null;
    // A live session keeps the plain running minimum: it corrects its clock as messages arrive,
    // and its rows go to the engine and the session file at once, so a correction must never wait
    // for a block's median (the outlier rule is for files, read whole).
    this.referenceNs = correctAhead ? null : (initial?.medianNs ?? null);
    this.shiftNs = this.shiftFor(this.minLocalMinusExchNs);
    this.initialShiftNs = this.shiftNs;
  }

  /** Takes one message's raw local and exchange times (ns) into the running minimum; `at` names it for the note. */
  observe(localNs: bigint, exchNs: bigint, at?: () => string): void {
    const delta = localNs - exchNs;
    this.addToBlock(delta);
    if (this.minLocalMinusExchNs !== null && delta >= this.minLocalMinusExchNs) return;
    if (this.referenceNs !== null && delta < this.referenceNs - CLOCK_OUTLIER_NS) {
      if (this.dropped++ === 0) this.firstDropped = `${at?.() ?? "a message"}, ${msBelow(this.referenceNs, delta)} ms before the median`;
      return;
    }
    this.minLocalMinusExchNs = delta;
    const shift = this.shiftFor(delta);
    if (shift > this.shiftNs) {
      this.shiftNs = shift;
      this.raises++;
    }
  }

  /** The ns to add to local times for a minimum (local − exchange) of `min` (0 for none; a clock ahead only when corrected both ways). */
  private shiftFor(min: bigint | null): bigint {
    if (min === null) return 0n;
    return min < 0n || this.correctAhead ? -min : 0n;
  }

  /** Collects deltas; each full block's median judges the next block. */
  private addToBlock(delta: bigint): void {
    if (this.correctAhead) return;
    this.block[this.blockLength++] = Number(delta);
    if (this.blockLength < CLOCK_BLOCK) return;
    this.referenceNs = BigInt(Math.round(median(this.block)));
    this.blockLength = 0;
  }

  /** A note for the report when drift raised the correction, else null. */
  driftNote(): string | null {
    if (this.raises === 0 || this.shiftNs === this.initialShiftNs) return null;
    return (
      `local clock drift: a message arrived sooner relative to exchange time than any before it, ${this.raises} times; ` +
      `the local_ts correction was raised with it (running minimum of local − exchange time) from ` +
      `${this.initialShiftNs.toLocaleString("en-US")} to ${this.shiftNs.toLocaleString("en-US")} ns, keeping local_ts non-decreasing`
    );
  }

  /** A note for the report when outliers were left out of the running minimum, else null. */
  outlierNote(): string | null {
    if (this.dropped === 0) return null;
    return (
      `clock offset: ${this.dropped} message(s) stamped more than ${Number(CLOCK_OUTLIER_NS / 1_000_000n)} ms earlier (relative to exchange time) ` +
      `than the median of the ${CLOCK_BLOCK} before them were left out of the running minimum, first ${this.firstDropped}; their local_ts are corrected like the rest`
    );
  }
}

/** The median of a (small) array of values (the mean of the middle two when even). */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** How many ms `delta` lies below `reference` (ns), rounded. */
export function msBelow(reference: bigint, delta: bigint): string {
  return Math.round(Number(reference - delta) / 1e6).toLocaleString("en-US");
}
