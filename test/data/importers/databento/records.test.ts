import { describe, expect, it } from "vitest";
import { EventKind as K } from "../../../../src/data/schema.ts";
import { dbnFile, definition, mbo, mbp, px, rawRecord, SCHEMA, UNDEF_PRICE, zstdFrame, type Level, type MetadataSpec } from "./dbnBuilder.ts";
import { importDbn, tempFile, tuples } from "./support.ts";

const T0 = 1_700_000_000_000_000_000n;
const ID = 7;
const MAPPED = { mappings: [{ rawSymbol: "ESZ3", intervals: [{ startDate: 20231114, endDate: 20231115, symbol: String(ID) }] }] };
const defs = (version: 1 | 2, extra: Partial<Parameters<typeof definition>[1]> = {}) =>
  dbnFile({ version, schema: SCHEMA.DEFINITION }, definition(version, { instrumentId: ID, tsEvent: T0 - 10n ** 12n, minPriceIncrement: px(0.25), rawSymbol: "ESZ3", ...extra }));

/** An order-level day in miniature: a snapshot, an add, a trade with its fill and the feed's cancel, modifies, a partial cancel. */
function mboRecords(): Uint8Array[] {
  const h = (ts: bigint) => ({ instrumentId: ID, tsEvent: ts });
  const SNAP = 32 | 8;
  return [
    mbo({ ...h(T0 - 5000n), orderId: 0n, price: UNDEF_PRICE, size: 0, action: "R", side: "N", flags: SNAP, tsRecv: T0 }),
    mbo({ ...h(T0 - 4000n), orderId: 1n, price: px(100), size: 5, action: "A", side: "B", flags: SNAP, tsRecv: T0 }),
    mbo({ ...h(T0 - 3000n), orderId: 2n, price: px(100), size: 3, action: "A", side: "B", flags: SNAP, tsRecv: T0 }),
    mbo({ ...h(T0 - 2000n), orderId: 3n, price: px(100.25), size: 4, action: "A", side: "A", flags: SNAP | 128, tsRecv: T0 }),
    mbo({ ...h(T0 + 10n), orderId: 4n, price: px(100), size: 2, action: "A", side: "B", tsRecv: T0 + 15n }),
    // A buy of 3 lifts order 3: T (aggressor B), F on the resting order, then the feed's C of the filled size.
    mbo({ ...h(T0 + 20n), orderId: 99n, price: px(100.25), size: 3, action: "T", side: "B", flags: 0, tsRecv: T0 + 25n }),
    mbo({ ...h(T0 + 20n), orderId: 3n, price: px(100.25), size: 3, action: "F", side: "A", flags: 0, tsRecv: T0 + 25n }),
    mbo({ ...h(T0 + 20n), orderId: 3n, price: px(100.25), size: 3, action: "C", side: "A", flags: 128, tsRecv: T0 + 26n }),
    mbo({ ...h(T0 + 30n), orderId: 1n, price: px(100), size: 4, action: "M", side: "B", tsRecv: T0 + 35n }),
    mbo({ ...h(T0 + 40n), orderId: 2n, price: px(99.75), size: 3, action: "M", side: "B", tsRecv: T0 + 45n }),
    mbo({ ...h(T0 + 50n), orderId: 4n, price: px(100), size: 1, action: "C", side: "B", flags: 128 | 8, tsRecv: T0 + 1n }),
    mbo({ ...h(T0 + 60n), orderId: 42n, price: px(100), size: 1, action: "C", side: "B", tsRecv: T0 + 65n }),
  ];
}

