import { expect } from "vitest";
import { EventKind, MAX_MARKET_EVENT_KIND } from "../../../src/core/eventKind.ts";
import type { EventColumns } from "../../../src/data/schema.ts";
import { SessionKind } from "../../../src/data/sessionKinds.ts";
import { CHECKS_AFTER_RESYNC, type FaultRun } from "./faultHarness.ts";

/**
 * What a fault scenario checks, read from the session file (the record of what the session saw
 * and did) and the session's results. Times are ns since the file's first row (the session's
 * origin), as the engine counts them.
 */

const NS_PER_MS = 1e6;

/** A book row: depth, snapshot, clear (and the L3 kinds); trades are not book updates. */
export function isBookRow(kind: number): boolean {
  return kind <= MAX_MARKET_EVENT_KIND && kind !== EventKind.TRADE;
}

/**
 * The session time at which the strategy side saw each row, as the simulator hands rows over: at
 * its local time, raised to its exchange time if earlier and never before the previous row's
 * (src/sim/simulator.ts). Order records (ORDER_NEW…) carry the engine's own time in local_ts.
 */
export function seenAt(rows: EventColumns): Float64Array {
  const origin = rows.localTs[0];
  const out = new Float64Array(rows.length);
  let last = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    let t = Number(rows.localTs[i] - origin);
    const e = Number(rows.exchTs[i] - origin);
    if (t < e) t = e;
    if (t < last) t = last;
    out[i] = last = t;
  }
  return out;
}

/** Engine time (ns since the origin) of an order record row. */
function recordTime(rows: EventColumns, i: number): number {
  return Number(rows.localTs[i] - rows.localTs[0]);
}

/** Indices of the rows of one kind. */
export function rowsOf(rows: EventColumns, kind: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) if (rows.kind[i] === kind) out.push(i);
  return out;
}

/** Times (ns) of the book rows, in file order (non-decreasing). */
export function bookTimes(rows: EventColumns): number[] {
  const seen = seenAt(rows);
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) if (isBookRow(rows.kind[i])) out.push(seen[i]);
  return out;
}

/** An ORDER_NEW row and the age of the book it was placed on. */
export interface PlacedOrder {
  orderId: number;
  side: number;
  tNs: number;
  /** Time since the last book row at or before tNs, ms (Infinity: none before it). */
  bookAgeMs: number;
}

/** Every new order of the session with the age of the book at that moment. */
export function placedOrders(rows: EventColumns): PlacedOrder[] {
  const book = bookTimes(rows);
  const out: PlacedOrder[] = [];
  for (const i of rowsOf(rows, SessionKind.ORDER_NEW)) {
    const t = recordTime(rows, i);
    const k = lastAtOrBefore(book, t);
    out.push({ orderId: Number(rows.orderId[i]), side: rows.side[i], tNs: t, bookAgeMs: k < 0 ? Infinity : (t - book[k]) / NS_PER_MS });
  }
  return out;
}

/** A stretch of session time without a book row. */
export interface Silence {
  /** The last book row before it and the first after it, ns. */
  fromNs: number;
  toNs: number;
  ms: number;
}

/**
 * The silences between consecutive book rows longer than `minMs`, longest first: the times the
 * book went stale. A stretch that starts with the book emptied (a DEPTH_CLEAR row: a gap or a
 * disconnect, until the next snapshot) is not one: there is no book to be stale (emptyBooks).
 */
export function bookSilences(rows: EventColumns, minMs: number): Silence[] {
  const seen = seenAt(rows);
  const out: Silence[] = [];
  let previous = -1;
  for (let i = 0; i < rows.length; i++) {
    if (!isBookRow(rows.kind[i])) continue;
    if (previous >= 0 && rows.kind[previous] !== EventKind.DEPTH_CLEAR) {
      const ms = (seen[i] - seen[previous]) / NS_PER_MS;
      if (ms > minMs) out.push({ fromNs: seen[previous], toNs: seen[i], ms });
    }
    previous = i;
  }
  return out.sort((a, b) => b.ms - a.ms);
}

/** The silence that ends at the first book row stamped at or after exchange time `exchMs` (epoch ms): e.g. the one a jump of the exchange's clock made. */
export function silenceBefore(rows: EventColumns, exchMs: number): Silence {
  const seen = seenAt(rows);
  const at = BigInt(Math.round(exchMs)) * 1_000_000n;
  let previous = -1;
  for (let i = 0; i < rows.length; i++) {
    if (!isBookRow(rows.kind[i])) continue;
    if (rows.exchTs[i] >= at) {
      expect(previous, "a book row before the one at the given exchange time").toBeGreaterThanOrEqual(0);
      return { fromNs: seen[previous], toNs: seen[i], ms: (seen[i] - seen[previous]) / NS_PER_MS };
    }
    previous = i;
  }
  throw new Error(`no book row at or after exchange time ${new Date(exchMs).toISOString()}`);
}

