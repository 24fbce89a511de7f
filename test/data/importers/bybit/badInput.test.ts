import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { MmlabError } from "../../../../src/core/errors.ts";
import { bybitOrderbookImporter } from "../../../../src/data/importers/bybit/index.ts";
import { dataErrorOf, importAll, replay, tempFile } from "../tardis/support.ts";

const msg = (type: string, u: number, b: [string, string][], a: [string, string][], ts = 1733011200000 + u): string =>
  JSON.stringify({ topic: "orderbook.500.XRPUSDT", type, ts, cts: ts - 3, data: { s: "XRPUSDT", b, a, u, seq: u * 10 } });
const ENTRY = "2024-12-01_XRPUSDT_ob500.data";
const zipOf = (...lines: string[]): string => tempFile("x.data.zip", zipSync({ [ENTRY]: strToU8(lines.join("\r\n") + "\r\n") }));
const SNAP = msg("snapshot", 10, [["1.9530", "100"]], [["1.9532", "50"]]);

describe("Bybit orderbook importer: bad input", () => {
  it("rejects a price off the tick grid, naming zip entry, line and field", async () => {
    const file = zipOf(SNAP, msg("delta", 11, [["1.95305", "1"]], []));
    const e = await dataErrorOf(bybitOrderbookImporter, [file]);
    expect([e.file, e.row, e.field]).toEqual([`${file}:${ENTRY}`, 2, "data.b[0][0] (price)"]);
    expect(e.message).toContain("not on the tick grid of 0.0001");
  });

  it("rejects a non-numeric price, a negative size, a bad type and a line that is not JSON", async () => {
    expect(await dataErrorOf(bybitOrderbookImporter, [zipOf(SNAP, msg("delta", 11, [], [["x", "1"]]))])).toMatchObject({ row: 2, field: "data.a[0][0] (price)" });
    expect(await dataErrorOf(bybitOrderbookImporter, [zipOf(SNAP, msg("delta", 11, [], [["1.9533", "-1"]]))])).toMatchObject({ row: 2, field: "data.a[0][1] (size)" });
    expect(await dataErrorOf(bybitOrderbookImporter, [zipOf(SNAP, msg("update", 11, [], []))])).toMatchObject({ row: 2, field: "type" });
    expect(await dataErrorOf(bybitOrderbookImporter, [zipOf(SNAP, "{not json")])).toMatchObject({ row: 2, field: undefined });
    expect(await dataErrorOf(bybitOrderbookImporter, [zipOf(SNAP, msg("delta", 11, [], []).replace('"XRPUSDT",', '"BTCUSDT",'))])).toMatchObject({ row: 2, field: "data.s" });
  });

  it("fails on an update-id gap, or records it and resyncs at the next snapshot", async () => {
    const file = zipOf(
      SNAP,
      msg("delta", 11, [["1.9531", "5"]], []),
      msg("delta", 13, [["1.9531", "0"]], []), // u 12 missing
      msg("delta", 14, [["1.9529", "7"]], []), // dropped
      msg("snapshot", 20, [["1.9528", "1"]], [["1.9529", "2"]]),
      msg("delta", 21, [], [["1.9530", "3"]]),
    );
    const e = await dataErrorOf(bybitOrderbookImporter, [file]);
    expect([e.row, e.field]).toEqual([3, "data.u"]);
    const { data, events } = await importAll(bybitOrderbookImporter, [file], { onGap: "resync" });
    expect(data.report.gaps).toEqual([{ file: `${file}:${ENTRY}`, line: 3, exchTs: String(BigInt(1733011200013 - 3) * 1_000_000n), detail: "update id u 13 does not follow the previous 11" }]);
    expect(data.report.notes.join("\n")).toContain("2 delta messages after gaps were dropped");
    const book = replay(events);
    expect(book.levels(1)).toEqual([[1.9528, 1]]);
    expect(book.levels(-1)).toEqual([[1.9529, 2], [1.953, 3]]);
  });

  it("needs --tick/--lot for unknown symbols and reports a truncated zip", async () => {
    const other = zipOf(msg("snapshot", 1, [["10.5", "1"]], []).replaceAll("XRPUSDT", "FOOUSDT"));
    await expect(importAll(bybitOrderbookImporter, [other])).rejects.toThrow(/pass --tick and --lot/);
    expect((await importAll(bybitOrderbookImporter, [other], { tickSize: 0.5, lotSize: 1 })).events).toHaveLength(3);
    const lines = [SNAP];
    for (let u = 11; u < 400; u++) lines.push(msg("delta", u, [[(1.9 + (u % 50) / 10000).toFixed(4), String(u)]], []));
    const whole = zipSync({ [ENTRY]: strToU8(lines.join("\n")) }, { level: 0 });
    const cut = tempFile("cut.data.zip", whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(importAll(bybitOrderbookImporter, [cut])).rejects.toThrow(MmlabError);
  });
});
