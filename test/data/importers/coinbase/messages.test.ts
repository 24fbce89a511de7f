import { describe, expect, it } from "vitest";
import { coinbaseImporter } from "../../../../src/data/importers/coinbase/index.ts";
import { EventKind } from "../../../../src/data/schema.ts";
import { importAll } from "../tardis/support.ts";
import { captured, HEADER, inputFile, l2update, match, ns, products, snapshot, ticker } from "./support.ts";

const { DEPTH, TRADE, DEPTH_CLEAR, SNAPSHOT } = EventKind;

/** A capture with every message type (BTC-USD, tick 0.01), and the ETH-USD line it must skip. */
const EVERY_TYPE = [
  ...HEADER,
  captured(0, { type: "subscriptions", channels: [] }),
  captured(100, snapshot([["100.00", "1.5"], ["99.99", "2"], ["99.90", "1"]], [["100.01", "1"], ["100.05", "3"]])),
  captured(200, ticker("90.00", "91.00", 150)), // sent on subscribe: the last trade's, stale
  captured(300, match("last_match", "buy", "99.98", "0.1", "2021-04-17T16:43:39.500000Z")),
  captured(1000, l2update(900, [["buy", "100.00", "0"], ["sell", "100.02", "4"]])),
  captured(2000, match("match", "sell", "100.01", "0.5", "2021-04-17T16:43:40.001900Z")),
  captured(2100, l2update(1900, [["sell", "100.01", "0.5"]])),
  captured(2200, ticker("99.99", "100.01", 1900)),
  captured(3000, match("match", "buy", "99.99", "2", "2021-04-17T16:43:40.002900Z")),
  captured(3100, l2update(2900, [["buy", "99.99", "0"]])),
  captured(3200, ticker("99.90", "100.01", 2900)),
  captured(3300, ticker("99.95", "100.01", 3300)), // disagrees with the book
  captured(3400, { type: "heartbeat", product_id: "BTC-USD", sequence: 1, last_trade_id: 1, time: "2021-04-17T16:43:40.003400Z" }),
  captured(3500, l2update(3500, [["buy", "2000.00", "1"]], "ETH-USD")),
];

