import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";

// Each test spawns mmlab a few times (a few seconds each on a busy machine).
import { mmlab } from "../../../support/cli.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";

const MBO = sample("databento/orderbooks_mbo_2024-05-08T00-00-00_2024-05-08T00-00-02.dbn.zst");
const MBO_DEFS = sample("databento/orderbooks_definition.dbn.zst");
const MBP1 = sample("databento/futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst");
const FUT_DEFS = sample("databento/futures_definition.dbn.zst");

describeWithSharedData("mmlab convert / verify / backtest --from databento", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-databento-cli-"));
  });

  it("converts the MBO sample with --definitions, and an l3_fifo backtest runs on it", async () => {
    const c = await mmlab(["convert", "--from", "databento", MBO, "--definitions", MBO_DEFS, "--out", "mbo.arrow", "--json"], dir);
    expect(c.stderr).toBe("");
    expect(c.code).toBe(0);
    const s = JSON.parse(c.stdout);
    expect([s.events, s.crossedBooks, s.eventsByKind.l3Add, s.eventsByKind.l3Fill]).toEqual([27_622, 0, 13_701, 5]);
    expect(s.notes.join("\n")).toContain("0 C/F/M records named an order id the book did not hold");
    const v = JSON.parse((await mmlab(["verify", "mbo.arrow", "--json"], dir)).stdout);
    expect([v.events, v.crossedBooks]).toEqual([27_622, 0]);
    // ES: tick 0.25 USD, lot 1 contract (from the definition); the backtest checks the tick against the data's.
    const b = await mmlab(
      [
        "backtest",
        "--data",
        "mbo.arrow",
        "--set",
        "sim.queue.kind=l3_fifo",
        "--set",
        "symbol.tick_size=0.25",
        "--set",
        "symbol.lot_size=1",
        "--set",
        "orders.size=1",
        "--set",
        "risk.q_max=5",
        "--set",
        "volatility.window=5",
        "--out",
        "run-mbo",
        "--no-report",
        "--json",
      ],
      dir,
    );
    expect(b.stderr).toBe("");
    expect(b.code).toBe(0);
    const kpis = JSON.parse(b.stdout);
    expect(kpis.tickSize).toBe(0.25);
    expect(kpis.ordersSubmitted).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(dir, "run-mbo", "manifest.json"), "utf8"));
    expect(JSON.stringify(manifest)).toContain("l3_fifo");
  }, 180_000);

  it("verify --from databento shows the checks; without a definition the missing options are named", async () => {
    const r = await mmlab(["verify", "--from", "databento", MBP1, FUT_DEFS, "--json"], dir);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect([s.events, s.crossedBooks, s.eventsByKind.trade]).toEqual([2_386, 0, 120]);
    expect(s.notes.join("\n")).toContain("instrument 118: symbol ESU4");
    const bare = await mmlab(["convert", "--from", "databento", MBP1, "--out", "bare.arrow"], dir);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain("no instrument definition for instrument 118 (ESU4): pass --definitions FILE");
    expect(existsSync(join(dir, "bare.arrow"))).toBe(false);
    const several = await mmlab(["convert", "--from", "databento", FUT_DEFS, MBP1, "--instrument-id", "4358", "--out", "nq.arrow"], dir);
    expect(several.code).toBe(1);
    expect(several.stderr).toContain("--instrument-id 4358 is not in the data; it holds 118 (ESU4)");
  }, 180_000);
});
