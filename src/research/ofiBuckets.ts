import { ofiContribution } from "../book/ofi.ts";
import type { FeedSink, TopState } from "./bookFeed.ts";

/** Per-bucket series of the OFI study: bucket start (s since the data origin), OFI sum (base units), mid change (ticks). */
export interface OfiSeries {
  bucketS: number;
  tS: number[];
  ofi: number[];
  dMidTicks: number[];
  /** Complete buckets dropped because the book was one-sided or crossed at their start or inside them. */
  dropped: number;
}

/**
 * Buckets [k·B, (k+1)·B) of the settled top of book: per bucket the CKS OFI summed over the
 * settled changes inside it (ofiContribution between consecutive valid states) and
 * Δmid = mid just before its end − mid just before its start, in ticks (the mid changes inside it
 * add up to Δmid). A bucket counts only when it is complete (ends by the data's end) and the book
 * was two-sided and uncrossed at its start and at every settled state inside it; the first bucket
 * therefore never counts (no book before the first event). Buckets with no events count with OFI 0, Δmid 0.
 */
export class OfiBucketer implements FeedSink {
  readonly series: OfiSeries;
  private readonly bucketNs: number;
  private k = -1;
  private ofi = 0;
  private startMid = NaN;
  private bucketValid = false;
  private prevValid = false;
  private prevMid = NaN;
  private prevBidTicks = 0;
  private prevBidQty = 0;
  private prevAskTicks = 0;
  private prevAskQty = 0;

  constructor(bucketNs: number) {
    if (!(bucketNs > 0)) throw new RangeError(`OFI bucket must be > 0 ns, got ${bucketNs}`);
    this.bucketNs = bucketNs;
    this.series = { bucketS: bucketNs / 1e9, tS: [], ofi: [], dMidTicks: [], dropped: 0 };
  }

  onState(tNs: number, _untilNs: number, top: Readonly<TopState>): void {
    const k = Math.floor(tNs / this.bucketNs);
    if (k !== this.k) this.rollTo(k);
    if (!top.valid) this.bucketValid = false;
    else if (this.prevValid) {
      this.ofi += ofiContribution(this.prevBidTicks, this.prevBidQty, this.prevAskTicks, this.prevAskQty, top.bidTicks, top.bidQty, top.askTicks, top.askQty);
    }
    this.prevValid = top.valid;
    this.prevMid = top.midTicks;
    this.prevBidTicks = top.bidTicks;
    this.prevBidQty = top.bidQty;
    this.prevAskTicks = top.askTicks;
    this.prevAskQty = top.askQty;
  }

  finish(endNs: number): void {
    // Close every bucket that ends by endNs; the one still open after that is partial and dropped.
    this.rollTo(Math.floor(endNs / this.bucketNs));
  }

  /** Closes the open bucket and the empty ones up to k − 1, then opens bucket k at the current state. */
  private rollTo(k: number): void {
    if (k <= this.k) return;
    if (this.k >= 0) this.close(this.k);
    for (let j = this.k + 1; j < k; j++) {
      this.open();
      this.close(j);
    }
    this.k = k;
    this.open();
  }

  private open(): void {
    this.ofi = 0;
    this.startMid = this.prevMid;
    this.bucketValid = this.prevValid;
  }

  private close(k: number): void {
    if (this.bucketValid && this.prevValid) {
      this.series.tS.push((k * this.bucketNs) / 1e9);
      this.series.ofi.push(this.ofi);
      this.series.dMidTicks.push(this.prevMid - this.startMid);
    } else this.series.dropped++;
  }
}