const MBO_EVENTS = [
  [K.DEPTH_CLEAR, 0, 0, 0, 0],
  [K.L3_ADD, 1, 100, 5, 1],
  [K.DEPTH, 1, 100, 5, 0],
  [K.L3_ADD, 1, 100, 3, 2],
  [K.DEPTH, 1, 100, 8, 0],
  [K.L3_ADD, -1, 100.25, 4, 3],
  [K.DEPTH, -1, 100.25, 4, 0],
  [K.L3_ADD, 1, 100, 2, 4],
  [K.DEPTH, 1, 100, 10, 0],
  [K.TRADE, 1, 100.25, 3, 0],
  [K.L3_FILL, -1, 100.25, 3, 3],
  [K.DEPTH, -1, 100.25, 1, 0],
  // the feed's C of the 3 filled contracts: already executed, no event
  [K.L3_MODIFY, 1, 100, 4, 1],
  [K.DEPTH, 1, 100, 9, 0],
  [K.L3_CANCEL, 1, 100, 3, 2],
  [K.DEPTH, 1, 100, 6, 0],
  [K.L3_ADD, 1, 99.75, 3, 2],
  [K.DEPTH, 1, 99.75, 3, 0],
  [K.L3_CANCEL, 1, 100, 1, 4],
  [K.DEPTH, 1, 100, 5, 0],
  // order 42 is unknown: skipped, counted
];

describe("Databento MBO records", () => {
  it("map to L3 add / cancel / modify / fill with DEPTH, trades and clears; snapshot records are stamped at the snapshot time", async () => {
    const file = tempFile("mbo.dbn", dbnFile({ schema: SCHEMA.MBO, ...MAPPED }, ...mboRecords()));
    const { meta, report, events } = await importDbn([file, tempFile("definition.dbn", defs(1))]);
    expect(tuples(events)).toEqual(MBO_EVENTS);
    expect(meta).toMatchObject({ symbol: "ESZ3", venue: "GLBX.MDP3", tickSize: 0.25, lotSize: 1, source: "databento:mbo" });
    // Snapshot records: exch = local = their ts_recv (T0), not their days-old ts_event.
    expect(events.slice(0, 7).every((e) => e.exchTs === T0 && e.localTs === T0)).toBe(true);
    expect([events[7].exchTs, events[7].localTs]).toEqual([T0 + 10n, T0 + 15n]);
    // Flag 8 on a live record: local_ts = exch_ts (its ts_recv T0 + 1 is not trusted).
    expect([events[18].exchTs, events[18].localTs]).toEqual([T0 + 50n, T0 + 50n]);
    expect(report.databento.mbo).toMatchObject({ adds: 4, cancels: 3, modifies: 2, fills: 1, trades: 1, clears: 1, unknownCancelsFills: 1, cancelQtyTakenByFills: 3, priceMoves: 1 });
    expect(report.databento).toMatchObject({ records: 12, snapshotRecords: 4, badTsRecv: 1 });
    expect(report.notes.join("\n")).toContain("1 C/F/M records named an order id the book did not hold");
    expect(report.crossedBooks).toBe(0);
    expect(report.eventsByKind).toEqual({ depthClear: 1, l3Add: 5, depth: 9, trade: 1, l3Fill: 1, l3Modify: 1, l3Cancel: 2 });
  });

  it("DBN v2, zstd-compressed, with --definitions (v2 layout) and tiny batches: the same events", async () => {
    const file = tempFile("mbo.dbn.zst", zstdFrame(dbnFile({ version: 2, schema: SCHEMA.MBO, ...MAPPED }, ...mboRecords()), 100));
    const { events, batchSizes, meta } = await importDbn([file], { definitions: [tempFile("def.dbn.zst", zstdFrame(defs(2)))], batchRows: 3 });
    expect(tuples(events)).toEqual(MBO_EVENTS);
    expect(batchSizes.every((n) => n <= 3)).toBe(true);
    expect(meta).toMatchObject({ symbol: "ESZ3", tickSize: 0.25, lotSize: 1 });
  });

  it("an order moved to a new side, a modify of an unknown order (taken as an add), a fill the feed then reduces by M", async () => {
    const h = (ts: bigint) => ({ instrumentId: ID, tsEvent: ts, tsRecv: ts });
    const file = tempFile(
      "mbo.dbn",
      dbnFile(
        { schema: SCHEMA.MBO, ...MAPPED },
        mbo({ ...h(T0), orderId: 1n, price: px(100), size: 10, action: "A", side: "B" }),
        mbo({ ...h(T0 + 1n), orderId: 2n, price: px(101), size: 2, action: "M", side: "A" }),
        mbo({ ...h(T0 + 2n), orderId: 9n, price: px(100), size: 4, action: "T", side: "A", flags: 0 }),
        mbo({ ...h(T0 + 2n), orderId: 1n, price: px(100), size: 4, action: "F", side: "B", flags: 0 }),
        mbo({ ...h(T0 + 2n), orderId: 1n, price: px(100), size: 6, action: "M", side: "B" }),
        mbo({ ...h(T0 + 3n), orderId: 1n, price: px(100), size: 0, action: "M", side: "B" }),
      ),
    );
    const { events, report } = await importDbn([file], { tickSize: 0.25, lotSize: 1, symbol: "ES" });
    expect(tuples(events)).toEqual([
      [K.L3_ADD, 1, 100, 10, 1],
      [K.DEPTH, 1, 100, 10, 0],
      [K.L3_ADD, -1, 101, 2, 2],
      [K.DEPTH, -1, 101, 2, 0],
      [K.TRADE, -1, 100, 4, 0],
      [K.L3_FILL, 1, 100, 4, 1],
      [K.DEPTH, 1, 100, 6, 0],
      // M to 6 after the fill of 4: the order already holds 6, nothing to do
      [K.L3_CANCEL, 1, 100, 6, 1],
      [K.DEPTH, 1, 100, 0, 0],
    ]);
    expect(report.databento.mbo).toMatchObject({ unknownModifies: 1 });
    expect(report.notes.join("\n")).toContain("(1 modifies taken as adds)");
  });

  it("makes exch_ts non-decreasing (a ts_event that steps back takes the previous one) and says so", async () => {
    const h = (ts: bigint, id: bigint) => ({ instrumentId: ID, tsEvent: ts, tsRecv: ts + 5n, orderId: id, price: px(100), size: 1, action: "A", side: "B" });
    const file = tempFile("mbo.dbn", dbnFile({ schema: SCHEMA.MBO, ...MAPPED }, mbo(h(T0 + 100n, 1n)), mbo(h(T0 + 40n, 2n)), mbo(h(T0 + 200n, 3n))));
    const { events, report } = await importDbn([file], { definitions: [tempFile("d.dbn", defs(1))] });
    expect(events.filter((e) => e.kind === K.L3_ADD).map((e) => [e.exchTs, e.localTs])).toEqual([
      [T0 + 100n, T0 + 105n],
      [T0 + 100n, T0 + 45n],
      [T0 + 200n, T0 + 205n],
    ]);
    expect(report.databento.clampedExchTs).toBe(1);
    expect(report.notes.join("\n")).toContain("exch_ts made non-decreasing: 1 records whose ts_event went back (by up to 60 ns)");
  });
});

