import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { coinbaseImporter } from "../../../../src/data/importers/coinbase/index.ts";
import { loadInstrumentFile } from "../../../../src/data/instruments/instrumentFile.ts";
import { EventKind } from "../../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";
import { countKinds, importAll, replay, tempFile } from "../tardis/support.ts";

const CAPTURE = sample("coinbase/COINBASE.ws.28.0.head3000");
const PRODUCTS = sample("coinbase/COINBASE.0");

/**
 * Per product: events by kind, and tickers (all but the subscribe one checked, all matching).
 * Counted independently of the importer: snapshot levels and l2update changes by a JSON read of
 * the capture (SKL-USD, BAND-BTC, CRV-EUR each hold one joke level beyond 2^31 ticks, dropped).
 */
const EXPECTED: Record<string, { kinds: Record<string, number>; tickers: number; tick: number; lot: number }> = {
  "SKL-USD": { kinds: { depthClear: 2, snapshot: 2154, depth: 729, trade: 8 }, tickers: 7, tick: 0.0001, lot: 0.1 },
  "NMR-EUR": { kinds: { depthClear: 2, snapshot: 941, depth: 113, trade: 8 }, tickers: 7, tick: 0.0001, lot: 0.001 },
  "SKL-BTC": { kinds: { depthClear: 2, snapshot: 627, depth: 488, trade: 5 }, tickers: 4, tick: 0.00000001, lot: 0.1 },
  "DASH-BTC": { kinds: { depthClear: 2, snapshot: 980, depth: 574, trade: 2 }, tickers: 1, tick: 0.00000001, lot: 0.001 },
};

/** The capture's messages of one product, read here with plain JSON (not the importer's code). */
function messagesOf(product: string): Record<string, unknown>[] {
  return readFileSync(CAPTURE, "utf8")
    .split("\n")
    .filter((l) => /^\d/.test(l))
    .map((l) => JSON.parse(l.slice(l.indexOf(": ") + 2)) as Record<string, unknown>)
    .filter((m) => m.product_id === product);
}

describeWithSharedData("Coinbase capture sample (cryptofeed, 10 products, 2021-04-17)", () => {
  const instruments = loadInstrumentFile(PRODUCTS);

  for (const [product, want] of Object.entries(EXPECTED)) {
    it(`${product}: events by kind, tick and lot from COINBASE.0, every ticker but the subscribe one matches the rebuilt book`, async () => {
      const { data, events } = await importAll(coinbaseImporter, [CAPTURE], { symbol: product, instruments });
      expect(data.meta).toMatchObject({ symbol: product, venue: "coinbase", tickSize: want.tick, lotSize: want.lot, source: "coinbase-ws" });
      expect(data.report.eventsByKind).toEqual(want.kinds);
      expect(countKinds(events)).toEqual(want.kinds);
      expect(data.report.bboChecked).toBe(want.tickers);
      expect(data.report.bboMatched).toBe(want.tickers);
      expect(data.report.crossedBooks).toBe(0);
      const messages = messagesOf(product);
      expect(messages.filter((m) => m.type === "ticker")).toHaveLength(want.tickers + 1);
      // Every message's exchange time is kept, bar raised ones; rows never go back in time.
      for (let i = 1; i < events.length; i++) expect(events[i].exchTs >= events[i - 1].exchTs).toBe(true);
      // Nothing is received before it happened (the local clock ran ~18 ms behind and is corrected).
      const book = events.filter((e) => e.kind === EventKind.DEPTH);
      expect(book.every((e) => e.localTs >= e.exchTs)).toBe(true);
      expect(data.report.notes.join("\n")).toMatch(/local clock 18\.\d+ ms behind the exchange/);
    });
  }

  it("SKL-BTC: trades take the aggressor's side, the opposite of Coinbase's maker side (the ticker's taker side agrees)", async () => {
    const { events } = await importAll(coinbaseImporter, [CAPTURE], { symbol: "SKL-BTC", instruments });
    const trades = events.filter((e) => e.kind === EventKind.TRADE);
    const matches = messagesOf("SKL-BTC").filter((m) => m.type === "match" || m.type === "last_match");
    expect(trades.map((t) => [t.side, t.price, t.qty])).toEqual(matches.map((m) => [m.side === "sell" ? 1 : -1, Number(m.price), Number(m.size)]));
    // Line 56: match side "sell" (a resting sell was lifted), then ticker side "buy" (the taker): a buy aggressor.
    const lifted = trades.find((t) => t.exchTs === 1618677817089723000n)!;
    expect([lifted.side, lifted.price, lifted.qty]).toEqual([1, 0.00001305, 985]);
  });

  it("the rebuilt book equals a book rebuilt here from the raw messages (SKL-USD, at the end)", async () => {
    const { events } = await importAll(coinbaseImporter, [CAPTURE], { symbol: "SKL-USD", instruments });
    const mine = new Map<string, number>();
    for (const m of messagesOf("SKL-USD")) {
      const set = (side: string, px: string, sz: string): void => {
        if (Number(sz) === 0) mine.delete(`${side}${Number(px)}`);
        else mine.set(`${side}${Number(px)}`, Number(sz));
      };
      if (m.type === "snapshot") {
        mine.clear();
        for (const [px, sz] of m.bids as string[][]) set("buy", px, sz);
        // The one ask beyond 2^31 ticks of 0.0001 (999999.0000) is dropped by the importer.
        for (const [px, sz] of m.asks as string[][]) if (Number(px) / 0.0001 <= 0x7fffffff) set("sell", px, sz);
      }
      if (m.type === "l2update") for (const [side, px, sz] of m.changes as string[][]) set(side, px, sz);
    }
    const book = replay(events);
    const rebuilt = new Map<string, number>();
    for (const [px, sz] of book.bids) rebuilt.set(`buy${px}`, sz);
    for (const [px, sz] of book.asks) rebuilt.set(`sell${px}`, sz);
    expect(rebuilt).toEqual(mine);
  });

  it("without --symbol: a clear error listing the ten products", async () => {
    await expect(importAll(coinbaseImporter, [CAPTURE], { instruments })).rejects.toThrow(
      /holds 10 products \(BAND-GBP, SKL-GBP, NU-GBP, YFI-BTC, SKL-BTC, CRV-EUR, BAND-BTC, DASH-BTC, NMR-EUR, SKL-USD\): choose one with --symbol/,
    );
  });

  it("the same messages as plain JSON lines: the same rows, local_ts = exch_ts, the same ticker agreement", async () => {
    const plain = readFileSync(CAPTURE, "utf8")
      .split("\n")
      .filter((l) => /^\d/.test(l))
      .map((l) => l.slice(l.indexOf(": ") + 2))
      .join("\n");
    const file = tempFile("coinbase-plain.jsonl", plain + "\n");
    const captured = await importAll(coinbaseImporter, [CAPTURE], { symbol: "NMR-EUR", instruments });
    const { data, events } = await importAll(coinbaseImporter, [file], { symbol: "NMR-EUR", instruments });
    expect(data.report.eventsByKind).toEqual(captured.data.report.eventsByKind);
    expect([data.report.bboChecked, data.report.bboMatched]).toEqual([7, 7]);
    expect(events.every((e) => e.localTs === e.exchTs)).toBe(true);
    expect(events.map((e) => [e.kind, e.side, e.price, e.qty])).toEqual(captured.events.map((e) => [e.kind, e.side, e.price, e.qty]));
    expect(data.report.notes.join("\n")).toContain("local_ts = the message's time (plain JSON lines carry no receive time)");
  });
});
