import { readFileSync } from "node:fs";
import { decompress } from "fzstd";
import { beforeAll, expect, it } from "vitest";
import { L3Book } from "../../../../src/book/l3book.ts";
import { EventKind as K } from "../../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";
import { importDbn, type Ev } from "./support.ts";

const DIR = "databento/";
const MBO_FILE = sample(`${DIR}orderbooks_mbo_2024-05-08T00-00-00_2024-05-08T00-00-02.dbn.zst`);
const MBO_DEFS = sample(`${DIR}orderbooks_definition.dbn.zst`);
const MBP1_FILE = sample(`${DIR}futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst`);
const TRADES_FILE = sample(`${DIR}futures_trades_2024-07-01T23-58_2024-07-02T00-02.dbn.zst`);
const FUT_DEFS = sample(`${DIR}futures_definition.dbn.zst`);

/**
 * The test's own decoder: decompress with fzstd, skip the metadata by its length (bytes 4–7), then
 * read fields at the byte offsets of the DBN record layouts (header 16 bytes: length/4, rtype,
 * publisher, instrument_id, ts_event; then per record type).
 */
function rawDbn(file: string): { view: DataView; bytes: Uint8Array; first: number } {
  const bytes = decompress(new Uint8Array(readFileSync(file)));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(new TextDecoder().decode(bytes.subarray(0, 3))).toBe("DBN");
  return { view, bytes, first: 8 + view.getUint32(4, true) };
}

interface MboRec {
  at: number;
  ts: bigint;
  recv: bigint;
  id: bigint;
  price: number;
  size: number;
  flags: number;
  action: string;
  side: number;
}

function mboRecords(file: string): MboRec[] {
  const { view, bytes, first } = rawDbn(file);
  const out: MboRec[] = [];
  for (let at = first; at < bytes.length; at += bytes[at] * 4) {
    expect(bytes[at + 1]).toBe(0xa0);
    const s = String.fromCharCode(bytes[at + 39]);
    out.push({
      at,
      ts: view.getBigUint64(at + 8, true),
      id: view.getBigUint64(at + 16, true),
      price: Number(view.getBigInt64(at + 24, true)) / 1e9,
      size: view.getUint32(at + 32, true),
      flags: bytes[at + 36],
      action: String.fromCharCode(bytes[at + 38]),
      side: s === "B" ? 1 : s === "A" ? -1 : 0,
      recv: view.getBigUint64(at + 40, true),
    });
  }
  return out;
}

interface MbpRec {
  ts: bigint;
  recv: bigint;
  price: number;
  size: number;
  action: string;
  side: number;
  flags: number;
  bid?: number;
  ask?: number;
  bidSz?: number;
  askSz?: number;
}

function mbpRecords(file: string): MbpRec[] {
  const { view, bytes, first } = rawDbn(file);
  const out: MbpRec[] = [];
  for (let at = first; at < bytes.length; at += bytes[at] * 4) {
    const s = String.fromCharCode(bytes[at + 29]);
    const r: MbpRec = {
      ts: view.getBigUint64(at + 8, true),
      price: Number(view.getBigInt64(at + 16, true)) / 1e9,
      size: view.getUint32(at + 24, true),
      action: String.fromCharCode(bytes[at + 28]),
      side: s === "B" ? 1 : s === "A" ? -1 : 0,
      flags: bytes[at + 30],
      recv: view.getBigUint64(at + 32, true),
    };
    if (bytes[at] * 4 >= 80) {
      Object.assign(r, { bid: Number(view.getBigInt64(at + 48, true)) / 1e9, ask: Number(view.getBigInt64(at + 56, true)) / 1e9, bidSz: view.getUint32(at + 64, true), askSz: view.getUint32(at + 68, true) });
    }
    out.push(r);
  }
  return out;
}

/** price → size per side from DEPTH/SNAPSHOT/DEPTH_CLEAR events. */
class Levels {
  readonly sides = { 1: new Map<number, number>(), [-1]: new Map<number, number>() } as Record<number, Map<number, number>>;
  apply(e: Ev): void {
    if (e.kind === K.DEPTH_CLEAR) for (const s of [1, -1]) if (e.side === 0 || e.side === s) this.sides[s].clear();
    if (e.kind === K.DEPTH || e.kind === K.SNAPSHOT) {
      if (e.qty === 0) this.sides[e.side].delete(e.price);
      else this.sides[e.side].set(e.price, e.qty);
    }
  }
  best(side: 1 | -1): [number, number] | undefined {
    const prices = [...this.sides[side].keys()];
    if (prices.length === 0) return undefined;
    const p = side === 1 ? Math.max(...prices) : Math.min(...prices);
    return [p, this.sides[side].get(p)!];
  }
}

