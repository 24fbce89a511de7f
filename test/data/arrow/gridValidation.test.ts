import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/load.ts";
import { DataError } from "../../../src/core/errors.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { openEventWriter, readAllEvents, writeEventFile } from "../../../src/data/arrow/index.ts";
import { SIZE_GRID_KEY } from "../../../src/data/arrow/metadata.ts";
import { allocEventColumns, EventKind, type DatasetMeta, type EventColumns } from "../../../src/data/schema.ts";
import { runBacktest } from "../../../src/runner/backtest.ts";
import { fileData } from "../../../src/data/sources/fileData.ts";

/*
 * The event-file reader holds every market row to the file's grid, as the importers do: a price
 * > 0 on the tick grid, a size on the lot grid (or on the finer size grid the file declares).
 * The backtest's fused check-and-convert path gives the very same error.
 */
const META: DatasetMeta = { symbol: "BTCUSDT", venue: "testex", tickSize: 0.01, lotSize: 0.001, source: "unit test", schemaVersion: "1" };
const T0 = 1_700_000_000_000_000_000n;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-arrow-grid-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A two-sided book and trades on the grid: bids 100.00/99.99, asks 100.01/100.02, then trades. */
function events(n = 40): EventColumns {
  const c = allocEventColumns(n);
  for (let i = 0; i < n; i++) {
    c.exchTs[i] = c.localTs[i] = T0 + BigInt(i) * 1_000_000n;
    c.kind[i] = i < 4 ? EventKind.SNAPSHOT : EventKind.TRADE;
    c.side[i] = i % 2 === 0 ? 1 : -1;
    c.price[i] = i < 4 ? [100.0, 100.01, 99.99, 100.02][i] : i % 2 === 0 ? 100.01 : 100.0;
    c.qty[i] = 0.5 + (i % 3) * 0.001;
  }
  c.length = n;
  return c;
}

async function write(name: string, c: EventColumns, extra?: Map<string, string>): Promise<string> {
  const file = path.join(dir, name);
  const w = openEventWriter(file, META, extra);
  w.write(c);
  await w.close();
  return file;
}

/** The error of reading the file, and of streaming it as a backtest does (checked while converted). */
async function errors(file: string): Promise<[string, string]> {
  const read = await readAllEvents(file).then(
    () => "no error",
    (e: unknown) => (e instanceof DataError ? e.message : String(e)),
  );
  const data = await fileData(file);
  let streamed = "no error";
  try {
    for await (const _ of data.batches()) {
      // drain
    }
  } catch (e) {
    streamed = e instanceof DataError ? e.message : String(e);
  }
  return [read, streamed];
}

describe("the event-file reader's grid checks", () => {
  it("reads a file on its grid", async () => {
    expect(await errors(await write("ok.arrow", events()))).toEqual(["no error", "no error"]);
  });

  it("rejects a price off the tick grid, naming the row and value (the reader took any price)", async () => {
    const c = events();
    c.price[21] = 100.015;
    const file = await write("off-price.arrow", c);
    const [read, streamed] = await errors(file);
    expect(read).toBe(
      `${file}: row 21: price: price 100.015 is not on the tick grid of 0.01 (10001.5 ticks), the file's tick_size: convert the source again with the instrument's --tick and --lot, or with --snap-to-grid`,
    );
    expect(streamed).toBe(read);
  });

  it("rejects a size off the lot grid, and a market row priced 0", async () => {
    const c = events();
    c.qty[9] = 0.0005;
    const file = await write("off-qty.arrow", c);
    const [read, streamed] = await errors(file);
    expect(read).toMatch(/row 9: qty: size 0\.0005 is not on the lot grid of 0\.001 \(0\.5 lots\), the file's lot_size/);
    expect(streamed).toBe(read);
    const z = events();
    z.price[2] = 0;
    const zero = await write("zero.arrow", z);
    const [zr, zs] = await errors(zero);
    expect(zr).toBe(`${zero}: row 2: price: price must be > 0, found 0 (a snapshot row)`);
    expect(zs).toBe(zr);
    // a clear's price 0 is its rule, not an error
    const clear = events();
    clear.kind[30] = EventKind.DEPTH_CLEAR;
    clear.price[30] = 0;
    clear.qty[30] = 0;
    expect(await errors(await write("clear.arrow", clear))).toEqual(["no error", "no error"]);
  });

  it("takes sizes on the finer size grid a file declares (size_grid), and no finer", async () => {
    const c = events();
    c.qty[5] = 0.0005;
    const file = await write("size-grid.arrow", c, new Map([[SIZE_GRID_KEY, "0.0001"]]));
    expect(await errors(file)).toEqual(["no error", "no error"]);
    c.qty[6] = 0.00005;
    const finer = await write("size-grid-finer.arrow", c, new Map([[SIZE_GRID_KEY, "0.0001"]]));
    expect((await errors(finer))[0]).toMatch(/row 6: qty: size 0\.00005 is not on the lot grid of 0\.0001/);
  });

  it("a file without events is an error for a backtest, not an all-n/a run", async () => {
    const file = path.join(dir, "empty-rows.arrow");
    await writeEventFile(file, META, []);
    await expect(fileData(file)).rejects.toThrow(`${file}: no events: the file holds no rows, so there is nothing to backtest`);
    const empty = path.join(dir, "empty-batches.arrow");
    await writeEventFile(empty, META, [allocEventColumns(0), allocEventColumns(0)]);
    await expect(fileData(empty)).rejects.toThrow(/empty-batches\.arrow: no events/);
    // empty batches before the first row do not hide it: its time is the origin
    const late = path.join(dir, "late-rows.arrow");
    await writeEventFile(late, META, [allocEventColumns(0), events()]);
    const data = await fileData(late);
    expect(data.originNs).toBe(T0);
    const result = await runBacktest({ config: parseConfig({ symbol: { lot_size: 0.001 } }), data, rng: rootRng("1") });
    expect(result.events).toBe(40);
  });
});
