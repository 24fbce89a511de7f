import { DataError } from "../../../core/errors.ts";
import { GridCheck, type RowRef } from "../../gridCheck.ts";
import { EventKind, type EventColumns } from "../../schema.ts";
import { ColumnsBuilder } from "../columnsBuilder.ts";
import type { ImportReport } from "../importer.ts";
import { BboCheck } from "./bboCheck.ts";
import { ClockCorrection, type ClockSample } from "./clockCorrection.ts";
import { ExchClamp } from "./exchClamp.ts";
import { BinanceBookSync, type BookSyncRule } from "./bookSync.ts";
import { requireDecimal, requireInt, requireLevels, type CaptureMessage, type RawLevel, type RawPayload } from "./captureLine.ts";

/** A depth diff waiting in, or passing through, the book sync. */
interface DiffRef {
  data: RawPayload;
  file: string;
  line: number;
  /** Corrected local receive time, epoch ns. */
  localNs: bigint;
  exchNs: bigint;
}

export interface ConverterSettings {
  batchRows: number;
  tickSize: number;
  /** Lot size: sizes off its grid are errors (or snapped); undefined: sizes are not checked. */
  lotSize?: number;
  /** The finer grid the data's sizes lie on, when not the lot's (see GridCheck). */
  sizeGrid?: number;
  /** Round off-grid prices and sizes to the grid (counted in a note) instead of failing. */
  snapToGrid?: boolean;
  rule: BookSyncRule;
  /** Switch to the USD-M rule when a diff carries `pu` before any diff was applied. */
  autoRule: boolean;
  onGap: "fail" | "resync";
  /** Minimum of (local − exchange time) over the capture's first messages, ns (null: no sample). */
  initialMinLocalMinusExchNs: bigint | null;
  /** The head sample's min and median (an outlier-resistant start, see ClockCorrection); else the min stands for both. */
  initialClock?: ClockSample | null;
  report: ImportReport;
  /** Called when the auto-detected rule switches to USD-M. */
  onRuleSwitch?: (rule: BookSyncRule) => void;
  /** Called at each gap (with onGap "resync"): a live feed fetches a fresh snapshot. */
  onGapDetected?: () => void;
  /** Also correct a local clock AHEAD of the exchange (live sessions: exch_ts ≤ local_ts, minimal gap 0). */
  correctClockAhead?: boolean;
}

const NS_PER_MS = 1_000_000n;

/**
 * Turns parsed capture messages into mmlab events (see binanceRaw.ts for the conventions), keeping
 * the book in sync and the report's counts. Full batches collect in `ready` for the caller to
 * hand on after each message.
 */
export class CaptureConverter {
  readonly ready: EventColumns[] = [];
  private readonly out: ColumnsBuilder;
  private readonly sync: BinanceBookSync<DiffRef>;
  private readonly bbo = new BboCheck();
  private readonly clock: ClockCorrection;
  private readonly exch = new ExchClamp();
  private readonly inverseTick: number;
  /** Set while a snapshot replays buffered diffs: their levels become usable only at the snapshot's arrival. */
  private replayLocalNs: bigint | null = null;
  private snapshots = 0;
  private dropped = 0;
  private received = 0;
  private applied = 0;
  /** The capture line whose rows are being pushed, for grid errors. */
  private readonly where: RowRef = { file: "", row: undefined };
  private readonly locate = (): RowRef => this.where;
  private ignored = 0;
  private localBeforeExchRows = 0;

  constructor(private readonly s: ConverterSettings) {
    this.out = new ColumnsBuilder(s.batchRows, new GridCheck(s.tickSize, s.lotSize, s.snapToGrid ?? false, s.sizeGrid), s.report, this.locate);
    this.inverseTick = 1 / s.tickSize;
    this.sync = new BinanceBookSync<DiffRef>({ rule: s.rule, apply: (d) => this.applyDiff(d) });
    const min = s.initialMinLocalMinusExchNs;
    this.clock = new ClockCorrection(s.initialClock ?? (min === null ? null : { minNs: min, medianNs: min }), s.correctClockAhead ?? false);
  }

  /** Converts one capture message (line `line` of `file`). */
  onMessage(m: CaptureMessage, file: string, line: number): void {
    const exchMs = m.type === "diff" ? m.data.E : m.type === "trade" ? m.data.T : undefined;
    if (typeof exchMs === "number" && Number.isSafeInteger(exchMs)) this.clock.observe(m.localNs, BigInt(exchMs) * NS_PER_MS, () => `${file}: line ${line}`);
    const localNs = m.localNs + this.clock.shiftNs;
    this.where.file = file;
    this.where.row = line;
    switch (m.type) {
      case "snapshot":
        return this.onSnapshot(m.data, file, line, localNs);
      case "diff":
        return this.onDiff(m.data, file, line, localNs);
      case "trade":
        return this.onTrade(m.data, file, line, localNs);
      case "bookTicker":
        return this.onTicker(m.data, file, line);
      default:
        this.ignored++;
    }
  }

