/**
 * Checks a rebuilt book against Binance `bookTicker` messages. The two streams interleave, so a
 * bookTicker may arrive before or after the diff with the same update id: both sides are kept in
 * small bounded maps (update id → best bid/ask ticks) until their partner arrives. Only ids equal
 * to a diff's last id `u` can be compared; ids strictly inside a diff's [U, u] range were
 * aggregated away and are skipped.
 */
export class BboCheck {
  /** Update ids compared, and how many agreed on both best bid and best ask. */
  checked = 0;
  matched = 0;
  /** The first disagreement, for the report. */
  firstMismatch: string | null = null;
  private readonly diffBid = new Map<number, number>();
  private readonly diffAsk = new Map<number, number>();
  private readonly tickerBid = new Map<number, number>();
  private readonly tickerAsk = new Map<number, number>();
  private lastDiffId = -1;

  /** `capacity`: entries kept per side while waiting for a partner. */
  constructor(private readonly capacity = 4096) {}

  /** A diff with last update id `u` was applied; the book's best prices are now these ticks. */
  onDiffApplied(u: number, bestBidTicks: number, bestAskTicks: number): void {
    this.lastDiffId = u;
    // tickers with smaller ids can no longer meet a diff (diff ids increase): forget them
    for (const id of this.tickerBid.keys()) {
      if (id >= u) break;
      this.tickerBid.delete(id);
      this.tickerAsk.delete(id);
    }
    const bid = this.tickerBid.get(u);
    if (bid !== undefined) {
      this.compare(u, bestBidTicks, bestAskTicks, bid, this.tickerAsk.get(u) as number);
      this.tickerBid.delete(u);
      this.tickerAsk.delete(u);
      return;
    }
    put(this.diffBid, this.diffAsk, u, bestBidTicks, bestAskTicks, this.capacity);
  }

  /** A bookTicker with update id `u` and these best prices (ticks) arrived. */
  onTicker(u: number, bidTicks: number, askTicks: number): void {
    const bid = this.diffBid.get(u);
    if (bid !== undefined) {
      this.compare(u, bid, this.diffAsk.get(u) as number, bidTicks, askTicks);
      this.diffBid.delete(u);
      this.diffAsk.delete(u);
    } else if (u > this.lastDiffId) {
      put(this.tickerBid, this.tickerAsk, u, bidTicks, askTicks, this.capacity);
    }
  }

  private compare(u: number, bookBid: number, bookAsk: number, tickerBid: number, tickerAsk: number): void {
    this.checked++;
    if (bookBid === tickerBid && bookAsk === tickerAsk) this.matched++;
    else if (this.firstMismatch === null) {
      this.firstMismatch = `update id ${u}: book best ${bookBid}/${bookAsk} ticks, bookTicker ${tickerBid}/${tickerAsk}`;
    }
  }
}

function put(bids: Map<number, number>, asks: Map<number, number>, id: number, bid: number, ask: number, capacity: number): void {
  bids.set(id, bid);
  asks.set(id, ask);
  if (bids.size > capacity) {
    const oldest = bids.keys().next().value as number;
    bids.delete(oldest);
    asks.delete(oldest);
  }
}
