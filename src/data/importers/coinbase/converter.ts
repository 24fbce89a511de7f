import { DataError } from "../../../core/errors.ts";
import { LevelBook } from "../../../book/levelBook.ts";
import { EventKind } from "../../schema.ts";
import type { EventSink, FieldParser, TickGrid } from "../csv.ts";
import type { ImportReport } from "../importer.ts";
import { arrayOf, decimalText, messageTimeNs, sideOf, type CoinbaseMessage } from "./message.ts";
import { TickerCheck } from "./tickerCheck.ts";

/** Largest price in ticks the engine holds (int32). */
const MAX_TICKS = 0x7fffffff;

/** One price level of a snapshot, checked. */
interface Level {
  side: 1 | -1;
  price: number;
  size: number;
}

/** A snapshot whose rows wait for their time (see CoinbaseConverter). */
interface PendingSnapshot {
  levels: Level[];
  localNs: bigint | undefined;
  file: string;
  line: number;
}

/**
 * Turns one product's Coinbase messages into events:
 * - snapshot → DEPTH_CLEAR (both sides), then one SNAPSHOT row per level. A snapshot carries no
 *   time: its exch_ts is the time of the product's next l2update (the book it describes precedes
 *   that update), or its receive time when that is earlier; its rows wait until then.
 * - l2update → one DEPTH row per change (`[side, price, size]`, size = the level's new size, "0"
 *   deletes), exch_ts = `time`.
 * - match / last_match → TRADE. Coinbase's `side` is the MAKER's (the resting order's) side, so
 *   the aggressor, the event's side, is the opposite: side "sell" (a resting sell was hit) → +1.
 * - ticker → no event: checked against the rebuilt book (TickerCheck).
 * local_ts = the receive time (corrected), or exch_ts for plain JSON lines. Rows keep their
 * arrival order; an exch_ts earlier than the row before it is raised to that row's (counted).
 */
export class CoinbaseConverter {
  /** The book in ticks, for the ticker check. */
  private readonly book = new LevelBook();
  private readonly tickers: TickerCheck;
  private pending: PendingSnapshot | undefined;
  private synced = false;
  private partial = false;
  private lastExchNs: bigint | undefined;
  private raised = 0;
  private maxRaiseNs = 0n;
  private readonly trades = { match: 0, last_match: 0 };
  private readonly ignored = new Map<string, number>();
  /** Book levels beyond the engine's 2^31 ticks, dropped, and the first of them. */
  private farLevels = 0;
  private firstFar = "";

  constructor(
    private readonly sink: EventSink,
    private readonly grid: TickGrid,
    private readonly fields: FieldParser,
  ) {
    this.tickers = new TickerCheck(grid.tickSize, fields);
  }

  /** A new connection began (a capture header): the next ticker is a subscribe one. */
  connect(): void {
    this.tickers.connect();
  }

  /** One message of the product; `localNs`: its receive time (corrected), undefined for plain JSON lines. */
  message(m: CoinbaseMessage, localNs: bigint | undefined): void {
    switch (m.type) {
      case "snapshot":
        return this.snapshot(m, localNs);
      case "l2update":
        return this.update(m, localNs);
      case "match":
      case "last_match":
        return this.trade(m, m.type, localNs);
      case "ticker":
        return this.tickers.check(m, this.book, this.synced);
      default: {
        const type = typeof m.type === "string" ? m.type : "(no type)";
        this.ignored.set(type, (this.ignored.get(type) ?? 0) + 1);
      }
    }
  }

  /** After the last message: the rows still waiting, and the report's notes. */
  finish(report: ImportReport): void {
    if (this.pending !== undefined) this.flush(undefined);
    this.tickers.report(report);
    const { match, last_match } = this.trades;
    if (match + last_match > 0) {
      report.notes.push(`${count(match + last_match, "trade")} (${match} match, ${last_match} last_match): side = the aggressor, the opposite of Coinbase's maker side`);
    }
    if (this.partial) report.notes.push("the data does not start with a snapshot: the book is partial until the first one");
    if (this.raised > 0) {
      report.notes.push(`${count(this.raised, "message")} had an exch_ts earlier than the row before them (e.g. last_match, the last trade before subscribing): raised to keep time order, largest shift ${(Number(this.maxRaiseNs) / 1e6).toFixed(3)} ms`);
    }
    if (this.farLevels > 0) {
      report.notes.push(`${count(this.farLevels, "book level")} priced beyond 2^31 ticks of ${this.grid.tickSize} dropped (the engine's prices are 32-bit tick counts; such levels are far from any market), the first ${this.firstFar}`);
    }
    if (this.ignored.size > 0) report.notes.push(`messages of other types ignored: ${[...this.ignored].map(([t, n]) => `${t} ${n}`).join(", ")}`);
  }

  private snapshot(m: CoinbaseMessage, localNs: bigint | undefined): void {
    if (this.pending !== undefined) this.flush(undefined);
    const levels: Level[] = [];
    this.levels(arrayOf(this.fields, m.bids, "bids"), "bids", 1, levels);
    this.levels(arrayOf(this.fields, m.asks, "asks"), "asks", -1, levels);
    this.book.apply(EventKind.DEPTH_CLEAR, 0, 0, 0);
    for (const l of levels) this.book.apply(EventKind.SNAPSHOT, l.side, this.ticks(l.price), l.size);
    this.pending = { levels, localNs, file: this.fields.file, line: this.fields.row };
    this.synced = true;
  }