const lv = (bid: number | null, bidSz: number, ask: number | null, askSz: number): Level => ({
  bidPx: bid === null ? UNDEF_PRICE : px(bid),
  askPx: ask === null ? UNDEF_PRICE : px(ask),
  bidSz,
  askSz,
});

describe("Databento MBP-1, MBP-10 and trades records", () => {
  it("MBP-1: the first record is a snapshot, then DEPTH diffs of the top level; a trade comes before its book change", async () => {
    const h = (ts: bigint) => ({ instrumentId: ID, tsEvent: ts, tsRecv: ts + 7n });
    const file = tempFile(
      "mbp1.dbn.zst",
      zstdFrame(
        dbnFile(
          { schema: SCHEMA.MBP_1, ...MAPPED },
          mbp({ ...h(T0), price: px(100), size: 5, action: "A", side: "B" }, [lv(100, 5, 100.5, 7)]),
          mbp({ ...h(T0 + 1n), price: px(100), size: 2, action: "A", side: "B" }, [lv(100, 7, 100.5, 7)]),
          mbp({ ...h(T0 + 2n), price: px(100.25), size: 1, action: "A", side: "B" }, [lv(100.25, 1, 100.5, 7)]),
          mbp({ ...h(T0 + 3n), price: px(100.5), size: 7, action: "T", side: "B", flags: 0 }, [lv(100.25, 1, 100.5, 7)]),
          mbp({ ...h(T0 + 3n), price: px(100.5), size: 7, action: "C", side: "A" }, [lv(100.25, 1, null, 0)]),
          mbp({ ...h(T0 + 4n), price: px(100.25), size: 1, action: "C", side: "N" }, [lv(100.25, 1, null, 0)]),
        ),
      ),
    );
    const { events, report, meta } = await importDbn([file, tempFile("def.dbn", defs(1))]);
    expect(tuples(events)).toEqual([
      [K.DEPTH_CLEAR, 0, 0, 0, 0],
      [K.SNAPSHOT, 1, 100, 5, 0],
      [K.SNAPSHOT, -1, 100.5, 7, 0],
      [K.DEPTH, 1, 100, 7, 0],
      [K.DEPTH, 1, 100, 0, 0], // the old best bid leaves the top level: deleted
      [K.DEPTH, 1, 100.25, 1, 0],
      [K.TRADE, 1, 100.5, 7, 0],
      [K.DEPTH, -1, 100.5, 0, 0],
      // the last record changes nothing
    ]);
    expect(events.map((e) => e.localTs - e.exchTs).every((d) => d === 7n)).toBe(true);
    expect(meta.source).toBe("databento:mbp-1");
    expect(report.databento.mbp).toEqual({ records: 6, trades: 1 });
    expect(report.crossedBooks).toBe(0);
  });

  it("MBP-10: levels leaving the top ten are deleted, the others resized or added", async () => {
    const asks = Array.from({ length: 10 }, (_, k): [number, number] => [100.5 + 0.25 * k, 10 + k]);
    const bids = Array.from({ length: 10 }, (_, k): [number, number] => [100 - 0.25 * k, k + 1]);
    const book = (b: [number, number][]) => b.map(([bid, bidSz], k) => lv(bid, bidSz, asks[k][0], asks[k][1]));
    const h = (ts: bigint) => ({ instrumentId: ID, tsEvent: ts, tsRecv: ts });
    const file = tempFile(
      "mbp10.dbn",
      dbnFile(
        { version: 2, schema: SCHEMA.MBP_10, ...MAPPED },
        mbp({ ...h(T0), price: px(100), size: 1, action: "A", side: "B" }, book(bids)),
        // A better bid: every bid level moves down one place and 97.75 leaves the top ten.
        mbp({ ...h(T0 + 1n), price: px(100.25), size: 4, action: "A", side: "B" }, book([[100.25, 4], ...bids.slice(0, 9)])),
      ),
    );
    const { events, report } = await importDbn([file], { tickSize: 0.25, lotSize: 1, symbol: "ESZ3" });
    expect(events.filter((e) => e.kind === K.SNAPSHOT)).toHaveLength(20);
    expect(tuples(events).slice(21)).toEqual([
      [K.DEPTH, 1, 97.75, 0, 0],
      [K.DEPTH, 1, 100.25, 4, 0],
    ]);
    expect(report.crossedBooks).toBe(0);
  });

  it("trades: one TRADE per record, side = the aggressor (N → 0)", async () => {
    const h = (ts: bigint) => ({ instrumentId: ID, tsEvent: ts, tsRecv: ts + 3n });
    const file = tempFile(
      "trades.dbn",
      dbnFile(
        { schema: SCHEMA.TRADES, ...MAPPED },
        mbp({ ...h(T0), price: px(100), size: 2, side: "B" }),
        mbp({ ...h(T0 + 1n), price: px(99.75), size: 1, side: "A" }),
        mbp({ ...h(T0 + 2n), price: px(99.75), size: 3, side: "N" }),
      ),
    );
    const { events, meta } = await importDbn([file], { definitions: [tempFile("def.dbn", defs(2))] });
    expect(tuples(events)).toEqual([
      [K.TRADE, 1, 100, 2, 0],
      [K.TRADE, -1, 99.75, 1, 0],
      [K.TRADE, 0, 99.75, 3, 0],
    ]);
    expect(events.map((e) => e.localTs - T0)).toEqual([3n, 4n, 5n]);
    expect(meta.source).toBe("databento:trades");
  });

  it("records flagged maybe-bad-book (flag 4) are reported as gaps, one per run of them", async () => {
    const t = (ts: bigint, flags: number) => mbp({ instrumentId: ID, tsEvent: ts, tsRecv: ts, price: px(100), size: 1, side: "B", flags });
    const file = tempFile("trades.dbn", dbnFile({ schema: SCHEMA.TRADES, ...MAPPED }, t(T0, 128), t(T0 + 1n, 128 | 4), t(T0 + 2n, 128 | 4), t(T0 + 3n, 128), t(T0 + 4n, 4)));
    const { events, report } = await importDbn([file], { tickSize: 0.25, lotSize: 1, symbol: "ES" });
    expect(events).toHaveLength(5);
    expect(report.gaps.map((g) => [g.file, g.line, g.exchTs])).toEqual([
      [file, 2, String(T0 + 1n)],
      [file, 5, String(T0 + 4n)],
    ]);
    expect(report.gaps[0].detail).toContain("flag 4 (maybe bad book)");
    expect(report.databento.maybeBadBookRecords).toBe(3);
  });

  it("records of other DBN types are skipped and counted; so are other instruments' records", async () => {
    const h = (ts: bigint, id = ID) => ({ instrumentId: id, tsEvent: ts, tsRecv: ts });
    const file = tempFile(
      "trades.dbn",
      dbnFile(
        { schema: SCHEMA.TRADES, ...MAPPED },
        rawRecord(0x12, 40, { instrumentId: ID, tsEvent: T0 }), // status
        mbp({ ...h(T0), price: px(100), size: 2, side: "B" }),
        mbp({ ...h(T0 + 1n, 8), price: px(100), size: 2, side: "B" }),
        rawRecord(0x18, 64, { instrumentId: ID, tsEvent: T0 }), // statistics
        rawRecord(0x18, 64, { instrumentId: ID, tsEvent: T0 }),
      ),
    );
    const { events, report } = await importDbn([file], { definitions: [tempFile("def.dbn", defs(1))] });
    expect(events).toHaveLength(1);
    expect(report.databento.skippedRecordTypes).toEqual({ status: 1, statistics: 2 });
    expect(report.databento.otherInstrumentRecords).toBe(1);
    expect(report.notes.join("\n")).toContain("records of other DBN types skipped: status 1, statistics 2");
  });
});

