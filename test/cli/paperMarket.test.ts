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
