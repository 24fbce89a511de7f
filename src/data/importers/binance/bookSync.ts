/**
 * Binance order-book synchronisation (diff stream + REST snapshot), as a pure state machine: no
 * I/O, no book. The caller applies the levels itself: it passes each diff's ids with an opaque
 * payload `T`, and the `apply` callback receives the payloads to apply, in order.
 *
 * Rules (Binance API docs):
 * - spot: drop diffs with u <= lastUpdateId; the first applied diff has U <= lastUpdateId+1 <= u;
 *   afterwards each diff has U == previous u + 1.
 * - usdm (USD-M futures): drop diffs with u < lastUpdateId; the first applied diff has
 *   U <= lastUpdateId <= u; afterwards each diff's pu == previous u (a diff without pu falls back
 *   to the spot continuity check).
 *
 * The last `bufferSize` diffs are kept in a ring (preallocated slots, no per-diff allocation), in
 * sync or not: a snapshot replays the retained diffs that come after it. So diffs received before
 * the snapshot (its id usually falls inside one of them) are not lost, and a snapshot arriving
 * mid-stream (a resync) rebuilds on top of the snapshot. After a gap the sync waits for a new
 * snapshot: later diffs are "buffered" until `onSnapshot`.
 */

export type BookSyncRule = "spot" | "usdm";
export type DiffOutcome = "buffered" | "dropped" | "applied" | "gap";
export type SnapshotOutcome = "synced" | "gap";

export interface BookSyncOptions<T> {
  rule: BookSyncRule;
  /** Receives every diff to apply, in order: live ones from onDiff and replayed ones from onSnapshot. */
  apply?: (payload: T, firstUpdateId: number, lastUpdateId: number) => void;
  /** Diffs retained for replay when a snapshot arrives (default 256). */
  bufferSize?: number;
}

interface Slot<T> {
  first: number;
  last: number;
  /** pu, or NaN when the diff has none. */
  prev: number;
  payload: T | undefined;
}

const NONE = -1;

/** Binance spot / USD-M book sync: decides, diff by diff, whether to buffer, drop, apply or report a gap. */
export class BinanceBookSync<T = unknown> {
  private ruleName: BookSyncRule;
  private readonly apply: (payload: T, firstUpdateId: number, lastUpdateId: number) => void;
  private readonly ring: Slot<T>[];
  private ringStart = 0;
  private ringLength = 0;
  private snapshotId = NONE;
  private lastApplied = NONE;
  private hasSnapshot = false;
  private everApplied = false;
  private gapField: "U" | "pu" = "U";
  private gapText = "";
  private gapPayloadRef: T | undefined;