  /** Rows pushed since the last full batch, as a batch of their own (null when none): a live session's tick. */
  flush(): EventColumns | null {
    return this.out.pending() > 0 ? this.out.take() : null;
  }

  /** True while the book is in sync (between a snapshot and the next gap or reset). */
  get synced(): boolean {
    return this.sync.synced;
  }

  /** What broke the sequence at the last gap, e.g. "expected U=101, got U=105". */
  get lastGapDetail(): string {
    return this.sync.lastGapDetail;
  }

  /** bookTicker checks so far: update ids compared, and how many agreed. */
  bboCounts(): { checked: number; matched: number } {
    return { checked: this.bbo.checked, matched: this.bbo.matched };
  }

  /** The corrected local time (epoch ns) of a raw local receive time, with the correction in force. */
  correctedLocalNs(rawLocalNs: bigint): bigint {
    return rawLocalNs + this.clock.shiftNs;
  }

  /**
   * A session row at raw local time `rawLocalNs` (kinds above the market ones: heartbeats, round
   * trips, controls, records). Its exch_ts is `exchNs` when given (a heartbeat's watermark; kept
   * non-decreasing), else the previous row's.
   */
  sessionRow(rawLocalNs: bigint, kind: number, side: number, price: number, qty: number, orderId = 0, exchNs?: bigint): void {
    const localNs = this.correctedLocalNs(rawLocalNs);
    this.out.push(this.exch.apply(exchNs ?? this.exch.lastOr(localNs), 1), localNs, kind, side, price, qty, BigInt(orderId));
    if (this.out.full()) this.ready.push(this.out.take());
  }

  /**
   * The connection was lost: the book can no longer be trusted. Clears it (so no strategy trades on
   * it) and forgets the sync; the next snapshot starts it again.
   */
  invalidate(rawLocalNs: bigint): void {
    this.sync.reset();
    this.clearBook(this.correctedLocalNs(rawLocalNs));
  }

  /** Ends the import: returns the last partial batch (or null) and writes the report's checks and notes. */
  finish(): EventColumns | null {
    const r = this.s.report;
    r.bboChecked = this.bbo.checked;
    r.bboMatched = this.bbo.matched;
    r.diffsApplied = this.applied;
    // Not applied: covered by a snapshot or an earlier diff, lost to a gap, or still waiting at the end.
    r.diffsDropped = this.received - this.applied;
    if (this.bbo.firstMismatch !== null) r.notes.push(`bookTicker disagreement, first at ${this.bbo.firstMismatch}`);
    const drift = this.clock.driftNote();
    if (drift !== null) r.notes.push(drift);
    const outliers = this.clock.outlierNote();
    if (outliers !== null) r.notes.push(outliers);
    if (this.snapshots === 0) r.notes.push("no depth snapshot in the input: depth diffs could not be applied (no depth events)");
    const clamped = this.exch.note();
    if (clamped !== null) r.notes.push(clamped);
    if (this.localBeforeExchRows > 0) r.notes.push(`local_ts < exch_ts on ${this.localBeforeExchRows} rows after the clock correction`);
    if (this.dropped > 0) r.notes.push(`${this.dropped} depth diffs dropped: already covered by a snapshot or a previous diff`);
    if (this.ignored > 0) r.notes.push(`${this.ignored} messages of other types ignored`);
    if (this.sync.rule === "usdm") r.notes.push("book sync: USD-M futures rule (pu chain)");
    return this.out.pending() > 0 ? this.out.take() : null;
  }

  private onSnapshot(d: RawPayload, file: string, line: number, localNs: bigint): void {
    const id = requireInt(d.lastUpdateId, file, line, "lastUpdateId");
    const bids = requireLevels(d.bids, file, line, "bids");
    const asks = requireLevels(d.asks, file, line, "asks");
    const exchNs = this.exch.apply(localNs, 2 + bids.length + asks.length);
    this.push(exchNs, localNs, EventKind.DEPTH_CLEAR, 1, 0, 0);
    this.push(exchNs, localNs, EventKind.DEPTH_CLEAR, -1, 0, 0);
    this.pushLevels(bids, 1, EventKind.SNAPSHOT, exchNs, localNs, file, line, "bids");
    this.pushLevels(asks, -1, EventKind.SNAPSHOT, exchNs, localNs, file, line, "asks");
    this.checkCrossed();
    this.snapshots++;
    this.replayLocalNs = localNs;
    const outcome = this.sync.onSnapshot(id);
    this.replayLocalNs = null;
    if (outcome === "gap") this.onGap(this.sync.lastGapPayload as DiffRef);
  }

