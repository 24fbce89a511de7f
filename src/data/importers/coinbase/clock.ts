/**
 * The capture host's clock against the exchange's. offset = min of (local − exchange time) over
 * l2update and match messages: the fastest message is taken to have had zero latency. When the
 * offset is negative (local behind), −offset is added to every local time, so that nothing is
 * received before it happened. The minimum keeps running: a later message that arrives sooner
 * relative to its exchange time raises the correction (causal; corrected local times stay in order).
 * A positive offset (local ahead) is left alone.
 */
export class ClockCorrection {
  /** ns added to local times. */
  private addNs: bigint;
  private readonly initialNs: bigint;

  /** `headMinNs`: min of local − exchange time over the head of the capture (null: no sample). */
  constructor(
    headMinNs: bigint | null,
    private readonly samples: number,
  ) {
    this.addNs = headMinNs !== null && headMinNs < 0n ? -headMinNs : 0n;
    this.initialNs = this.addNs;
  }

  /** Takes one message's receive and exchange times into the running minimum. */
  observe(localNs: bigint, exchNs: bigint): void {
    const lead = localNs + this.addNs - exchNs;
    if (lead < 0n) this.addNs -= lead;
  }

  /** A receive time, corrected. */
  apply(localNs: bigint): bigint {
    return localNs + this.addNs;
  }

  /** What was done, for the report. */
  notes(): string[] {
    const out: string[] = [];
    const ms = (ns: bigint): string => (Number(ns) / 1e6).toFixed(3);
    if (this.initialNs > 0n) {
      out.push(
        `local clock ${ms(this.initialNs)} ms behind the exchange: added ${this.initialNs.toLocaleString("en-US")} ns to local_ts ` +
          `(−min of local − exchange time over the first ${this.samples} l2update/match messages)`,
      );
    }
    if (this.addNs > this.initialNs) out.push(`later messages raised the local clock correction to ${ms(this.addNs)} ms (the local clock drifts)`);
    return out;
  }
}
