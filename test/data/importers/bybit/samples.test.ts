import fs from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { expect, it } from "vitest";
import { bybitOrderbookImporter } from "../../../../src/data/importers/bybit/index.ts";
import { EventKind } from "../../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";
import { countKinds, importAll, MapBook, replay, tempFile } from "../tardis/support.ts";

const ZIP = sample("format-samples/xrpusdt-ob500.data.zip");

interface Msg {
  type: string;
  ts: number;
  cts: number;
  data: { s: string; b: [string, string][]; a: [string, string][]; u: number };
}

/** The dump's messages, read with fflate's one-shot unzip (independent of the importer's streaming). */
function messages(): { entry: string; text: string; msgs: Msg[] } {
  const files = unzipSync(fs.readFileSync(ZIP));
  const [entry] = Object.keys(files);
  const text = strFromU8(files[entry]);
  return { entry, text, msgs: text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Msg) };
}

describeWithSharedData("Bybit orderbook.500 dump sample (xrpusdt-ob500.data.zip)", () => {
  it("parses the snapshot and the 49 deltas", async () => {
    const { data, events } = await importAll(bybitOrderbookImporter, [ZIP]);
    const { msgs } = messages();
    expect(msgs).toHaveLength(50);
    expect(msgs.map((m) => m.type)).toEqual(["snapshot", ...Array(49).fill("delta")]);
    expect(data.meta).toMatchObject({ symbol: "XRPUSDT", venue: "bybit", tickSize: 0.0001, lotSize: 1, source: "bybit-orderbook" });
    // Snapshot: ts 1733011200691, cts 1733011200589, first bid ["1.9531","6203"].
    const exch = 1733011200589000000n;
    const local = 1733011200691000000n;
    expect(events.slice(0, 3)).toEqual([
      { exchTs: exch, localTs: local, kind: EventKind.DEPTH_CLEAR, side: 1, price: 0, qty: 0 },
      { exchTs: exch, localTs: local, kind: EventKind.DEPTH_CLEAR, side: -1, price: 0, qty: 0 },
      { exchTs: exch, localTs: local, kind: EventKind.SNAPSHOT, side: 1, price: 1.9531, qty: 6203 },
    ]);
    const deltaLevels = msgs.slice(1).reduce((n, m) => n + m.data.b.length + m.data.a.length, 0);
    expect(deltaLevels).toBe(2966);
    expect(data.report.eventsByKind).toEqual({ depthClear: 2, snapshot: 1000, depth: deltaLevels });
    expect(countKinds(events)).toEqual(data.report.eventsByKind);
    const last = msgs[msgs.length - 1];
    expect(data.report.firstExchTs).toBe(exch.toString());
    expect(data.report.lastExchTs).toBe(String(BigInt(last.cts) * 1_000_000n));
    expect(data.report.gaps).toEqual([]);
    expect(data.report.crossedBooks).toBe(0);
    expect(data.report.notes.join("\n")).toContain("local_ts = ts");
  });

  it("replays to the book the messages describe", async () => {
    const { events } = await importAll(bybitOrderbookImporter, [ZIP], { batchRows: 256 });
    const expected = new MapBook();
    for (const m of messages().msgs) {
      if (m.type === "snapshot") expected.bids.clear(), expected.asks.clear();
      for (const [side, levels] of [[expected.bids, m.data.b], [expected.asks, m.data.a]] as const) {
        for (const [p, q] of levels) {
          if (Number(q) === 0) side.delete(Number(p));
          else side.set(Number(p), Number(q));
        }
      }
    }
    const book = replay(events);
    expect([book.bestBid(), book.bestAsk()]).toEqual([expected.bestBid(), expected.bestAsk()]);
    expect(book.levels(1)).toEqual(expected.levels(1));
    expect(book.levels(-1)).toEqual(expected.levels(-1));
    expect(book.bestBid()!).toBeLessThan(book.bestAsk()!);
  });

  it("streams in batches of at most batchRows and reads the unzipped JSON lines alike", async () => {
    const whole = await importAll(bybitOrderbookImporter, [ZIP]);
    const small = await importAll(bybitOrderbookImporter, [ZIP], { batchRows: 256 });
    expect(small.events).toEqual(whole.events);
    expect(small.batchSizes.every((n) => n <= 256)).toBe(true);
    expect(small.batchSizes.length).toBe(Math.ceil(whole.events.length / 256));
    const plain = tempFile("2024-12-01_XRPUSDT_ob500.data", messages().text);
    expect((await importAll(bybitOrderbookImporter, [plain])).events).toEqual(whole.events);
  });
});