/** New orders placed at engine times in [fromNs, toNs). */
export function newOrdersBetween(rows: EventColumns, fromNs: number, toNs: number): PlacedOrder[] {
  return placedOrders(rows).filter((o) => o.tNs >= fromNs && o.tNs < toNs);
}

/**
 * Orders still working at engine time `tNs`: placed at or before it, and neither cancelled (the
 * engine's cancel request), rejected, cancel-acknowledged nor completely filled by then.
 */
export function workingOrdersAt(rows: EventColumns, tNs: number): number[] {
  const placed = new Map<number, number>();
  const filled = new Map<number, number>();
  const closed = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const kind = rows.kind[i];
    if (kind < SessionKind.ORDER_NEW || recordTime(rows, i) > tNs) continue;
    const id = Number(rows.orderId[i]);
    if (kind === SessionKind.ORDER_NEW) placed.set(id, rows.qty[i]);
    else if (kind === SessionKind.ORDER_CANCEL || kind === SessionKind.ORDER_REJECT || kind === SessionKind.CANCEL_ACK) closed.add(id);
    else if (kind === SessionKind.ORDER_FILL) filled.set(id, (filled.get(id) ?? 0) + rows.qty[i]);
  }
  return [...placed].filter(([id, qty]) => !closed.has(id) && (filled.get(id) ?? 0) < qty - 1e-12).map(([id]) => id);
}

/** A time the book was emptied by a gap or a lost connection (both sides cleared, not by a snapshot), and when a snapshot filled it again. */
export interface EmptyBook {
  clearedNs: number;
  /** The next snapshot's time (Infinity: none until the end). */
  resyncedNs: number;
}

/** Every stretch with a cleared book: two DEPTH_CLEAR rows not followed by a snapshot's levels, up to the next SNAPSHOT row. */
export function emptyBooks(rows: EventColumns): EmptyBook[] {
  const seen = seenAt(rows);
  const kinds = rows.kind;
  const out: EmptyBook[] = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    if (kinds[i] !== EventKind.DEPTH_CLEAR || kinds[i + 1] !== EventKind.DEPTH_CLEAR || kinds[i + 2] === EventKind.SNAPSHOT) continue;
    let j = i + 2;
    while (j < rows.length && kinds[j] !== EventKind.SNAPSHOT) j++;
    out.push({ clearedNs: seen[i], resyncedNs: j < rows.length ? seen[j] : Infinity });
    i++;
  }
  return out;
}