describe("Databento instrument definitions and the choice of instrument", () => {
  const two: MetadataSpec = {
    schema: SCHEMA.TRADES,
    mappings: [
      { rawSymbol: "ESZ3", intervals: [{ startDate: 20231114, endDate: 20231115, symbol: "7" }] },
      { rawSymbol: "NQZ3", intervals: [{ startDate: 20231114, endDate: 20231115, symbol: "8" }] },
    ],
  };
  const trade = (id: number, price: number) => mbp({ instrumentId: id, tsEvent: T0, tsRecv: T0, price: px(price), size: 1, side: "B" });
  const twoFile = () => tempFile("trades.dbn", dbnFile(two, trade(7, 100.25), trade(8, 15000.5)));
  const bothDefs = (version: 1 | 2) =>
    tempFile(
      "def.dbn",
      dbnFile(
        { version, schema: SCHEMA.DEFINITION },
        definition(version, { instrumentId: 7, tsEvent: T0, minPriceIncrement: px(0.25), rawSymbol: "ESZ3" }),
        definition(version, { instrumentId: 8, tsEvent: T0, minPriceIncrement: px(0.5), rawSymbol: "NQZ3", minLotSize: 2 }),
      ),
    );

  it("several instruments and no choice: an error listing them", async () => {
    await expect(importDbn([twoFile(), bothDefs(1)])).rejects.toThrow(/several instruments: 7 \(ESZ3\), 8 \(NQZ3\); one is written per output: choose it with --symbol or --instrument-id/);
  });

  it("--symbol or --instrument-id chooses; tick, lot and symbol come from that instrument's definition (v1 and v2 layouts)", async () => {
    for (const version of [1, 2] as const) {
      const bySymbol = await importDbn([twoFile(), bothDefs(version)], { symbol: "NQZ3" });
      expect(bySymbol.meta).toMatchObject({ symbol: "NQZ3", tickSize: 0.5, lotSize: 2 });
      expect(tuples(bySymbol.events)).toEqual([[K.TRADE, 1, 15000.5, 1, 0]]);
      expect(bySymbol.report.databento.otherInstrumentRecords).toBe(1);
      const byId = await importDbn([twoFile(), bothDefs(version)], { instrumentId: 7 });
      expect(byId.meta).toMatchObject({ symbol: "ESZ3", tickSize: 0.25, lotSize: 1 });
    }
    await expect(importDbn([twoFile(), bothDefs(1)], { instrumentId: 9 })).rejects.toThrow(/--instrument-id 9 is not in the data; it holds 7 \(ESZ3\), 8 \(NQZ3\)/);
    await expect(importDbn([twoFile(), bothDefs(1)], { symbol: "CLZ3" })).rejects.toThrow(/--symbol CLZ3 is none of the instruments in the data: 7 \(ESZ3\), 8 \(NQZ3\)/);
  });

  it("without a definition --tick, --lot and --symbol are required; the options override a definition", async () => {
    const file = tempFile("trades.dbn", dbnFile({ schema: SCHEMA.TRADES, ...MAPPED }, trade(ID, 100.5)));
    await expect(importDbn([file])).rejects.toThrow(/no instrument definition for instrument 7 \(ESZ3\): pass --definitions FILE .* or --tick, --lot, --symbol/);
    await expect(importDbn([file], { tickSize: 0.5 })).rejects.toThrow(/or --lot, --symbol$/);
    const given = await importDbn([file], { tickSize: 0.5, lotSize: 1, symbol: "ES" });
    expect(given.meta).toMatchObject({ symbol: "ES", tickSize: 0.5, lotSize: 1 });
    const overridden = await importDbn([file, tempFile("def.dbn", defs(1))], { tickSize: 0.5 });
    expect(overridden.meta).toMatchObject({ symbol: "ESZ3", tickSize: 0.5 });
    expect(overridden.report.notes.join("\n")).toContain("tick 0.5 (from options; the definition says 0.25)");
  });

  it("a file without symbol mappings: the instruments are found in its records", async () => {
    const file = tempFile("trades.dbn", dbnFile({ schema: SCHEMA.TRADES, stypeIn: 0, stypeOut: 0 }, trade(7, 100.25), trade(8, 15000.5), trade(7, 100.5)));
    await expect(importDbn([file, bothDefs(2)])).rejects.toThrow(/several instruments: 7 \(ESZ3\), 8 \(NQZ3\)/);
    const { events } = await importDbn([file, bothDefs(2)], { symbol: "ESZ3" });
    expect(events.map((e) => e.price)).toEqual([100.25, 100.5]);
  });

  it("several data files are one stream, in the order given", async () => {
    const at = (ts: bigint, price: number) => mbp({ instrumentId: ID, tsEvent: ts, tsRecv: ts, price: px(price), size: 1, side: "A" });
    const a = tempFile("a.dbn", dbnFile({ schema: SCHEMA.TRADES, ...MAPPED }, at(T0, 100), at(T0 + 1n, 100.25)));
    const b = tempFile("b.dbn.zst", zstdFrame(dbnFile({ version: 2, schema: SCHEMA.TRADES, ...MAPPED }, at(T0 + 2n, 100.5))));
    const { events, report } = await importDbn([a, b, tempFile("d.dbn", defs(1))]);
    expect(events.map((e) => e.price)).toEqual([100, 100.25, 100.5]);
    expect(report.databento.files).toBe(2);
  });
});
