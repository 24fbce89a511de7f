import { describe, expect, it } from "vitest";
import { DbnRecordError } from "../../../../src/data/importers/databento/recordError.ts";
import { dbnFile, definition, mbo, mbp, metadata, px, rawRecord, SCHEMA, zstdFrame, type MetadataSpec } from "./dbnBuilder.ts";
import { dataErrorOf, errorOf, tempFile } from "./support.ts";

const T0 = 1_700_000_000_000_000_000n;
const ID = 7;
const MAPPED = { mappings: [{ rawSymbol: "ESZ3", intervals: [{ startDate: 20231114, endDate: 20231115, symbol: String(ID) }] }] };
const OPTIONS = { tickSize: 0.25, lotSize: 1, symbol: "ESZ3" };
const TRADES: MetadataSpec = { schema: SCHEMA.TRADES, ...MAPPED };
const MBO: MetadataSpec = { schema: SCHEMA.MBO, ...MAPPED };
const trade = (price: number, ts = T0) => mbp({ instrumentId: ID, tsEvent: ts, tsRecv: ts, price: px(price), size: 1, side: "B" });
const order = (fields: Partial<Parameters<typeof mbo>[0]>) =>
  mbo({ instrumentId: ID, tsEvent: T0, tsRecv: T0, orderId: 1n, price: px(100), size: 1, action: "A", side: "B", ...fields });

/** The DbnRecordError an import throws, checked to name the file, record, byte offset and field. */
async function recordErrorOf(file: string, record: number, byteOffset: number, field: string, options = OPTIONS): Promise<DbnRecordError> {
  const e = await dataErrorOf([file], options);
  expect(e).toBeInstanceOf(DbnRecordError);
  const r = e as DbnRecordError;
  expect([r.file, r.record, r.byteOffset, r.field]).toEqual([file, record, byteOffset, field]);
  expect(r.message.startsWith(`${file}: record ${record} (byte ${byteOffset}): ${field}: `)).toBe(true);
  return r;
}