/** Index of the last element ≤ t in a non-decreasing array, or −1. */
function lastAtOrBefore(sorted: number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

// ── the assertions every scenario makes ──────────────────────────────────────

/**
 * (a) No order placed on a stale book: every ORDER_NEW's last book row (at or before it, in
 * session time) is at most the engine's feed.max_silence_ms old. And there were orders: a session
 * that never quoted would pass vacuously.
 */
export function expectNoOrderOnStaleBook(run: FaultRun): PlacedOrder[] {
  const orders = placedOrders(run.rows);
  expect(orders.length, "the session placed orders").toBeGreaterThan(20);
  const stale = orders.filter((o) => !(o.bookAgeMs <= run.maxSilenceMs));
  const worst = stale.slice(0, 5).map((o) => `order ${o.orderId} at ${(o.tNs / 1e9).toFixed(3)} s on a book ${o.bookAgeMs.toFixed(0)} ms old`);
  expect(worst, `new orders on a book older than feed.max_silence_ms = ${run.maxSilenceMs} ms (${stale.length} in all)`).toEqual([]);
  return orders;
}

/** No order placed while the book was empty after a gap or a disconnect (between its clear and the next snapshot). */
export function expectNoOrderOnEmptyBook(run: FaultRun): EmptyBook[] {
  const empty = emptyBooks(run.rows);
  for (const e of empty) {
    const during = newOrdersBetween(run.rows, e.clearedNs, e.resyncedNs);
    expect(during.map((o) => o.orderId), `new orders between the clear at ${(e.clearedNs / 1e9).toFixed(3)} s and the snapshot at ${(e.resyncedNs / 1e9).toFixed(3)} s`).toEqual([]);
  }
  return empty;
}

/**
 * (b) Resync after a gap: the feed reported `gaps` sequence gaps and as many resyncs; each one
 * emptied the book in the session file, no order was placed until a later snapshot filled it
 * again, the engine then quoted again without a burst; and after the last resync the local book
 * kept agreeing with the exchange's bookTicker (more checks made, every one matched).
 */
export function expectResyncAfterGaps(run: FaultRun, gaps: number): void {
  const { feed } = run.result;
  expect(feed.gaps, "gaps the feed reported").toBe(gaps);
  expect(feed.resyncs, "resyncs the feed started").toBe(gaps);
  const empty = expectNoOrderOnEmptyBook(run);
  expect(empty.length, "gaps that emptied the book in the session file").toBeGreaterThanOrEqual(gaps);
  expectResynced(run, empty);
  expectBookAgreesAfter(run, (h) => h.resyncs >= gaps && h.gaps >= gaps);
}

/** After the last emptied book: a snapshot filled it again, and the engine quoted again, at most one new order per side in the first loop interval. */
export function expectResynced(run: FaultRun, empty: EmptyBook[]): void {
  expect(empty.length, "the book was emptied").toBeGreaterThan(0);
  const last = empty[empty.length - 1];
  expect(last.resyncedNs, "a snapshot after the book was emptied").toBeLessThan(Infinity);
  expectNoBurst(run, last.resyncedNs);
  expect(newOrdersBetween(run.rows, last.resyncedNs, Infinity).length, "orders after the resync").toBeGreaterThan(0);
}

/** At most one new order per side in the first loop interval from `fromNs`. */
export function expectNoBurst(run: FaultRun, fromNs: number): void {
  const first = newOrdersBetween(run.rows, fromNs, fromNs + run.loopIntervalMs * NS_PER_MS);
  expect(first.length, "new orders in the first loop interval after the feed resumed").toBeLessThanOrEqual(2);
  expect(new Set(first.map((o) => o.side)).size, "at most one new order per side").toBe(first.length);
}

/**
 * After the first moment `since` holds (a sample of the feed's health), the book was in sync
 * again and CHECKS_AFTER_RESYNC more bookTicker checks were made; every check of the session
 * matched, and the book is in sync at the end.
 */
export function expectBookAgreesAfter(run: FaultRun, since: (h: FaultRun["health"][number]) => boolean): void {
  const { feed } = run.result;
  const at = run.health.findIndex(since);
  expect(at, "the feed's health reached the expected state while the session ran").toBeGreaterThanOrEqual(0);
  const synced = run.health.slice(at).find((h) => !h.stale);
  expect(synced, "the book was synced again afterwards").toBeDefined();
  expect(feed.bboChecked - synced!.bboChecked, "bookTicker checks after the resync").toBeGreaterThanOrEqual(CHECKS_AFTER_RESYNC);
  expect(feed.bboMatched, "bookTicker checks matched (of all checks)").toBe(feed.bboChecked);
  expect(feed.stale, "the book is in sync at the end").toBe(false);
}

/** (c) The session file replays offline to the live session's results. */
export function expectReplayGivesLiveHash(run: FaultRun): void {
  expect(run.replay.resultsHash, "results hash of the session file's replay").toBe(run.result.resultsHash);
  expect(run.replay.kpis).toEqual(run.result.kpis);
  expect(run.replay.fills.orderId).toEqual(run.result.fills.orderId);
}

/** The session ended cleanly: no step error, every paper order closed. */
export function expectCleanEnd(run: FaultRun): void {
  expect(run.result.stepErrors).toEqual([]);
  expect(run.result.openOrders).toBe(0);
}

/**
 * A silence of the feed (in session time) longer than the limit: orders were working a step before
 * it reached the limit, the engine had cancelled every one of them a loop step after, and when
 * the feed resumed it did not send a burst (at most one new order per side in the first loop
 * interval from the first book row), and it quoted again.
 */
export function expectStaleFeedHandled(run: FaultRun, silence: Silence): void {
  const limitNs = run.maxSilenceMs * NS_PER_MS;
  const stepNs = run.loopIntervalMs * NS_PER_MS;
  // Orders rest on the book until the limit: placed before the silence or at its first steps (after a pause of the machine the engine may just be resuming)
  const before = placedOrders(run.rows).filter((o) => o.tNs <= silence.fromNs + limitNs).slice(-4);
  const context = `silence ${(silence.fromNs / 1e9).toFixed(3)} s → ${(silence.toNs / 1e9).toFixed(3)} s; last orders placed: ${before.map((o) => `${o.orderId} at ${(o.tNs / 1e9).toFixed(3)} s`).join(", ")}`;
  expect(workingOrdersAt(run.rows, silence.fromNs + limitNs - stepNs).length, `orders working a step before the silence reached the limit (${context})`).toBeGreaterThan(0);
  // The first step with more than the limit of silence comes within a loop interval of it; its cancels are sent then.
  const cancelledBy = silence.fromNs + limitNs + 2 * stepNs;
  expect(cancelledBy, "the silence is long enough to check").toBeLessThan(silence.toNs);
  expect(workingOrdersAt(run.rows, cancelledBy), `orders still working ${(run.maxSilenceMs + 2 * run.loopIntervalMs).toFixed(0)} ms into the silence`).toEqual([]);
  expectNoBurst(run, silence.toNs);
  expect(newOrdersBetween(run.rows, silence.toNs, Infinity).length, "quoting again after the feed resumed").toBeGreaterThan(0);
}

/** The feed-health rule's pauses (result.feedEvents, once the engine has the rule). */
export function feedEvents(run: FaultRun): { tNs: number; kind: string; silenceMs: number }[] {
  return (run.result as { feedEvents?: { tNs: number; kind: string; silenceMs: number }[] }).feedEvents ?? [];
}