  constructor(options: BookSyncOptions<T>) {
    this.ruleName = options.rule;
    this.apply = options.apply ?? (() => {});
    const size = options.bufferSize ?? 256;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`bufferSize must be a positive integer, got ${size}`);
    this.ring = Array.from({ length: size }, () => ({ first: 0, last: 0, prev: NaN, payload: undefined }));
  }

  /** The sync rule in force. */
  get rule(): BookSyncRule {
    return this.ruleName;
  }

  /** Switches the rule (e.g. to "usdm" when a diff carries `pu`); only before any diff was applied. */
  setRule(rule: BookSyncRule): void {
    if (rule === this.ruleName) return;
    if (this.everApplied) throw new Error(`BinanceBookSync: cannot switch rule to ${rule} after diffs were applied`);
    this.ruleName = rule;
  }

  /** True between a snapshot and the next gap (diffs are checked and applied). */
  get synced(): boolean {
    return this.hasSnapshot;
  }

  /** The `u` of the last applied diff since the last snapshot, or −1. */
  get lastAppliedUpdateId(): number {
    return this.lastApplied;
  }

  /** True once any diff was applied (the rule can no longer change). */
  get appliedAny(): boolean {
    return this.everApplied;
  }

  /** The last snapshot's lastUpdateId, or −1. */
  get snapshotUpdateId(): number {
    return this.snapshotId;
  }

  /** The field that broke the rule at the last gap: "U" or "pu". */
  get lastGapField(): "U" | "pu" {
    return this.gapField;
  }

  /** Human-readable description of the last gap, e.g. "expected U=101, got U=105". */
  get lastGapDetail(): string {
    return this.gapText;
  }

  /** The payload of the diff at which the last gap was found. */
  get lastGapPayload(): T | undefined {
    return this.gapPayloadRef;
  }

  /**
   * A depth diff arrived (`pu` undefined on spot). Applies it through `apply` when it continues the
   * book; before any snapshot, or after a gap, it is buffered for the next snapshot.
   */
  onDiff(firstUpdateId: number, lastUpdateId: number, prevUpdateId: number | undefined, payload: T): DiffOutcome {
    this.store(firstUpdateId, lastUpdateId, prevUpdateId ?? NaN, payload);
    if (!this.hasSnapshot) return "buffered";
    return this.process(firstUpdateId, lastUpdateId, prevUpdateId ?? NaN, payload);
  }

  /**
   * A REST snapshot with `lastUpdateId` was applied by the caller (levels replaced). Replays the
   * retained diffs that follow it; "gap" when the first of them does not straddle the snapshot.
   */
  onSnapshot(lastUpdateId: number): SnapshotOutcome {
    this.snapshotId = lastUpdateId;
    this.lastApplied = NONE;
    this.hasSnapshot = true;
    const n = this.ring.length;
    for (let k = 0; k < this.ringLength; k++) {
      const s = this.ring[(this.ringStart + k) % n];
      if (this.process(s.first, s.last, s.prev, s.payload as T) === "gap") return "gap";
    }
    return "synced";
  }

  /** Forgets the snapshot and every retained diff (e.g. after a reconnect). */
  reset(): void {
    for (const s of this.ring) s.payload = undefined;
    this.ringStart = 0;
    this.ringLength = 0;
    this.snapshotId = NONE;
    this.lastApplied = NONE;
    this.hasSnapshot = false;
  }

  private process(first: number, last: number, prev: number, payload: T): DiffOutcome {
    const spot = this.ruleName === "spot";
    if (this.lastApplied === NONE) {
      const s = this.snapshotId;
      if (spot ? last <= s : last < s) return "dropped";
      const straddles = spot ? first <= s + 1 && s + 1 <= last : first <= s && s <= last;
      if (!straddles) {
        const id = spot ? s + 1 : s;
        return this.gap("U", `expected U <= ${id} <= u after snapshot ${s}, got U=${first}, u=${last}`, payload);
      }
    } else {
      if (last <= this.lastApplied) return "dropped";
      if (!spot && !Number.isNaN(prev)) {
        if (prev !== this.lastApplied) return this.gap("pu", `expected pu=${this.lastApplied}, got pu=${prev}`, payload);
      } else if (first !== this.lastApplied + 1) {
        return this.gap("U", `expected U=${this.lastApplied + 1}, got U=${first}`, payload);
      }
    }
    this.lastApplied = last;
    this.everApplied = true;
    this.apply(payload, first, last);
    return "applied";
  }

  private gap(field: "U" | "pu", detail: string, payload: T): "gap" {
    this.gapField = field;
    this.gapText = detail;
    this.gapPayloadRef = payload;
    this.hasSnapshot = false;
    this.lastApplied = NONE;
    return "gap";
  }

  private store(first: number, last: number, prev: number, payload: T): void {
    const n = this.ring.length;
    let s: Slot<T>;
    if (this.ringLength < n) s = this.ring[(this.ringStart + this.ringLength++) % n];
    else {
      s = this.ring[this.ringStart];
      this.ringStart = (this.ringStart + 1) % n;
    }
    s.first = first;
    s.last = last;
    s.prev = prev;
    s.payload = payload;
  }
}