describe("Coinbase messages, hand-made", () => {
  it("every message type of a capture: snapshot, l2update, match/last_match (aggressor side), ticker check", async () => {
    const { data, events } = await importAll(coinbaseImporter, [inputFile(EVERY_TYPE)], { symbol: "btc-usd", instruments: products() });
    expect(data.meta).toMatchObject({ symbol: "BTC-USD", venue: "coinbase", tickSize: 0.01, lotSize: 0.00000001 });
    const stale = ns(0) - 500_000_000n; // 16:43:39.5
    expect(events).toEqual([
      // last_match came while the snapshot waited for its time: out first, at its own (older) time; maker buy → aggressor sell
      { exchTs: stale, localTs: ns(300), kind: TRADE, side: -1, price: 99.98, qty: 0.1 },
      // the snapshot: received at 100 µs, before the next l2update's time (900 µs): its receive time
      { exchTs: ns(100), localTs: ns(100), kind: DEPTH_CLEAR, side: 1, price: 0, qty: 0 },
      { exchTs: ns(100), localTs: ns(100), kind: DEPTH_CLEAR, side: -1, price: 0, qty: 0 },
      { exchTs: ns(100), localTs: ns(100), kind: SNAPSHOT, side: 1, price: 100, qty: 1.5 },
      { exchTs: ns(100), localTs: ns(100), kind: SNAPSHOT, side: 1, price: 99.99, qty: 2 },
      { exchTs: ns(100), localTs: ns(100), kind: SNAPSHOT, side: 1, price: 99.9, qty: 1 },
      { exchTs: ns(100), localTs: ns(100), kind: SNAPSHOT, side: -1, price: 100.01, qty: 1 },
      { exchTs: ns(100), localTs: ns(100), kind: SNAPSHOT, side: -1, price: 100.05, qty: 3 },
      { exchTs: ns(900), localTs: ns(1000), kind: DEPTH, side: 1, price: 100, qty: 0 },
      { exchTs: ns(900), localTs: ns(1000), kind: DEPTH, side: -1, price: 100.02, qty: 4 },
      // match side "sell": a resting sell was lifted → a buy aggressor
      { exchTs: ns(1900), localTs: ns(2000), kind: TRADE, side: 1, price: 100.01, qty: 0.5 },
      { exchTs: ns(1900), localTs: ns(2100), kind: DEPTH, side: -1, price: 100.01, qty: 0.5 },
      // match side "buy": a resting buy was hit → a sell aggressor
      { exchTs: ns(2900), localTs: ns(3000), kind: TRADE, side: -1, price: 99.99, qty: 2 },
      { exchTs: ns(2900), localTs: ns(3100), kind: DEPTH, side: 1, price: 99.99, qty: 0 },
    ]);
    expect([data.report.bboChecked, data.report.bboMatched]).toEqual([3, 2]);
    const notes = data.report.notes.join("\n");
    expect(notes).toContain("2 of 3 match; not checked: 1 sent on subscribe");
    expect(notes).toMatch(/ticker mismatch: .*coinbase\.txt: line 14: ticker best 99\.95\/100\.01, rebuilt 99\.9\/100\.01/);
    expect(notes).toContain("3 trades (2 match, 1 last_match): side = the aggressor, the opposite of Coinbase's maker side");
    expect(notes).toContain("messages of other types ignored: heartbeat 1");
    expect(notes).not.toContain("local clock"); // the host's clock was ahead: left alone
  });

  it("the aggressor is the opposite of the maker side, for match and last_match alike", async () => {
    const lines = [
      captured(100, snapshot([["99.00", "1"]], [["101.00", "1"]])),
      captured(200, l2update(150, [["buy", "99.50", "1"]])),
      ...(["match", "last_match"] as const).flatMap((type, i) => [
        captured(300 + 10 * i, match(type, "buy", "99.50", "0.25", "2021-04-17T16:43:40.000300Z")),
        captured(305 + 10 * i, match(type, "sell", "101.00", "0.5", "2021-04-17T16:43:40.000300Z")),
      ]),
    ];
    const { events } = await importAll(coinbaseImporter, [inputFile(lines)], { symbol: "BTC-USD", instruments: products() });
    expect(events.filter((e) => e.kind === TRADE).map((e) => [e.side, e.price])).toEqual([
      [-1, 99.5], // maker buy: the taker sold
      [1, 101], // maker sell: the taker bought
      [-1, 99.5],
      [1, 101],
    ]);
  });

  it("a snapshot takes the next l2update's time when that is earlier than its receive time; a later, older message is raised to keep order", async () => {
    const lines = [
      captured(5000, snapshot([["99.00", "1"]], [["101.00", "1"]])),
      captured(6000, l2update(4000, [["buy", "99.50", "1"]])),
      captured(6100, match("last_match", "sell", "100.00", "1", "2021-04-17T16:43:40.003000Z")), // 1 ms older than the rows before it
    ];
    const { data, events } = await importAll(coinbaseImporter, [inputFile(lines)], { symbol: "BTC-USD", instruments: products() });
    expect(events.map((e) => [e.kind, e.exchTs, e.localTs])).toEqual([
      [DEPTH_CLEAR, ns(4000), ns(5000)],
      [DEPTH_CLEAR, ns(4000), ns(5000)],
      [SNAPSHOT, ns(4000), ns(5000)],
      [SNAPSHOT, ns(4000), ns(5000)],
      [DEPTH, ns(4000), ns(6000)],
      [TRADE, ns(4000), ns(6100)],
    ]);
    expect(data.report.notes.join("\n")).toContain("1 message had an exch_ts earlier than the row before them (e.g. last_match, the last trade before subscribing): raised to keep time order, largest shift 1.000 ms");
  });

  it("the capture host's clock running behind is corrected: by the head of the capture, then raised when a later message shows more", async () => {
    // 1000 updates received 500 µs before they happened (the head sample), then one 700 µs before.
    const lines = [captured(0, snapshot([["99.00", "1"]], [["101.00", "1"]]))];
    for (let i = 1; i <= 1000; i++) lines.push(captured(100 * i, l2update(100 * i + 500, [["buy", "99.50", String(i)]])));
    lines.push(captured(200_000, l2update(200_700, [["buy", "99.60", "1"]])));
    lines.push(captured(300_000, l2update(300_100, [["buy", "99.70", "1"]])));
    const { data, events } = await importAll(coinbaseImporter, [inputFile(lines)], { symbol: "BTC-USD", instruments: products() });
    const depth = events.filter((e) => e.kind === DEPTH);
    expect(depth).toHaveLength(1002);
    expect([depth[0].exchTs, depth[0].localTs]).toEqual([ns(600), ns(600)]); // +500 µs from the start
    expect([depth[1000].exchTs, depth[1000].localTs]).toEqual([ns(200_700), ns(200_700)]); // raised to 700 µs
    expect([depth[1001].exchTs, depth[1001].localTs]).toEqual([ns(300_100), ns(300_700)]);
    expect(events.every((e) => e.localTs >= e.exchTs)).toBe(true);
    const notes = data.report.notes.join("\n");
    expect(notes).toContain("local clock 0.500 ms behind the exchange: added 500,000 ns to local_ts (−min of local − exchange time over the first 1000 l2update/match messages)");
    expect(notes).toContain("later messages raised the local clock correction to 0.700 ms");
  });

  it("plain JSON lines (no receive time): local_ts = exch_ts, the snapshot at the next l2update's time, said in a note", async () => {
    const plain = EVERY_TYPE.filter((l) => !l.startsWith("wss://")).map((l) => l.slice(l.indexOf(": ") + 2));
    const { data, events } = await importAll(coinbaseImporter, [inputFile(plain, "coinbase.jsonl")], { symbol: "BTC-USD", instruments: products() });
    expect(events.every((e) => e.localTs === e.exchTs)).toBe(true);
    expect(events.filter((e) => e.kind === SNAPSHOT).every((e) => e.exchTs === ns(900))).toBe(true);
    expect(events.map((e) => [e.kind, e.side, e.price, e.qty])).toEqual(
      (await importAll(coinbaseImporter, [inputFile(EVERY_TYPE)], { symbol: "BTC-USD", instruments: products() })).events.map((e) => [e.kind, e.side, e.price, e.qty]),
    );
    expect([data.report.bboChecked, data.report.bboMatched]).toEqual([3, 2]);
    expect(data.report.notes[0]).toContain("local_ts = the message's time (plain JSON lines carry no receive time)");
  });

  it("a new connection (cryptofeed header) starts over: its first ticker is a subscribe one again", async () => {
    const lines = [
      ...HEADER,
      captured(100, snapshot([["99.00", "1"]], [["101.00", "1"]])),
      captured(150, ticker("1.00", "2.00", 150)),
      captured(200, l2update(200, [["buy", "99.50", "1"]])),
      captured(300, ticker("99.50", "101.00", 300)),
      ...HEADER,
      captured(400, ticker("3.00", "4.00", 400)),
      captured(500, snapshot([["98.00", "1"]], [["102.00", "1"]])),
      captured(600, l2update(600, [["sell", "101.50", "1"]])),
      captured(700, ticker("98.00", "101.50", 700)),
    ];
    const { data, events } = await importAll(coinbaseImporter, [inputFile(lines)], { symbol: "BTC-USD", instruments: products() });
    expect([data.report.bboChecked, data.report.bboMatched]).toEqual([2, 2]);
    expect(data.report.notes.join("\n")).toContain("not checked: 2 sent on subscribe");
    expect(events.filter((e) => e.kind === DEPTH_CLEAR)).toHaveLength(4); // each snapshot replaces the book
  });

  it("book levels beyond 2^31 ticks (joke orders far from the market) are dropped and counted", async () => {
    const lines = [
      captured(100, snapshot([["99.00", "1"]], [["101.00", "1"], ["99999999.00", "5"]])),
      captured(200, l2update(200, [["sell", "99999999.00", "0"], ["sell", "101.50", "2"]])),
    ];
    const { data, events } = await importAll(coinbaseImporter, [inputFile(lines)], { symbol: "BTC-USD", instruments: products() });
    expect(events.filter((e) => e.price > 1000)).toEqual([]);
    expect(events.filter((e) => e.kind === DEPTH).map((e) => e.price)).toEqual([101.5]);
    expect(data.report.notes.join("\n")).toMatch(/2 book levels priced beyond 2\^31 ticks of 0\.01 dropped .*line 1: asks\[1\]\[0\] \(price\) 99999999\.00/);
  });

  it("--tick and --lot take precedence over the products file (and are enough without one)", async () => {
    const file = inputFile([captured(100, snapshot([["99.00", "1"]], [["101.00", "1"]])), captured(200, l2update(200, [["buy", "99.50", "1"]]))]);
    const a = await importAll(coinbaseImporter, [file], { symbol: "BTC-USD", instruments: products(), tickSize: 0.5 });
    expect(a.data.meta).toMatchObject({ tickSize: 0.5, lotSize: 0.00000001 });
    expect(a.data.report.notes[1]).toMatch(/^tick 0\.5 \(from options\), lot 1e-8 \(from .*COINBASE\.0: BTC-USD\)$/);
    const b = await importAll(coinbaseImporter, [file], { symbol: "BTC-USD", tickSize: 0.01, lotSize: 1 });
    expect(b.data.meta).toMatchObject({ tickSize: 0.01, lotSize: 1 });
  });

  it("the only product of the inputs needs no --symbol; inputs are one stream in the order given", async () => {
    const first = inputFile([...HEADER, captured(100, snapshot([["99.00", "1"]], [["101.00", "1"]])), captured(200, l2update(200, [["buy", "99.50", "1"]]))]);
    const second = inputFile([captured(300, l2update(300, [["buy", "99.60", "1"]])), captured(400, ticker("99.60", "101.00", 400))]);
    const { data, events } = await importAll(coinbaseImporter, [first, second], { instruments: products() });
    expect(data.meta.symbol).toBe("BTC-USD");
    expect(events.filter((e) => e.kind === DEPTH).map((e) => e.price)).toEqual([99.5, 99.6]);
    expect([data.report.bboChecked, data.report.bboMatched]).toEqual([0, 0]); // its one ticker is the connection's first
  });
});
