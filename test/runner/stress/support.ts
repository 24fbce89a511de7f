import { L2Book } from "../../../src/book/l2book.ts";
import { allocEventBatch } from "../../../src/data/batch.ts";
import { EventKind, SCHEMA_VERSION, type EventBatch } from "../../../src/data/schema.ts";
import type { MarketData } from "../../../src/data/sources/marketData.ts";

/** One event as tests write it: [exchange time s, kind, side, price ticks, qty] (local time = exchange time + 1 ms). */
export type Row = [tS: number, kind: number, side: number, priceTicks: number, qty: number];

/** A flat view of a stream's events. */
export interface Events {
  exch: number[];
  local: number[];
  kind: number[];
  side: number[];
  price: number[];
  qty: number[];
}

export const D = EventKind.DEPTH;
export const T = EventKind.TRADE;
export const CLEAR = EventKind.DEPTH_CLEAR;
export const SNAP = EventKind.SNAPSHOT;

/** An engine batch of hand-made rows. */
export function batchOf(rows: readonly Row[]): EventBatch {
  const b = allocEventBatch(rows.length);
  b.length = rows.length;
  rows.forEach(([tS, kind, side, price, qty], i) => {
    b.exchTsNs[i] = Math.round(tS * 1e9);
    b.localTsNs[i] = Math.round(tS * 1e9) + 1e6;
    b.kind[i] = kind;
    b.side[i] = side;
    b.priceTicks[i] = price;
    b.qty[i] = qty;
  });
  return b;
}

/** Hand-made batches as market data (tick 0.01, lot 0.00001). */
export function dataOf(batches: readonly EventBatch[]): MarketData {
  return {
    meta: { symbol: "TESTUSDT", venue: "test", tickSize: 0.01, lotSize: 0.00001, source: "test", schemaVersion: SCHEMA_VERSION },
    originNs: 1_700_000_000_000_000_000n,
    description: { kind: "test" },
    async *batches() {
      yield* batches;
    },
    hash: async () => "f".repeat(64),
  };
}

/** Every event of a stream, in order. */
export async function collect(data: MarketData): Promise<Events> {
  const e: Events = { exch: [], local: [], kind: [], side: [], price: [], qty: [] };
  for await (const b of data.batches()) {
    for (let i = 0; i < b.length; i++) {
      e.exch.push(b.exchTsNs[i]);
      e.local.push(b.localTsNs[i]);
      e.kind.push(b.kind[i]);
      e.side.push(b.side[i]);
      e.price.push(b.priceTicks[i]);
      e.qty.push(b.qty[i]);
    }
  }
  return e;
}

/** Indices of the events after which the replayed book is crossed (best bid ≥ best ask). */
export function crossedAfter(e: Events): number[] {
  const book = new L2Book();
  const out: number[] = [];
  for (let i = 0; i < e.kind.length; i++) {
    applyTo(book, e.kind[i], e.side[i], e.price[i], e.qty[i]);
    if (book.isCrossed()) out.push(i);
  }
  return out;
}

/** True when exchange and local times never decrease. */
export function monotone(e: Events): boolean {
  for (let i = 1; i < e.exch.length; i++) if (e.exch[i] < e.exch[i - 1] || e.local[i] < e.local[i - 1]) return false;
  return true;
}

/** The book after the first `n` events (all by default), as sorted [price, qty] lists. */
export function bookAfter(e: Events, n = e.kind.length): { bids: [number, number][]; asks: [number, number][] } {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = e.kind[i];
    if (k === D || k === SNAP) {
      const m = e.side[i] > 0 ? bids : asks;
      if (e.qty[i] > 0) m.set(e.price[i], e.qty[i]);
      else m.delete(e.price[i]);
    } else if (k === CLEAR) {
      if (e.side[i] >= 0) bids.clear();
      if (e.side[i] <= 0) asks.clear();
    }
  }
  return { bids: [...bids].sort((a, b) => b[0] - a[0]), asks: [...asks].sort((a, b) => a[0] - b[0]) };
}

function applyTo(book: L2Book, kind: number, side: number, price: number, qty: number): void {
  if (kind === D || kind === SNAP) book.update(side, price, qty);
  else if (kind === CLEAR) book.clear(side);
}

/** A small book around `mid` ticks: `levels` levels per side, `gap` ticks apart, sizes 0.1, 0.2, … */
export function bookRows(tS: number, mid: number, levels = 5, gap = 2): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < levels; i++) {
    rows.push([tS, SNAP, 1, mid - 1 - i * gap, 0.1 * (i + 1)]);
    rows.push([tS, SNAP, -1, mid + 1 + i * gap, 0.1 * (i + 1)]);
  }
  return rows;
}
