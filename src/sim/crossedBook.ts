import { DataError } from "../core/errors.ts";

/** What the exchange side does with a crossed book (config `sim.on_crossed`). */
export type OnCrossed = "fail" | "skip";
/**
 * The rule a SimExchange is built with: the config's, or "allow" — no rule, a crossed book is
 * replayed and matched like any other (for tests that compare the exchange with a plain replay of
 * random books).
 */
export type CrossedRule = OnCrossed | "allow";

/** A crossed book the exchange side met: where it crossed and the best prices (ticks). */
export interface CrossedAt {
  /** 0-based row of the data that left the book crossed. */
  row: number;
  /** Its exchange time, ns since the data origin. */
  exchTsNs: number;
  bidTicks: number;
  askTicks: number;
}

/** What a run met of crossed books (runlog.json `crossedBook`, with `sim.on_crossed: skip`). */
export interface CrossedBookStats {
  onCrossed: CrossedRule;
  /** Times the book stayed crossed past the end of a timestamp (an episode until it uncrossed). */
  episodes: number;
  /** Rows applied while crossed (during which nothing of ours was matched). */
  rows: number;
  /** Data time spent crossed, seconds. */
  seconds: number;
  /** The first episode: the row that crossed the book, its time (ns since the data origin), and the best prices then. */
  first: { row: number; exchTsNs: number; bid: number; ask: number } | null;
}

/**
 * The crossed-book rule of the exchange side. A book is judged, as convert and verify judge it,
 * once all rows of one exchange timestamp are applied: within a message a level may cross the
 * other side for an instant before the row that removes the other side's level. A row after which
 * the book is crossed opens a watch; at the next timestamp (or the end of the data) the book is
 * judged. Still crossed: with "fail" that is an error naming the row that crossed it and the best
 * prices; with "skip" an episode starts, counted until a later timestamp finds the book uncrossed.
 * While a watch is open the exchange applies rows one by one (the book's tight loop only runs
 * while the book is not crossed), so this costs nothing on a clean file.
 */
export class CrossedBookWatch {
  /** A watch is open: the book was crossed after a row of the timestamp `watchTsNs`, or is in an episode. */
  watching = false;
  /** In an episode (skip): the book stayed crossed past a timestamp. */
  inEpisode = false;
  private watchTsNs = NaN;
  private crossedAt: CrossedAt | null = null;
  private episodeStartNs = 0;
  private episodes = 0;
  private rows = 0;
  private totalNs = 0;
  private first: CrossedAt | null = null;

  /**
   * @param source names the data in errors (its path).
   * @param tickSize turns ticks into prices for the error.
   */
  constructor(
    readonly onCrossed: CrossedRule,
    private readonly source: string,
    private readonly tickSize: number,
  ) {}

  /**
   * After `row` (exchange time `tNs`) was applied: whether the book is crossed now, and its best
   * prices. A crossed book opens the watch over this timestamp and remembers the row that crossed it.
   */
  afterRow(row: number, tNs: number, crossed: boolean, bidTicks: number, askTicks: number): void {
    if (this.onCrossed === "allow") return;
    if (!crossed) {
      this.crossedAt = null;
      return;
    }
    if (!this.watching) {
      this.watching = true;
      this.watchTsNs = tNs;
    }
    this.crossedAt ??= { row, exchTsNs: tNs, bidTicks, askTicks };
  }

  /**
   * A row at exchange time `tNs` is next (NaN: the data ended). When it opens a new timestamp, the
   * book is judged as it stands (`crossed`, best prices). Returns whether the watch stays open.
   */
  beforeRow(tNs: number, crossed: boolean, bidTicks: number, askTicks: number): boolean {
    if (tNs === this.watchTsNs) {
      if (this.inEpisode) this.rows++;
      return true;
    }
    if (crossed) {
      const at = this.crossedAt ?? { row: -1, exchTsNs: this.watchTsNs, bidTicks, askTicks };
      if (this.onCrossed === "fail") throw this.error(at, bidTicks, askTicks);
      if (!this.inEpisode) {
        this.inEpisode = true;
        this.episodes++;
        this.episodeStartNs = at.exchTsNs;
        this.first ??= { ...at, bidTicks, askTicks };
      }
      this.crossedAt = null;
      if (!Number.isNaN(tNs)) {
        this.watchTsNs = tNs;
        this.rows++;
      }
      return true;
    }
    if (this.inEpisode) {
      // Uncrossed by a row of the last timestamp: the episode lasted until then.
      this.totalNs += this.watchTsNs - this.episodeStartNs;
      this.inEpisode = false;
    }
    this.watching = false;
    this.crossedAt = null;
    this.watchTsNs = NaN;
    return false;
  }

  /** The data ended at exchange time `lastNs`: judges an open watch, closes an episode. */
  end(lastNs: number, crossed: boolean, bidTicks: number, askTicks: number): void {
    if (!this.watching) return;
    this.beforeRow(NaN, crossed, bidTicks, askTicks);
    if (this.inEpisode) {
      this.totalNs += lastNs - this.episodeStartNs;
      this.inEpisode = false;
    }
    this.watching = false;
  }

  /** What the run met (for the run log). */
  stats(): CrossedBookStats {
    const f = this.first;
    const price = (ticks: number): number => Number(formatTicks(ticks, this.tickSize));
    const first = f === null ? null : { row: f.row, exchTsNs: f.exchTsNs, bid: price(f.bidTicks), ask: price(f.askTicks) };
    return { onCrossed: this.onCrossed, episodes: this.episodes, rows: this.rows, seconds: this.totalNs / 1e9, first };
  }

  private error(at: CrossedAt, bidTicks: number, askTicks: number): DataError {
    const price = (ticks: number): string => formatTicks(ticks, this.tickSize);
    const when = `${(at.exchTsNs / 1e9).toFixed(3)} s into the data`;
    return new DataError(
      this.source,
      at.row < 0 ? undefined : at.row,
      "price",
      `the book is crossed after the rows of this exchange time (${when}): best bid ${price(bidTicks)} ≥ best ask ${price(askTicks)}; ` +
        "a crossed book would fill our orders against prices nobody quoted: fix the data, or pass --on-crossed skip (sim.on_crossed) to run on without matching our orders while it is crossed",
    );
  }
}

/** A price of `ticks` ticks as a decimal (the tick's decimals). */
export function formatTicks(ticks: number, tickSize: number): string {
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(tickSize) - 1e-9)));
  return (ticks * tickSize).toFixed(decimals);
}
