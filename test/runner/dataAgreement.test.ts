import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { rootRng } from "../../src/core/rng.ts";
import { writeEventFile } from "../../src/data/arrow/writer.ts";
import { openLobster } from "../../src/data/importers/lobster/lobster.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { checkConfigAgainstData } from "../../src/runner/dataAgreement.ts";
import { fileData } from "../../src/data/sources/fileData.ts";
import { describeWithSharedData, sample } from "../support/sharedData.ts";

/*
 * A backtest runs only on data its config agrees with: the tick (as before), the lot, and an
 * order size of whole lots. On share data (lot 1) the defaults (lot 0.00001, 0.01-share orders)
 * used to run and silently never trade.
 */
describe("the config must agree with the data", () => {
  const shares = { tickSize: 0.01, lotSize: 1 };

  it("refuses a lot size other than the data's, naming both", () => {
    const e = (() => {
      try {
        checkConfigAgainstData(parseConfig({}), shares);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toBe("config: symbol.lot_size = 0.00001: differs from the data's lot size 1; set it with --set symbol.lot_size=1");
  });

  it("refuses an order size that is not a whole number of lots, naming both", () => {
    const config = parseConfig({ symbol: { lot_size: 1 }, orders: { size: 1.5 }, risk: { q_max: 10 } });
    expect(() => checkConfigAgainstData(config, shares)).toThrow("config: orders.size = 1.5: is not a whole number of lots of 1 (symbol.lot_size); e.g. --set orders.size=2");
    expect(() => checkConfigAgainstData(parseConfig({ symbol: { lot_size: 1 }, orders: { size: 2 }, risk: { q_max: 10 } }), shares)).not.toThrow();
    // the defaults on their own data: 0.01 is 1,000 lots of 0.00001
    expect(() => checkConfigAgainstData(parseConfig({}), { tickSize: 0.01, lotSize: 0.00001 })).not.toThrow();
  });

  it("still refuses another tick size", () => {
    expect(() => checkConfigAgainstData(parseConfig({}), { tickSize: 0.1, lotSize: 0.00001 })).toThrow("config: symbol.tick_size = 0.01: differs from the data's tick size 0.1; set it with --set symbol.tick_size=0.1");
  });
});

describeWithSharedData("a backtest on the LOBSTER AMZN sample (shares: lot 1)", () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-agreement-"));
    file = path.join(dir, "amzn.arrow");
    const data = await openLobster([
      sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_message_5_subset.csv"),
      sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_orderbook_5_subset.csv"),
    ]);
    await writeEventFile(file, data.meta, data.batches);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is refused with the defaults (their 0.01-share orders never traded), and runs with the data's lot", async () => {
    await expect(runBacktest({ config: parseConfig({}), data: await fileData(file), rng: rootRng("1") })).rejects.toThrow(
      "config: symbol.lot_size = 0.00001: differs from the data's lot size 1; set it with --set symbol.lot_size=1",
    );
    const config = parseConfig({ symbol: { lot_size: 1, min_notional: 0 }, orders: { size: 1 }, risk: { q_max: 10 } });
    const result = await runBacktest({ config, data: await fileData(file), rng: rootRng("1") });
    expect(result.events).toBe(2091);
    expect(result.kpis.ordersSubmitted).toBeGreaterThan(0);
  });
});
