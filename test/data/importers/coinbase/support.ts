/** Hand-made Coinbase inputs for the importer tests: times, capture lines, a products file. */
import { loadInstrumentFile } from "../../../../src/data/instruments/instrumentFile.ts";
import type { InstrumentList } from "../../../../src/data/instruments/instrumentList.ts";
import { tempFile } from "../tardis/support.ts";

/** 2021-04-17T16:43:40Z in epoch seconds: the hand-made messages happen in the second after it. */
export const BASE_S = 1618677820;

/** The ISO time `us` µs after BASE_S (us < 1e6). */
export function at(us: number): string {
  return `2021-04-17T16:43:40.${String(us).padStart(6, "0")}Z`;
}

/** Epoch ns of `us` µs after BASE_S. */
export function ns(us: number): bigint {
  return BigInt(BASE_S) * 1_000_000_000n + BigInt(us) * 1000n;
}

/** A captured message line received `us` µs after BASE_S. */
export function captured(us: number, message: object): string {
  return `${BASE_S}.${String(us).padStart(6, "0")}: ${JSON.stringify(message)}`;
}

/** cryptofeed's header: the connection, then the subscribe message sent. */
export const HEADER = [
  `wss://ws-feed.pro.coinbase.com <-> ${BASE_S - 1}.5`,
  `wss://ws-feed.pro.coinbase.com <- ${BASE_S - 1}.6: {"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channels":["level2","ticker","matches"]}`,
];

/** A file of these lines. */
export function inputFile(lines: readonly string[], name = "coinbase.txt"): string {
  return tempFile(name, lines.join("\n") + "\n");
}

/** A products file (cryptofeed's capture of the REST answer): BTC-USD tick 0.01 lot 1e-8, ETH-USD 0.01 / 0.0001. */
export function products(): InstrumentList {
  const list = [
    { id: "BTC-USD", quote_increment: "0.01", base_increment: "0.00000001" },
    { id: "ETH-USD", quote_increment: "0.01", base_increment: "0.0001" },
  ];
  return loadInstrumentFile(tempFile("COINBASE.0", `https://api.pro.coinbase.com/products -> ${BASE_S}.1: ${JSON.stringify(list)}\nconfiguration: {}\n`));
}

export const snapshot = (bids: string[][], asks: string[][]) => ({ type: "snapshot", product_id: "BTC-USD", bids, asks });
export const l2update = (us: number, changes: string[][], product = "BTC-USD") => ({ type: "l2update", product_id: product, changes, time: at(us) });
export const match = (type: "match" | "last_match", side: string, price: string, size: string, time: string) => ({
  type,
  trade_id: 1,
  maker_order_id: "m",
  taker_order_id: "t",
  side,
  size,
  price,
  product_id: "BTC-USD",
  sequence: 1,
  time,
});
export const ticker = (bid: string, ask: string, us: number) => ({ type: "ticker", sequence: 1, product_id: "BTC-USD", price: bid, best_bid: bid, best_ask: ask, side: "buy", time: at(us) });