  private update(m: CoinbaseMessage, localNs: bigint | undefined): void {
    const timeNs = messageTimeNs(this.fields, m);
    const changes = arrayOf(this.fields, m.changes, "changes")
      .map((c, i) => this.change(c, i))
      .filter((c) => c !== undefined);
    if (this.pending !== undefined) this.flush(timeNs);
    else if (!this.synced) this.partial = true;
    const exch = this.ordered(timeNs);
    const local = localNs ?? exch;
    for (const c of changes) {
      this.sink.emit(exch, local, EventKind.DEPTH, c.side, c.price, c.size);
      this.book.apply(EventKind.DEPTH, c.side, this.ticks(c.price), c.size);
    }
    this.sink.endMessage();
  }

  private trade(m: CoinbaseMessage, type: "match" | "last_match", localNs: bigint | undefined): void {
    const makerSide = sideOf(this.fields, m.side, "side");
    const price = this.grid.price(decimalText(this.fields, m.price, "price"), "price");
    const size = this.size(decimalText(this.fields, m.size, "size"), "size");
    const exch = this.ordered(messageTimeNs(this.fields, m));
    this.sink.emit(exch, localNs ?? exch, EventKind.TRADE, -makerSide, price, size);
    this.trades[type]++;
  }

  /** Emits the waiting snapshot at the earlier of its receive time and `nextNs` (the next l2update's time). */
  private flush(nextNs: bigint | undefined): void {
    const p = this.pending!;
    this.pending = undefined;
    const at = p.localNs === undefined || (nextNs !== undefined && nextNs < p.localNs) ? nextNs : p.localNs;
    if (at === undefined) {
      throw new DataError(p.file, p.line, undefined, "a snapshot with no later l2update of its product: plain JSON lines carry no receive time, so its time is unknown");
    }
    // Grid errors of its rows name the snapshot's line, not the line that released it.
    const { file, row } = this.fields;
    this.fields.file = p.file;
    this.fields.row = p.line;
    const exch = this.ordered(at);
    const local = p.localNs ?? exch;
    this.sink.emit(exch, local, EventKind.DEPTH_CLEAR, 1, 0, 0);
    this.sink.emit(exch, local, EventKind.DEPTH_CLEAR, -1, 0, 0);
    for (const l of p.levels) this.sink.emit(exch, local, EventKind.SNAPSHOT, l.side, l.price, l.size);
    this.sink.endMessage();
    this.fields.file = file;
    this.fields.row = row;
  }

  /** `timeNs`, or the previous row's exch_ts when it is earlier (rows keep their arrival order). */
  private ordered(timeNs: bigint): bigint {
    const last = this.lastExchNs;
    if (last !== undefined && timeNs < last) {
      this.raised++;
      if (last - timeNs > this.maxRaiseNs) this.maxRaiseNs = last - timeNs;
      return last;
    }
    this.lastExchNs = timeNs;
    return timeNs;
  }

  private levels(list: unknown[], name: string, side: 1 | -1, out: Level[]): void {
    list.forEach((l, i) => {
      if (!Array.isArray(l) || l.length < 2) this.fields.fail(`${name}[${i}]`, "a level must be [price, size]");
      const size = this.size(decimalText(this.fields, l[1], `${name}[${i}][1] (size)`), `${name}[${i}][1] (size)`);
      const price = this.levelPrice(decimalText(this.fields, l[0], `${name}[${i}][0] (price)`), `${name}[${i}][0] (price)`);
      if (size > 0 && price !== undefined) out.push({ side, price, size });
    });
  }

  /** One change, or undefined when its price is beyond the engine's tick range (dropped, counted). */
  private change(c: unknown, i: number): Level | undefined {
    const at = `changes[${i}]`;
    if (!Array.isArray(c) || c.length < 3) this.fields.fail(at, "a change must be [side, price, size]");
    const side = sideOf(this.fields, c[0], `${at}[0] (side)`);
    const price = this.levelPrice(decimalText(this.fields, c[1], `${at}[1] (price)`), `${at}[1] (price)`);
    const size = this.size(decimalText(this.fields, c[2], `${at}[2] (size)`), `${at}[2] (size)`);
    return price === undefined ? undefined : { side, price, size };
  }

  /**
   * A book level's price on the tick grid, or undefined for a price beyond 2^31 ticks (some books
   * hold joke orders, e.g. an ask at 999999 for a coin at 0.79): the engine cannot hold it, and a
   * level that far from the market never matters to a market maker, so it is dropped and counted.
   */
  private levelPrice(text: string, field: string): number | undefined {
    const value = this.fields.number(text, field);
    if (!(value / this.grid.tickSize > MAX_TICKS)) return this.grid.price(text, field);
    if (this.farLevels++ === 0) this.firstFar = `${this.fields.file}: line ${this.fields.row}: ${field} ${text}`;
    return undefined;
  }

  /** A size ≥ 0 on the lot grid, checked here so that an error names this line and field. */
  private size(text: string, field: string): number {
    const fields = this.fields;
    return this.grid.check.size(fields.nonNegative(text, field), () => ({ file: fields.file, row: fields.row }), field);
  }

  private ticks(price: number): number {
    return Math.round(price / this.grid.tickSize);
  }
}

/** `n thing` or `n things`. */
function count(n: number, thing: string): string {
  return `${n.toLocaleString("en-US")} ${thing}${n === 1 ? "" : "s"}`;
}
