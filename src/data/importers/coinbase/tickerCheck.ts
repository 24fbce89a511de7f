import type { LevelBook } from "../../../book/levelBook.ts";
import type { FieldParser } from "../csv.ts";
import type { ImportReport } from "../importer.ts";
import type { CoinbaseMessage } from "./message.ts";

/** Mismatches described in the report, at most. */
const MISMATCHES_SHOWN = 5;

/**
 * The ground truth of a Coinbase capture: each `ticker` carries the exchange's best bid and ask
 * right after a trade, and the rebuilt book must show the same at the ticker's arrival. The first
 * ticker of a connection is sent on subscribe and describes the last trade, however old (its best
 * prices can be stale): it is counted apart, not checked.
 */
export class TickerCheck {
  private firstOfConnection = true;
  private checked = 0;
  private matched = 0;
  private subscribeTickers = 0;
  private beforeBook = 0;
  private incomplete = 0;
  private readonly mismatches: string[] = [];

  constructor(
    private readonly tickSize: number,
    private readonly fields: FieldParser,
  ) {}

  /** A new connection: its first ticker is the subscribe one. */
  connect(): void {
    this.firstOfConnection = true;
  }

  /** Checks one ticker against the book as rebuilt so far (`synced`: a snapshot has been applied). */
  check(m: CoinbaseMessage, book: LevelBook, synced: boolean): void {
    if (this.firstOfConnection) {
      this.firstOfConnection = false;
      this.subscribeTickers++;
      return;
    }
    if (!synced) {
      this.beforeBook++;
      return;
    }
    const bid = typeof m.best_bid === "string" ? Number(m.best_bid) : NaN;
    const ask = typeof m.best_ask === "string" ? Number(m.best_ask) : NaN;
    if (!(bid > 0 && ask > 0)) {
      this.incomplete++;
      return;
    }
    this.checked++;
    const bookBid = book.bestBid();
    const bookAsk = book.bestAsk();
    if (Math.round(bid / this.tickSize) === bookBid && Math.round(ask / this.tickSize) === bookAsk) {
      this.matched++;
    } else if (this.mismatches.length < MISMATCHES_SHOWN) {
      const px = (ticks: number): string => (Number.isNaN(ticks) ? "none" : String(Number((ticks * this.tickSize).toPrecision(12))));
      this.mismatches.push(`${this.fields.file}: line ${this.fields.row}: ticker best ${m.best_bid}/${m.best_ask}, rebuilt ${px(bookBid)}/${px(bookAsk)}`);
    }
  }

  /** Puts the counts into the report (bboChecked / bboMatched) and its notes; nothing when no ticker came. */
  report(report: ImportReport): void {
    const seen = this.checked + this.subscribeTickers + this.beforeBook + this.incomplete;
    if (seen === 0) return;
    report.bboChecked = this.checked;
    report.bboMatched = this.matched;
    const skipped = [`${this.subscribeTickers} sent on subscribe (the last trade's, can be stale)`];
    if (this.beforeBook > 0) skipped.push(`${this.beforeBook} before the first snapshot`);
    if (this.incomplete > 0) skipped.push(`${this.incomplete} without best_bid/best_ask`);
    report.notes.push(
      `ticker check (rebuilt best bid/ask against each ticker's best_bid/best_ask at its arrival): ${this.matched} of ${this.checked} match; not checked: ${skipped.join(", ")}`,
    );
    for (const m of this.mismatches) report.notes.push(`ticker mismatch: ${m}`);
    if (this.checked - this.matched > this.mismatches.length) report.notes.push(`… ${this.checked - this.matched - this.mismatches.length} more ticker mismatches`);
  }
}