const trades = (events: Ev[]) => events.filter((e) => e.kind === K.TRADE).map((e) => [e.exchTs, e.side, e.price, e.qty]);

describeWithSharedData("Databento importer on the real samples (../shared/data/databento)", () => {
  let mbo: Awaited<ReturnType<typeof importDbn>>;
  let records: MboRec[];
  beforeAll(async () => {
    mbo = await importDbn([MBO_FILE], { definitions: [MBO_DEFS] });
    records = mboRecords(MBO_FILE);
  });

  it("MBO: metadata from the definition; event counts; no unknown order id; never crossed at an event's end", () => {
    expect(mbo.meta).toMatchObject({ symbol: "ESM4", venue: "GLBX.MDP3", tickSize: 0.25, lotSize: 1, source: "databento:mbo" });
    expect(records).toHaveLength(13_796);
    const count = (a: string) => records.filter((r) => r.action === a).length;
    const k = mbo.report.eventsByKind;
    expect([k.trade, k.l3Fill, k.depthClear]).toEqual([count("T"), count("F"), count("R")]);
    expect(k).toEqual({ depthClear: 1, l3Add: 13_701, depth: 13_808, l3Cancel: 101, l3Modify: 1, trade: 5, l3Fill: 5 });
    expect(mbo.report.events).toBe(27_622);
    expect(mbo.report.databento.mbo).toMatchObject({ records: 13_796, unknownCancelsFills: 0, unknownModifies: 0, oversized: 0, executedNeverRemoved: 0 });
    expect(mbo.report.databento.snapshotRecords).toBe(13_601);
    expect(mbo.report.crossedBooks).toBe(0);
  });

  it("MBO ground truth, by the test's own replay of the raw records: no unknown order id, no crossed book at flag 128, and the same final book", () => {
    // A adds, C removes the cancelled size, M replaces, R clears, T/F leave the book as is.
    const orders = new Map<bigint, { side: number; price: number; size: number }>();
    let unknown = 0;
    let crossedAtEventEnd = 0;
    for (const r of records) {
      if (r.action === "A") orders.set(r.id, { side: r.side, price: r.price, size: r.size });
      else if (r.action === "C" || r.action === "M") {
        const o = orders.get(r.id);
        if (o === undefined) unknown++;
        else if (r.action === "M") orders.set(r.id, { side: r.side, price: r.price, size: r.size });
        else if ((o.size -= r.size) <= 0) orders.delete(r.id);
      } else if (r.action === "R") orders.clear();
      if (r.flags & 128) {
        const bids = [...orders.values()].filter((o) => o.side === 1).map((o) => o.price);
        const asks = [...orders.values()].filter((o) => o.side === -1).map((o) => o.price);
        if (bids.length > 0 && asks.length > 0 && Math.max(...bids) >= Math.min(...asks)) crossedAtEventEnd++;
      }
    }
    expect(unknown).toBe(0);
    expect(crossedAtEventEnd).toBe(0);
    const truth: Record<number, Map<number, number>> = { 1: new Map(), [-1]: new Map() };
    for (const o of orders.values()) truth[o.side].set(o.price, (truth[o.side].get(o.price) ?? 0) + o.size);
    const levels = new Levels();
    for (const e of mbo.events) levels.apply(e);
    for (const side of [1, -1]) expect(new Map([...levels.sides[side]].sort())).toEqual(new Map([...truth[side]].sort()));
  });

  it("MBO: records read by hand at their byte offsets match the importer's events", () => {
    const byId = (kind: number, id: bigint) => mbo.events.find((e) => e.kind === kind && e.orderId === id)!;
    // The first snapshot add (byte 262): stamped at the snapshot's ts_recv, 2024-05-08T00:00:00Z.
    const snap = records[1];
    expect([snap.at, snap.action, snap.flags & 32]).toEqual([262, "A", 32]);
    expect(byId(K.L3_ADD, snap.id)).toEqual({ exchTs: 1_715_126_400_000_000_000n, localTs: 1_715_126_400_000_000_000n, kind: K.L3_ADD, side: snap.side, price: snap.price, qty: snap.size, orderId: snap.id });
    // The first live record.
    const live = records.find((r) => (r.flags & 32) === 0)!;
    expect(live.at).toBe(206 + 56 * 13_601);
    expect(byId(K.L3_ADD, live.id)).toEqual({ exchTs: live.ts, localTs: live.recv, kind: K.L3_ADD, side: live.side, price: live.price, qty: live.size, orderId: live.id });
    // Every trade: T is a TRADE with the aggressor's side, its F an L3_FILL of the resting order.
    const tRecords = records.filter((r) => r.action === "T");
    expect(trades(mbo.events)).toEqual(tRecords.map((r) => [r.ts, r.side, r.price, r.size]));
    const fills = mbo.events.filter((e) => e.kind === K.L3_FILL).map((e) => [e.exchTs, e.localTs, e.side, e.price, e.qty, e.orderId]);
    expect(fills).toEqual(records.filter((r) => r.action === "F").map((f) => [f.ts, f.recv, f.side, f.price, f.size, f.id]));
  });

  it("MBO: the L3 events replay in a strict L3 book (no unknown id, no oversized cancel) and every DEPTH is that book's level", () => {
    const book = new L3Book();
    let depthChecked = 0;
    for (const e of mbo.events) {
      const id = Number(e.orderId);
      const ticks = Math.round(e.price / 0.25);
      if (e.kind === K.L3_ADD) book.add(id, e.side, ticks, e.qty);
      else if (e.kind === K.L3_CANCEL) book.cancel(id, e.qty);
      else if (e.kind === K.L3_FILL) book.execute(id, e.qty);
      else if (e.kind === K.L3_MODIFY) book.modify(id, e.qty);
      else if (e.kind === K.DEPTH) {
        expect(book.levelQty(e.side, ticks)).toBe(e.qty);
        depthChecked++;
      }
    }
    expect(depthChecked).toBe(13_808);
    // exch_ts never goes back; local_ts is ts_recv (or exch_ts for the snapshot)
    for (let i = 1; i < mbo.events.length; i++) expect(mbo.events[i].exchTs >= mbo.events[i - 1].exchTs).toBe(true);
  });

  it("MBP-1: trades as in the records, and at the end of every timestamp the top of book equals the last record's levels[0]", async () => {
    const { events, meta, report } = await importDbn([MBP1_FILE, FUT_DEFS]);
    expect(meta).toMatchObject({ symbol: "ESU4", tickSize: 0.25, lotSize: 1, source: "databento:mbp-1" });
    const recs = mbpRecords(MBP1_FILE);
    expect(recs).toHaveLength(2_288);
    expect(report.eventsByKind).toEqual({ trade: 120, depthClear: 1, snapshot: 2, depth: 2_263 });
    expect(report.crossedBooks).toBe(0);
    expect(trades(events)).toEqual(recs.filter((r) => r.action === "T").map((r) => [r.ts, r.side, r.price, r.size]));
    // The last record of each exch_ts (a snapshot record's is its ts_recv) against the book then.
    const lastAt = new Map<bigint, MbpRec>();
    for (const r of recs) lastAt.set(r.flags & 32 ? r.recv : r.ts, r);
    const levels = new Levels();
    let checked = 0;
    for (let i = 0; i < events.length; i++) {
      levels.apply(events[i]);
      if (i + 1 < events.length && events[i + 1].exchTs === events[i].exchTs) continue;
      const r = lastAt.get(events[i].exchTs)!;
      expect([levels.best(1), levels.best(-1)]).toEqual([[r.bid, r.bidSz], [r.ask, r.askSz]]);
      checked++;
    }
    expect(checked).toBeGreaterThan(1_000);
  });

  it("trades: each record is one TRADE; they are the MBP-1 file's trades, one for one", async () => {
    const { events, meta, report } = await importDbn([TRADES_FILE], { definitions: [FUT_DEFS] });
    expect(meta).toMatchObject({ symbol: "ESU4", tickSize: 0.25, source: "databento:trades" });
    const recs = mbpRecords(TRADES_FILE);
    expect(report.eventsByKind).toEqual({ trade: 120 });
    expect(events.map((e) => [e.exchTs, e.localTs, e.side, e.price, e.qty])).toEqual(recs.map((r) => [r.ts, r.recv, r.side, r.price, r.size]));
    const fromMbp = trades((await importDbn([MBP1_FILE, FUT_DEFS])).events);
    expect(trades(events)).toEqual(fromMbp);
  });
});
