/**
 * Local-clock correction for a capture host whose clock runs behind the exchange: the ns to add
 * to local receive times is −min(local − exchange time), seeded from the capture's first messages
 * and kept as a running minimum (a clock that drifts further behind raises it; it never falls,
 * so corrected local times stay non-decreasing). A clock ahead of the exchange is left alone.
 */
export class ClockCorrection {
  /** The ns currently added to local times. */
  shiftNs: bigint;
  /** The ns added at the start (from the head sample). */
  readonly initialShiftNs: bigint;
  /** How many times a later message raised the correction. */
  raises = 0;
  private minLocalMinusExchNs: bigint | null;

  /**
   * `initialMinLocalMinusExchNs`: min of (local − exchange) ns over the capture's first messages, or
   * null. `correctAhead`: also pull back a clock ahead of the exchange (a live session, whose
   * exchange side must not lag its local side by the clock error).
   */
  constructor(initialMinLocalMinusExchNs: bigint | null, private readonly correctAhead = false) {
    this.minLocalMinusExchNs = initialMinLocalMinusExchNs;
    this.shiftNs = this.shiftFor(initialMinLocalMinusExchNs);
    this.initialShiftNs = this.shiftNs;
  }

  /** Takes one message's raw local and exchange times (ns) into the running minimum. */
  observe(localNs: bigint, exchNs: bigint): void {
    const delta = localNs - exchNs;
    if (this.minLocalMinusExchNs !== null && delta >= this.minLocalMinusExchNs) return;
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

  /** A note for the report when drift raised the correction, else null. */
  driftNote(): string | null {
    if (this.raises === 0 || this.shiftNs === this.initialShiftNs) return null;
    return (
      `local clock drift: a message arrived sooner relative to exchange time than any before it, ${this.raises} times; ` +
      `the local_ts correction was raised with it (running minimum of local − exchange time) from ` +
      `${this.initialShiftNs.toLocaleString("en-US")} to ${this.shiftNs.toLocaleString("en-US")} ns, keeping local_ts non-decreasing`
    );
  }
}


