import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mmlab } from "../support/cli.ts";

// generate and convert write the format the --out extension names, or refuse before writing
// anything: `generate --out x.csv` used to put Arrow IPC bytes in a file named .csv.
describe("--out names a format the command writes, else a usage error before anything is written", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-out-ext-"));
    writeFileSync(join(dir, "book.csv"), "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\nderibit,BTC-PERPETUAL,1000,1010,true,bid,100.0,100\n");
  });

  it.each([
    ["generate --out x.csv", ["generate", "--duration", "1m", "--out", "x.csv"], 'mmlab: --out x.csv: unknown output format ".csv"; generate writes .arrow (e.g. x.arrow)'],
    ["generate --out x.parquet (convert writes it, generate does not)", ["generate", "--duration", "1m", "--out", "x.parquet"], 'mmlab: --out x.parquet: unknown output format ".parquet"; generate writes .arrow (e.g. x.arrow)'],
    ["generate --out without an extension", ["generate", "--duration", "1m", "--out", "events"], "mmlab: --out events: no file extension; generate writes .arrow (e.g. events.arrow)"],
    ["convert --out y.csv", ["convert", "--from", "tardis", "book.csv", "--out", "y.csv"], 'mmlab: --out y.csv: unknown output format ".csv"; convert writes .arrow, .parquet, .npz (e.g. y.arrow)'],
    ["convert --out y.arrow.gz", ["convert", "--from", "tardis", "book.csv", "--out", "y.arrow.gz"], 'mmlab: --out y.arrow.gz: unknown output format ".gz"; convert writes .arrow, .parquet, .npz (e.g. y.arrow)'],
  ])("%s", async (_name, args, line) => {
    const r = await mmlab(args, dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`${line}\n`);
    const out = args[args.indexOf("--out") + 1];
    expect(existsSync(join(dir, out))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  }, 120_000);

  it("the extensions they write are accepted, in any case", async () => {
    const [g, c] = await Promise.all([mmlab(["generate", "--duration", "1m", "--out", "ok.ARROW"], dir), mmlab(["convert", "--from", "tardis", "book.csv", "--out", "ok.parquet"], dir)]);
    expect(g.code, g.stderr).toBe(0);
    expect(c.code, c.stderr).toBe(0);
    expect(existsSync(join(dir, "ok.ARROW")) && existsSync(join(dir, "ok.parquet"))).toBe(true);
  }, 120_000);
});