  private onDiff(d: RawPayload, file: string, line: number, localNs: bigint): void {
    const first = requireInt(d.U, file, line, "U");
    const last = requireInt(d.u, file, line, "u");
    const prev = d.pu === undefined ? undefined : requireInt(d.pu, file, line, "pu");
    const exchNs = BigInt(requireInt(d.E, file, line, "E")) * NS_PER_MS;
    requireLevels(d.b, file, line, "b");
    requireLevels(d.a, file, line, "a");
    if (prev !== undefined && this.s.autoRule && this.sync.rule === "spot" && !this.sync.appliedAny) {
      this.switchToUsdm();
    }
    const ref: DiffRef = { data: d, file, line, localNs, exchNs };
    this.received++;
    const outcome = this.sync.onDiff(first, last, prev, ref);
    if (outcome === "dropped") this.dropped++;
    else if (outcome === "gap") this.onGap(ref);
  }

  private onTrade(d: RawPayload, file: string, line: number, localNs: bigint): void {
    const grid = this.out.grid;
    const price = grid.price(requireDecimal(d.p, file, line, "p", true), this.locate, "p");
    const qty = grid.size(requireDecimal(d.q, file, line, "q", true), this.locate, "q");
    const exchNs = this.exch.apply(BigInt(requireInt(d.T, file, line, "T")) * NS_PER_MS, 1);
    if (typeof d.m !== "boolean") throw new DataError(file, line, "m", "expected true or false (buyer is maker)");
    this.push(exchNs, localNs, EventKind.TRADE, d.m ? -1 : 1, price, qty);
  }

  private onTicker(d: RawPayload, file: string, line: number): void {
    const id = requireInt(d.u, file, line, "u");
    const bid = requireDecimal(d.b, file, line, "b", true);
    const ask = requireDecimal(d.a, file, line, "a", true);
    this.bbo.onTicker(id, Math.round(bid * this.inverseTick), Math.round(ask * this.inverseTick));
  }

  /** The sync's `apply`: the diff's levels become DEPTH events, then the book is checked. */
  private applyDiff(ref: DiffRef): void {
    const d = ref.data;
    const bids = d.b as RawLevel[];
    const asks = d.a as RawLevel[];
    const localNs = this.replayLocalNs !== null && this.replayLocalNs > ref.localNs ? this.replayLocalNs : ref.localNs;
    this.applied++;
    this.where.file = ref.file;
    this.where.row = ref.line;
    const exchNs = this.exch.apply(ref.exchNs, bids.length + asks.length);
    this.pushLevels(bids, 1, EventKind.DEPTH, exchNs, localNs, ref.file, ref.line, "b");
    this.pushLevels(asks, -1, EventKind.DEPTH, exchNs, localNs, ref.file, ref.line, "a");
    this.checkCrossed();
    this.bbo.onDiffApplied(d.u as number, this.out.top.bestBidTicks, this.out.top.bestAskTicks);
  }

  private onGap(ref: DiffRef): void {
    const detail = this.sync.lastGapDetail;
    this.s.report.gaps.push({ file: ref.file, line: ref.line, exchTs: ref.exchNs.toString(), detail });
    if (this.s.onGap === "fail") {
      const rule = this.sync.rule === "spot" ? "spot rule: each diff's U must be the previous u + 1" : "USD-M rule: each diff's pu must be the previous u";
      throw new DataError(ref.file, ref.line, this.sync.lastGapField, `depth sequence gap: ${detail} (${rule}; use --on-gap resync to continue from the next snapshot)`);
    }
    // Until the next snapshot the book misses an update: clear it, so nobody trades on a stale book.
    this.clearBook(ref.localNs);
    this.s.onGapDetected?.();
  }

  /** Both sides emptied at `localNs` (corrected). */
  private clearBook(localNs: bigint): void {
    const exchNs = this.exch.apply(this.exch.lastOr(localNs), 2);
    this.push(exchNs, localNs, EventKind.DEPTH_CLEAR, 1, 0, 0);
    this.push(exchNs, localNs, EventKind.DEPTH_CLEAR, -1, 0, 0);
  }

  private switchToUsdm(): void {
    this.sync.setRule("usdm");
    this.s.onRuleSwitch?.("usdm");
  }

  private pushLevels(levels: RawLevel[], side: number, kind: number, exchNs: bigint, localNs: bigint, file: string, line: number, field: string): void {
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i];
      if (!Array.isArray(level)) throw new DataError(file, line, `${field}[${i}]`, "expected a [price, qty] pair");
      const grid = this.out.grid;
      const price = grid.price(requireDecimal(level[0], file, line, `${field}[${i}]`, true), this.locate, `${field}[${i}][0] (price)`);
      const qty = grid.size(requireDecimal(level[1], file, line, `${field}[${i}]`, false), this.locate, `${field}[${i}][1] (qty)`);
      this.push(exchNs, localNs, kind, side, price, qty);
    }
  }

  private push(exchNs: bigint, localNs: bigint, kind: number, side: number, price: number, qty: number): void {
    if (localNs < exchNs) this.localBeforeExchRows++;
    this.out.push(exchNs, localNs, kind, side, price, qty);
    if (this.out.full()) this.ready.push(this.out.take());
  }

  /** The crossed-book check after a whole message (the builder's: the report's one count). */
  private checkCrossed(): void {
    this.out.checkCrossed();
  }
}
