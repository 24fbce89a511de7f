import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { readAllEvents } from "../../src/data/arrow/reader.ts";
import { writeEventFile } from "../../src/data/arrow/writer.ts";
import { syntheticMarket } from "../../src/data/synthetic/generator.ts";
import type { EventColumns } from "../../src/data/schema.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { fileData } from "../../src/runner/marketData.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-marketdata-"));

/** A synthetic file of several record batches, after `spoil` edits its events (all in one batch). */
async function writeFile(name: string, spoil: (c: EventColumns) => void = () => undefined): Promise<string> {
  const file = path.join(dir, name);
  const market = syntheticMarket({ durationS: 1200 }, rootRng(9));
  const batches = [...market.batches];
  spoil(batches[batches.length - 1]);
  await writeEventFile(file, market.meta, batches);
  return file;
}

describe("fileData: rows checked while converted", () => {
  for (const [what, spoil] of [
    ["a side out of range", (c: EventColumns) => (c.side[c.length - 3] = 3)],
    ["a negative price", (c: EventColumns) => (c.price[c.length - 2] = -1)],
    ["exch_ts going back", (c: EventColumns) => (c.exchTs[c.length - 1] = c.exchTs[c.length - 2] - 1n)],
  ] as const) {
    it(`a backtest stops at ${what} with the reader's own error (file, row, field, rule)`, async () => {
      const file = await writeFile(`bad-${what.replaceAll(" ", "-")}.arrow`, spoil);
      const expected = await readAllEvents(file).then(
        () => "no error",
        (e: Error) => e.message,
      );
      expect(expected).toMatch(/: row \d+: /);
      const actual = await runBacktest({ config: parseConfig({}), data: await fileData(file), rng: rootRng(1) }).then(
        () => "no error",
        (e: Error) => e.message,
      );
      expect(actual).toBe(expected);
    });
  }
});
