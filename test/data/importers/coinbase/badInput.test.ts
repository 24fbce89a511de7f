import { describe, expect, it } from "vitest";
import { DataError, MmlabError } from "../../../../src/core/errors.ts";
import { coinbaseImporter } from "../../../../src/data/importers/coinbase/index.ts";
import { loadInstrumentFile } from "../../../../src/data/instruments/instrumentFile.ts";
import { dataErrorOf, importAll, tempFile } from "../tardis/support.ts";
import { captured, HEADER, inputFile, l2update, match, products, snapshot } from "./support.ts";

const SNAP = captured(100, snapshot([["99.00", "1"]], [["101.00", "1"]]));
const options = () => ({ symbol: "BTC-USD", instruments: products() });

/** The message of the DataError an input with these lines raises. */
async function messageOf(...lines: string[]): Promise<string> {
  return (await errorOf(...lines)).message;
}

/** The DataError an input with these lines (after the header and a snapshot) raises. */
async function errorOf(...lines: string[]): Promise<DataError> {
  return dataErrorOf(coinbaseImporter, [inputFile([...HEADER, SNAP, ...lines], "bad.txt")], options());
}

describe("Coinbase importer: bad input is a DataError naming the file, line, field and rule", () => {
  it("an off-grid price names the field and the value (l2update, snapshot, match)", async () => {
    const a = await errorOf(captured(200, l2update(200, [["buy", "99.50", "1"], ["sell", "100.005", "1"]])));
    expect([a.row, a.field]).toEqual([4, "changes[1][1] (price)"]);
    expect(a.message).toMatch(/bad\.txt: row 4: changes\[1\]\[1\] \(price\): price 100\.005 is not on the tick grid of 0\.01/);
    const b = await errorOf(captured(200, snapshot([["99.00", "1"], ["98.999", "1"]], [])));
    expect([b.row, b.field]).toEqual([4, "bids[1][0] (price)"]);
    expect(b.message).toContain("price 98.999 is not on the tick grid of 0.01");
    const c = await errorOf(captured(200, match("match", "buy", "99.001", "1", "2021-04-17T16:43:40.000200Z")));
    expect([c.row, c.field]).toEqual([4, "price"]);
  });

  it("a size off the lot grid (base_increment), or negative", async () => {
    const a = await errorOf(captured(200, l2update(200, [["buy", "99.50", "0.000000001"]])));
    expect([a.row, a.field]).toEqual([4, "changes[0][2] (size)"]);
    expect(a.message).toContain("size 1e-9 is not on the lot grid of 1e-8");
    const b = await errorOf(captured(200, l2update(200, [["buy", "99.50", "-1"]])));
    expect(b.message).toMatch(/row 4: changes\[0\]\[2\] \(size\): must be >= 0, found -1/);
  });

  it("a side other than buy/sell, a bad time, a malformed change or level", async () => {
    expect(await messageOf(captured(200, l2update(200, [["bid", "99.50", "1"]])))).toMatch(/row 4: changes\[0\]\[0\] \(side\): must be buy or sell, found "bid"/);
    expect(await messageOf(captured(200, { ...match("match", "buy", "99.00", "1", "x"), side: undefined, time: "2021-04-17T16:43:40Z" }))).toMatch(/row 4: side: must be buy or sell, found undefined/);
    expect(await messageOf(captured(200, { ...l2update(200, []), time: "2021-04-17 16:43:40" }))).toMatch(/row 4: time: must be an ISO-8601 UTC time/);
    expect(await messageOf(captured(200, { ...l2update(200, []), time: "2021-02-30T16:43:40.000000Z" }))).toMatch(/row 4: time: must be an ISO-8601 UTC time/);
    expect(await messageOf(captured(200, { ...l2update(200, []), changes: "none" }))).toMatch(/row 4: changes: must be an array/);
    expect(await messageOf(captured(200, l2update(200, [["buy", "99.50"]])))).toMatch(/row 4: changes\[0\]: a change must be \[side, price, size\]/);
    expect(await messageOf(captured(200, snapshot([["99.00"]], [])))).toMatch(/row 4: bids\[0\]: a level must be \[price, size\]/);
  });

  it("a line that is neither JSON nor a capture line; broken JSON; a bad receive time", async () => {
    expect(await messageOf("hello")).toMatch(/bad\.txt: row 4: not a Coinbase message: expected a JSON object or a cryptofeed line/);
    expect(await messageOf('1618677820.5: {"type":"l2update","product_id":"BTC-USD","changes":[')).toMatch(/row 4: not a JSON message/);
    expect(await messageOf(`1234567890123: ${JSON.stringify(l2update(200, []))}`)).toMatch(/row 4: receive time: not epoch seconds: "1234567890123"/);
  });

  it("plain JSON lines: a snapshot with no later l2update has no time", async () => {
    const file = inputFile([JSON.stringify(snapshot([["99.00", "1"]], [["101.00", "1"]]))], "plain.jsonl");
    const e = await dataErrorOf(coinbaseImporter, [file], options());
    expect(e.message).toMatch(/plain\.jsonl: row 1: a snapshot with no later l2update of its product: plain JSON lines carry no receive time/);
  });
});

describe("Coinbase importer: which product, and its tick and lot", () => {
  const two = () => inputFile([...HEADER, SNAP, captured(200, l2update(200, [["buy", "2000.00", "1"]], "ETH-USD"))], "two.txt");

  it("several products and no --symbol: an error listing them", async () => {
    await expect(importAll(coinbaseImporter, [two()], { instruments: products() })).rejects.toThrow(/two\.txt holds 2 products \(BTC-USD, ETH-USD\): choose one with --symbol/);
  });

  it("a --symbol the inputs do not hold: an error naming the products they do", async () => {
    await expect(importAll(coinbaseImporter, [two()], { symbol: "SOL-USD", tickSize: 0.01, lotSize: 0.01 })).rejects.toThrow(/no messages of SOL-USD in .*two\.txt; products there: BTC-USD, ETH-USD/);
  });

  it("no tick and lot: --products or --tick/--lot is asked for; a product the file lacks names the file", async () => {
    const file = two();
    const a = await importAll(coinbaseImporter, [file], { symbol: "BTC-USD" }).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(MmlabError);
    expect((a as Error).message).toMatch(/tick and lot size of coinbase BTC-USD unknown: pass --products FILE \(the REST \/products answer, e\.g\. cryptofeed's COINBASE\.0\) or --tick and --lot/);
    await expect(importAll(coinbaseImporter, [file], { symbol: "BTC-USD", tickSize: 0.01 })).rejects.toThrow(/pass --products FILE/);
    const sol = await importAll(coinbaseImporter, [file], { symbol: "SOL-USD", instruments: products() }).catch((e: unknown) => e);
    expect((sol as Error).message).toMatch(/coinbase SOL-USD is not in .*COINBASE\.0 \(Coinbase \/products, 2 products\): pass --tick and --lot/);
  });

  it("a malformed products file: the file, line and field", () => {
    const bad = tempFile("COINBASE.0", `https://api.pro.coinbase.com/products -> 1.5: [{"id":"BTC-USD","quote_increment":"abc","base_increment":"1"}]\n`);
    expect(() => loadInstrumentFile(bad).find("BTC-USD")).toThrow(/COINBASE\.0: row 1: \[0\]\.quote_increment: must be a positive decimal, found "abc"/);
  });
});