describe("Databento importer: bad input", () => {
  const M = metadata(TRADES).length;

  it("a price off the tick grid names the file, the record, its byte offset, the field and the value", async () => {
    const file = tempFile("trades.dbn", dbnFile(TRADES, trade(100), trade(100.1)));
    const e = await recordErrorOf(file, 2, M + 48, "price");
    expect(e.message).toContain("price 100.1 is not on the tick grid of 0.25");
    const levels = tempFile("mbp1.dbn", dbnFile({ ...TRADES, schema: SCHEMA.MBP_1 }, mbp({ instrumentId: ID, tsEvent: T0, tsRecv: T0, price: px(100), size: 1, action: "A", side: "B" }, [{ bidPx: px(100), askPx: px(100.3), bidSz: 1, askSz: 1 }])));
    expect((await recordErrorOf(levels, 1, M, "levels[0].ask_px")).message).toContain("price 100.3 is not on the tick grid of 0.25");
  });

  it("a truncated record (plain) or a truncated zstd frame", async () => {
    const whole = dbnFile(TRADES, trade(100), trade(100.25));
    const cut = tempFile("cut.dbn", whole.subarray(0, whole.length - 10));
    expect((await recordErrorOf(cut, 2, M + 48, "length")).message).toContain("truncated record: the file ends 38 bytes into a 48-byte record");
    const zst = zstdFrame(whole);
    const e = await dataErrorOf([tempFile("cut.dbn.zst", zst.subarray(0, zst.length - 10))], OPTIONS);
    expect([e.field, e.message]).toEqual(["zstd", expect.stringContaining("truncated or corrupt zstd data")]);
    const inMetadata = tempFile("cut.dbn", whole.subarray(0, 50));
    expect((await dataErrorOf([inMetadata], OPTIONS)).message).toContain("the file ends inside the");
  });

  it("an rtype DBN does not define is an error (a corrupt stream); a record shorter than its header or its schema too", async () => {
    const unknown = tempFile("x.dbn", dbnFile(TRADES, trade(100), rawRecord(0x99, 48, { instrumentId: ID, tsEvent: T0 })));
    expect((await recordErrorOf(unknown, 2, M + 48, "rtype")).message).toContain("unknown record type 0x99");
    const zeroLength = dbnFile(TRADES, trade(100), trade(100));
    zeroLength[M + 48] = 0;
    expect((await recordErrorOf(tempFile("z.dbn", zeroLength), 2, M + 48, "length")).message).toContain("shorter than the 16-byte record header");
    const short = tempFile("s.dbn", dbnFile(MBO, rawRecord(0xa0, 48, { instrumentId: ID, tsEvent: T0 })));
    expect((await recordErrorOf(short, 1, metadata(MBO).length, "length")).message).toContain("48 bytes is shorter than a mbo record (56 bytes)");
  });

  it("a bad version, a file that is not DBN, an empty file", async () => {
    for (const version of [0, 3]) {
      const bytes = dbnFile(TRADES, trade(100));
      bytes[3] = version;
      const e = await dataErrorOf([tempFile("v.dbn", bytes)], OPTIONS);
      expect([e.field, e.message]).toEqual(["metadata version", expect.stringContaining(`DBN version ${version} is not supported (versions 1 and 2 are)`)]);
    }
    expect((await dataErrorOf([tempFile("x.csv", new TextEncoder().encode("ts,price\n1,2\n"))])).message).toContain('not a DBN file: it starts with neither "DBN" nor a zstd frame');
    expect((await dataErrorOf([tempFile("e.dbn", new Uint8Array(0))])).message).toContain("empty file");
    expect((await dataErrorOf(["/nonexistent/x.dbn.zst"])).message).toContain("no such file");
  });

  it("negative prices, bad sides and actions, top-of-book MBO, duplicate adds, huge order ids", async () => {
    const mboAt = (i: number) => metadata(MBO).length + 56 * i;
    const neg = tempFile("n.dbn", dbnFile(TRADES, mbp({ instrumentId: ID, tsEvent: T0, tsRecv: T0, price: -px(1), size: 1, side: "B" })));
    expect((await recordErrorOf(neg, 1, M, "price")).message).toContain("negative price -1");
    const side = tempFile("s.dbn", dbnFile(MBO, order({ side: "X" })));
    expect((await recordErrorOf(side, 1, mboAt(0), "side")).message).toContain('must be A, B or N, found "X"');
    const noSide = tempFile("n.dbn", dbnFile(MBO, order({ side: "N" })));
    expect((await recordErrorOf(noSide, 1, mboAt(0), "side")).message).toContain("must be on side B or A");
    const action = tempFile("a.dbn", dbnFile(MBO, order({ action: "Z" })));
    expect((await recordErrorOf(action, 1, mboAt(0), "action")).message).toContain('found "Z"');
    const tob = tempFile("t.dbn", dbnFile(MBO, order({ flags: 128 | 64 })));
    expect((await recordErrorOf(tob, 1, mboAt(0), "flags")).message).toContain("top-of-book record (flag 64)");
    const dup = tempFile("d.dbn", dbnFile(MBO, order({}), order({ tsEvent: T0 + 1n })));
    expect((await recordErrorOf(dup, 2, mboAt(1), "order_id")).message).toContain("add of order 1, which is already in the book");
    const moved = tempFile("m.dbn", dbnFile(MBO, order({}), order({ action: "C", price: px(99) })));
    expect((await recordErrorOf(moved, 2, mboAt(1), "price")).message).toContain("order 1 rests at 100 on side 1, the record says 99 on side 1");
    const huge = tempFile("h.dbn", dbnFile(MBO, order({ orderId: 2n ** 60n })));
    expect((await recordErrorOf(huge, 1, mboAt(0), "order_id")).message).toContain("order id ≥ 2^53");
  });

  it("inputs that do not go together: wrong schemas, definitions only, files out of time order", async () => {
    const def = tempFile("def.dbn", dbnFile({ schema: SCHEMA.DEFINITION }, definition(1, { instrumentId: ID, tsEvent: T0, minPriceIncrement: px(0.25), rawSymbol: "ESZ3" })));
    const trades = tempFile("t.dbn", dbnFile(TRADES, trade(100)));
    const asDefinitions = await dataErrorOf([trades], { definitions: [trades] });
    expect([asDefinitions.field, asDefinitions.message]).toEqual(["metadata schema", expect.stringContaining("is trades, not definition")]);
    expect((await errorOf([def])).message).toContain("only instrument definitions were given");
    const ohlcv = tempFile("o.dbn", dbnFile({ ...TRADES, schema: SCHEMA.OHLCV_1S }));
    expect((await dataErrorOf([ohlcv], OPTIONS)).message).toContain("ohlcv-1s is not supported: give mbo, mbp-1, mbp-10, trades data");
    const tbbo = tempFile("b.dbn", dbnFile({ ...TRADES, schema: SCHEMA.TBBO }));
    expect((await dataErrorOf([tbbo], OPTIONS)).message).toContain("tbbo is not supported");
    const mboFile = tempFile("m.dbn", dbnFile(MBO, order({})));
    expect((await dataErrorOf([trades, mboFile], OPTIONS)).message).toContain("all data files must be of one dataset and schema");
    const later = tempFile("later.dbn", dbnFile(TRADES, trade(100, T0 + 100n)));
    const earlier = tempFile("earlier.dbn", dbnFile(TRADES, trade(100, T0 + 50n)));
    const e = await dataErrorOf([later, earlier], OPTIONS);
    expect([e.file, (e as DbnRecordError).record, e.field]).toEqual([earlier, 1, "ts_event"]);
    expect(e.message).toContain("this file starts before the previous file ends");
  });
});
