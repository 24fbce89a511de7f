import type { MarketOrderSink } from "../../research/marketOrders.ts";
import { GrowableArray } from "../../research/stats.ts";

const ORDER = 0;
const MID = 1;

/**
 * What a MarketOrderFeed hands its sinks — market orders and the settled mids between them — kept
 * in order so that it can be played again into other sinks: the fit measures the data's response
 * and variance moments for a reference impact kernel it only knows after the pass (and a data
 * source may be readable once). Consecutive mids that do not change and have no order between
 * them are one entry, so the tape holds a few entries per second of data: six doubles each.
 */
export class MarketTape implements MarketOrderSink {
  private readonly type = new GrowableArray();
  private readonly t = new GrowableArray();
  private readonly a = new GrowableArray();
  private readonly b = new GrowableArray();
  private readonly c = new GrowableArray();
  private readonly d = new GrowableArray();
  private endNs = NaN;
  /** True while the last entry is a mid that a following unchanged mid may extend. */
  private open = false;

  onMarketOrder(tNs: number, side: number, midBeforeTicks: number, reachTicks: number, qty: number): void {
    this.push(ORDER, tNs, side, midBeforeTicks, reachTicks, qty);
    this.open = false;
  }

  onMid(tNs: number, untilNs: number, midTicks: number): void {
    const last = this.type.length - 1;
    if (this.open && sameMid(this.b.view()[last], midTicks)) {
      this.a.set(last, untilNs);
      return;
    }
    this.push(MID, tNs, untilNs, midTicks, 0, 0);
    this.open = true;
  }

  finish(endNs: number): void {
    this.endNs = endNs;
  }

  /** Plays the tape into `sinks`, as the feed did: orders, mids, then the end. */
  replay(sinks: readonly MarketOrderSink[]): void {
    const [type, t, a, b, c, d] = [this.type.view(), this.t.view(), this.a.view(), this.b.view(), this.c.view(), this.d.view()];
    for (let i = 0; i < type.length; i++) {
      if (type[i] === ORDER) for (const s of sinks) s.onMarketOrder(t[i], a[i], b[i], c[i], d[i]);
      else for (const s of sinks) s.onMid?.(t[i], a[i], b[i]);
    }
    for (const s of sinks) s.finish?.(this.endNs);
  }

  /** Entries kept. */
  get length(): number {
    return this.type.length;
  }

  private push(type: number, tNs: number, a: number, b: number, c: number, d: number): void {
    this.type.push(type);
    this.t.push(tNs);
    this.a.push(a);
    this.b.push(b);
    this.c.push(c);
    this.d.push(d);
  }
}

function sameMid(x: number, y: number): boolean {
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}
