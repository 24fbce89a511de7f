import { Flag, HD_TS_EVENT, UNDEF_TS_WORD } from "./constants.ts";

const TWO_32 = 2 ** 32;

/**
 * The two times of each record, as (high, low) 32-bit words of epoch ns (no BigInt per record):
 *   exch_ts  = ts_event; for a snapshot record (flag 32), its ts_recv, the instant the snapshot
 *              describes (ts_event is when that order was entered, possibly days before); then made
 *              non-decreasing (a record before the previous one gets the previous one's time:
 *              files are ordered by ts_recv, and ts_event can step back);
 *   local_ts = ts_recv, or exch_ts when ts_recv is flagged bad (flag 8) or undefined.
 * Counts what it changed, for the report.
 */
export class RecordTimes {
  exchHi = 0;
  exchLo = 0;
  localHi = 0;
  localLo = 0;
  private lastHi = 0;
  private lastLo = 0;
  /** Records (not from a snapshot) whose ts_recv was flagged bad or undefined: local_ts = exch_ts. */
  badRecv = 0;
  snapshotRecords = 0;
  /** Largest gap between a snapshot record's ts_event and the snapshot time, ns. */
  snapshotMaxAgeNs = 0;
  clamped = 0;
  clampMaxNs = 0;

  /** True when the record at `at` has a ts_event before the last exch_ts written (a file out of order). */
  startsBeforeLast(view: DataView, at: number): boolean {
    const lo = view.getUint32(at + HD_TS_EVENT, true);
    const hi = view.getUint32(at + HD_TS_EVENT + 4, true);
    return hi < this.lastHi || (hi === this.lastHi && lo < this.lastLo);
  }

  /** The last exch_ts written, epoch ns. */
  lastNs(): bigint {
    return (BigInt(this.lastHi) << 32n) | BigInt(this.lastLo);
  }

  /** Reads the times of the record at `at` (ts_recv at `recvOffset` in it). */
  read(view: DataView, at: number, recvOffset: number, flags: number): void {
    let eLo = view.getUint32(at + HD_TS_EVENT, true);
    let eHi = view.getUint32(at + HD_TS_EVENT + 4, true);
    const rLo = view.getUint32(at + recvOffset, true);
    const rHi = view.getUint32(at + recvOffset + 4, true);
    const recvDefined = !(rHi === UNDEF_TS_WORD && rLo === UNDEF_TS_WORD);
    const snapshot = (flags & Flag.SNAPSHOT) !== 0;
    if (snapshot) {
      this.snapshotRecords++;
      if (recvDefined && (rHi > eHi || (rHi === eHi && rLo > eLo))) {
        const age = (rHi - eHi) * TWO_32 + (rLo - eLo);
        if (age > this.snapshotMaxAgeNs) this.snapshotMaxAgeNs = age;
        eHi = rHi;
        eLo = rLo;
      }
    }
    if (eHi < this.lastHi || (eHi === this.lastHi && eLo < this.lastLo)) {
      const shift = (this.lastHi - eHi) * TWO_32 + (this.lastLo - eLo);
      if (shift > this.clampMaxNs) this.clampMaxNs = shift;
      this.clamped++;
      eHi = this.lastHi;
      eLo = this.lastLo;
    }
    this.lastHi = eHi;
    this.lastLo = eLo;
    this.exchHi = eHi;
    this.exchLo = eLo;
    if (snapshot || !recvDefined || (flags & Flag.BAD_TS_RECV) !== 0) {
      if (!snapshot) this.badRecv++;
      this.localHi = eHi;
      this.localLo = eLo;
    } else {
      this.localHi = rHi;
      this.localLo = rLo;
    }
  }
}
