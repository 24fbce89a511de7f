import { DataError, MmlabError } from "../core/errors.ts";
import { CaptureConverter } from "../data/importers/binance/captureConverter.ts";
import type { BookSyncRule } from "../data/importers/binance/bookSync.ts";
import type { CaptureMessage } from "../data/importers/binance/captureLine.ts";
import { emptyReport, type ImportReport } from "../data/importers/importer.ts";
import type { EventColumns } from "../data/schema.ts";
import { SessionKind } from "../data/sessionKinds.ts";
import type { FeedLink, FeedSink } from "./marketFeed.ts";
import { CLOCK_JUMP_MS, ClockJumps } from "./clockJump.ts";
import { SessionRows } from "./sessionRows.ts";

const NS_PER_MS = 1_000_000n;

export interface MarketStreamOptions {
  rule: BookSyncRule;
  tickSize: number;
  /** Rows per batch before a tick hands them on anyway. */
  batchRows: number;
  /** Asks the feed for a fresh depth snapshot (after a gap). */
  requestSnapshot: () => void;
  /** The session starts: the origin (epoch ns) and the rows' writer are known. */
  onStart: (originNs: bigint, rows: SessionRows) => void;
  /** Measured round trips, at engine time. */
  onRoundTrip: (tNs: number, roundTripNs: number) => void;
  log: (line: string) => void;
  /** The wall clock, epoch ns (times a disconnect). */
  nowNs: () => bigint;
  /** Exchange time running ahead of local time by more than this between two messages is a clock jump, ms (default CLOCK_JUMP_MS). */
  clockJumpMs?: number;
}

/**
 * A live feed's messages as one stream of mmlab rows, through the file importer's own converter
 * (book sync, clock correction, bookTicker check):
 *   feed messages ─▶ (held until the first one with an exchange time fixes the clock)
 *                ─▶ CaptureConverter ─▶ rows (+ session rows) ─▶ take() at each tick
 * A gap or a lost connection clears the book until a fresh snapshot: no one trades on a stale book.
 * A jump of the exchange's clock is taken out of its times before the converter sees them
 * (ClockJumps): session time stays on the local clock.
 */
export class MarketStream implements FeedSink {
  readonly report: ImportReport = emptyReport();
  messages = 0;
  malformed = 0;
  resyncs = 0;
  disconnects = 0;
  /** True between a gap or a disconnect and the next snapshot. */
  stale = true;
  /** Jumps of the exchange's clock seen, and taken out of its times. */
  readonly clockJumps: ClockJumps;
  private converter: CaptureConverter | undefined;
  private rows: SessionRows | undefined;
  private held: CaptureMessage[] = [];
  private line = 0;

  constructor(private readonly o: MarketStreamOptions) {
    this.clockJumps = new ClockJumps(o.clockJumpMs ?? CLOCK_JUMP_MS, o.log);
  }

  /** The session's row writer, once the first timed message arrived. */
  get sessionRows(): SessionRows | undefined {
    return this.rows;
  }

  /** Local best bid/ask checks against bookTicker so far. */
  get bbo(): { checked: number; matched: number } {
    return this.converter?.bboCounts() ?? { checked: 0, matched: 0 };
  }

  onMessage(received: CaptureMessage): void {
    this.messages++;
    this.line++;
    const message = this.clockJumps.apply(received);
    if (this.converter === undefined) {
      this.held.push(message);
      const exchMs = message.type === "diff" ? message.data.E : message.type === "trade" ? message.data.T : undefined;
      if (typeof exchMs === "number" && Number.isSafeInteger(exchMs)) this.begin(message.localNs - BigInt(exchMs) * NS_PER_MS);
      return;
    }
    this.convert(message);
  }

  onMalformed(detail: string, _raw: string): void {
    this.messages++;
    this.line++;
    this.malformed++;
    this.o.log(`malformed message ignored: ${detail}`);
  }

  onConnected(reconnect: boolean, link: FeedLink): void {
    this.clockJumps.reset();
    this.o.log(`${link.name}: ${reconnect ? "reconnected" : "connected"}${link.carriesDepth ? "; waiting for a depth snapshot" : ""}`);
  }

  onDisconnected(reason: string, link: FeedLink): void {
    this.disconnects++;
    this.clockJumps.reset();
    if (!link.carriesDepth) {
      this.o.log(`${link.name}: disconnected (${reason})`);
      return;
    }
    this.stale = true;
    this.o.log(`${link.name}: disconnected (${reason}); the book is cleared until a fresh snapshot`);
    this.converter?.invalidate(this.o.nowNs());
  }

  onRoundTrip(rttNs: number, localNs: bigint): void {
    if (this.rows === undefined) return; // before the origin: nothing to time it against
    this.o.onRoundTrip(this.rows.roundTrip(localNs, rttNs), rttNs);
  }

  log(message: string): void {
    this.o.log(message);
  }

  /** Rows converted since the last call, as batches (full ones first, then the partial one). */
  take(): EventColumns[] {
    const c = this.converter;
    if (c === undefined) return [];
    const out = c.ready.splice(0, c.ready.length);
    const rest = c.flush();
    if (rest !== null) out.push(rest);
    return out;
  }

  /** The first message with an exchange time fixes the clock correction and the origin. */
  private begin(minLocalMinusExchNs: bigint): void {
    const converter = new CaptureConverter({
      batchRows: this.o.batchRows,
      tickSize: this.o.tickSize,
      rule: this.o.rule,
      autoRule: false,
      onGap: "resync",
      initialMinLocalMinusExchNs: minLocalMinusExchNs,
      report: this.report,
      correctClockAhead: true,
      onGapDetected: () => {
        this.stale = true;
        this.resyncs++;
        this.o.log(`gap in the depth stream (${converter.lastGapDetail}): book cleared, fetching a fresh snapshot`);
        this.o.requestSnapshot();
      },
    });
    this.converter = converter;
    const held = this.held;
    this.held = [];
    const originNs = converter.correctedLocalNs(held[0].localNs);
    this.rows = new SessionRows(converter, originNs, this.o.tickSize);
    // The first row is the origin: a replay's time 0 is the same instant.
    converter.sessionRow(held[0].localNs, SessionKind.HEARTBEAT, 0, 0, 0, 0, originNs);
    this.o.onStart(originNs, this.rows);
    for (const m of held) this.convert(m);
  }

  private convert(m: CaptureMessage): void {
    const converter = this.converter!;
    try {
      converter.onMessage(m, "live", this.line);
    } catch (e) {
      if (!(e instanceof DataError)) throw e instanceof Error ? e : new MmlabError(String(e));
      this.malformed++;
      this.o.log(`malformed message ignored: ${e.message}`);
      return;
    }
    if (m.type === "snapshot") {
      this.stale = !converter.synced;
      if (!this.stale) this.o.log("book synced from a snapshot");
    }
  }
}
