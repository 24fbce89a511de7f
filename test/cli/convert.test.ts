import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { mmlab } from "../support/cli.ts";
import { describeWithSharedData, sample } from "../support/sharedData.ts";

const BINANCE = [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")];
const LOBSTER = [
  sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_message_5_subset.csv"),
  sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_orderbook_5_subset.csv"),
];

describeWithSharedData("mmlab convert / verify / backtest on the real samples", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-convert-"));
  });

  it("Binance spot sample, both files as one stream: zero gaps, zero crossed books, 100 % BBO agreement", async () => {
    const r = await mmlab(["convert", "--from", "binance", ...BINANCE, "--out", "btc.arrow", "--json"], dir);
    expect(r.stderr).toBe("");
    const s = JSON.parse(r.stdout);
    expect(s.events).toBe(320_000);
    expect(s.gaps).toBe(0);
    expect(s.crossedBooks).toBe(0);
    expect(s.bboChecked).toBeGreaterThanOrEqual(1000);
    expect(s.bboMatched).toBe(s.bboChecked);
    const v = JSON.parse((await mmlab(["verify", "btc.arrow", "--json"], dir)).stdout);
    expect([v.events, v.gaps, v.crossedBooks]).toEqual([320_000, 0, 0]);
    const raw = JSON.parse((await mmlab(["verify", "--from", "binance", ...BINANCE, "--json"], dir)).stdout);
    expect([raw.gaps, raw.crossedBooks, raw.bboMatched]).toEqual([0, 0, s.bboChecked]);
  });

  // six processes on the whole sample: minutes on a loaded 2-core machine (the 60 s default ran out at load 8)
  it("a backtest on the converted Binance sample runs end to end and prints KPIs; .npz and .parquet copies give the same KPIs", { timeout: 600_000 }, async () => {
    const arrow = await mmlab(["backtest", "--data", "btc.arrow", "--out", "run-arrow", "--json"], dir);
    expect(arrow.code).toBe(0);
    const kpis = JSON.parse(arrow.stdout);
    expect(kpis.rulesTotal).toBe(6);
    expect(kpis.ordersSubmitted).toBeGreaterThan(100);
    const table = await mmlab(["backtest", "--data", "btc.arrow", "--out", "run-table"], dir);
    expect(table.stdout).toMatch(/Spread captured.*(PASS|FAIL)/);
    expect((await mmlab(["convert", "--from", "arrow", "btc.arrow", "--out", "btc.npz"], dir)).code).toBe(0);
    expect((await mmlab(["convert", "--from", "arrow", "btc.arrow", "--out", "btc.parquet"], dir)).code).toBe(0);
    for (const file of ["btc.npz", "btc.parquet"]) {
      const r = await mmlab(["backtest", "--data", file, "--out", `run-${file}`, "--json"], dir);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(kpis);
    }
  });

  it("LOBSTER AMZN sample: the rebuilt book equals the orderbook file at every row", async () => {
    const r = await mmlab(["verify", "--from", "lobster", ...LOBSTER, "--json"], dir);
    const s = JSON.parse(r.stdout);
    expect(s.bookRowsChecked).toBe(1000);
    expect(s.bookRowsMatched).toBe(1000);
    expect(s.crossedBooks).toBe(0);
    const c = await mmlab(["convert", "--from", "lobster", ...LOBSTER, "--out", "amzn.arrow"], dir);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/2,091 events/);
  });

  it("refuses an unknown format or output extension, leaving nothing behind", async () => {
    const a = await mmlab(["convert", "--from", "binance", ...BINANCE, "--out", "x.csv"], dir);
    expect(a.code).not.toBe(0);
    expect(a.stderr).toMatch(/unknown output format/);
    const b = await mmlab(["convert", "--from", "nasdaq", "f", "--out", "y.arrow"], dir);
    expect(b.code).not.toBe(0);
    expect(existsSync(join(dir, "x.csv")) || existsSync(join(dir, "y.arrow"))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});
