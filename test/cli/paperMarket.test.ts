import { mkdtempSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mmlab } from "../support/cli.ts";

/** A 127.0.0.1 port nobody listens on (bound, then released): the session gets no data and ends. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("mmlab paper: the tick and lot of the market it connects to", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-paper-market-"));
  });

  it("--market usdm quotes BTCUSDT on USD-M's tick 0.1 and lot 0.001, --market spot on 0.01 and 0.00001", async () => {
    const port = await closedPort();
    const feed = ["--ws-url", `ws://127.0.0.1:${port}`, "--rest-url", `http://127.0.0.1:${port}`, "--duration", "2s"];
    const [usdm, spot] = await Promise.all([mmlab(["paper", "--market", "usdm", ...feed, "--out", "u"], dir), mmlab(["paper", "--market", "spot", ...feed, "--out", "s"], dir)]);
    expect(usdm.stderr).toMatch(/instrument binance-usdm BTCUSDT: tick 0\.1 \(from the instrument table\), lot 0\.001 \(from the instrument table\)/);
    expect(spot.stderr).toMatch(/instrument binance-spot BTCUSDT: tick 0\.01 \(from the instrument table\), lot 0\.00001 \(from the instrument table\)/);
    // the default fee schedule is spot's: charged on USD-M futures, the session says so
    expect(usdm.stderr).toMatch(/warning: fees: binance-spot-vip9 \(maker 1\.2 bp, taker 2\.4 bp\) is Binance spot's schedule, not USD-M futures': use --set fees\.schedule=binance-usdm-vip0 \(or your own rates/);
    expect(spot.stderr).toMatch(/ fees: binance-spot-vip9 \(maker 1\.2 bp, taker 2\.4 bp\)\n/);
    expect(spot.stderr).not.toMatch(/warning: fees/);
  }, 30_000);

  it("USD-M futures with their own schedule: the fees line, no warning", async () => {
    const port = await closedPort();
    const feed = ["--ws-url", `ws://127.0.0.1:${port}`, "--rest-url", `http://127.0.0.1:${port}`, "--duration", "2s"];
    const r = await mmlab(["paper", "--market", "usdm", ...feed, "--set", "fees.schedule=binance-usdm-vip0", "--out", "uf"], dir);
    expect(r.stderr).toMatch(/ fees: binance-usdm-vip0 \(maker 2 bp, taker 5 bp\)\n/);
    expect(r.stderr).not.toMatch(/warning: fees/);
  }, 30_000);

  it("a symbol the table does not know, without --instruments: exit 1, one line, before connecting; no folder", async () => {
    const r = await mmlab(["paper", "--market", "usdm", "--symbol", "dogeusdt", "--duration", "2s", "--out", "d"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mmlab: paper --market usdm: the tick and lot of binance-usdm DOGEUSDT are not in the instrument table \(BTCUSDT, ETHUSDT, SOLUSDT\)/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(readdirSync(dir)).not.toContain("d");
  }, 30_000);

  it("an order size below the market's lot is a config error that says where the lot came from", async () => {
    const r = await mmlab(["paper", "--market", "usdm", "--symbol", "SOLUSDT", "--set", "orders.size=0.001", "--duration", "2s", "--out", "o"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/config: orders\.size = 0\.001: must be ≥ symbol\.lot_size \(0\.01\) \(binance-usdm SOLUSDT: tick 0\.01 \(from the instrument table\), lot 0\.01 \(from the instrument table\)\)/);
  }, 30_000);
});
