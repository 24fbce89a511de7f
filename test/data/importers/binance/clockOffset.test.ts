import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBinanceRaw } from "../../../../src/data/importers/binance/binanceRaw.ts";
import { ClockCorrection } from "../../../../src/data/importers/binance/clockCorrection.ts";
import type { ImportReport } from "../../../../src/data/importers/importer.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";

/*
 * The capture host's clock offset is the minimum of (local − exchange time), kept running for
 * drift, and outlier-resistant: one line stamped 10 s early used to move the whole file's clock
 * by 10 s (the running minimum took it).
 */
const MS = 1_000_000n;

describe("ClockCorrection", () => {
  it("follows drift, leaves out a delta far below the median of its neighbours, and follows a real step a block later", () => {
    const clock = new ClockCorrection({ minNs: -1_000n * MS, medianNs: -998n * MS });
    clock.observe(0n, 1_001n * MS); // 1 ms more behind: drift
    expect(clock.shiftNs).toBe(1_001n * MS);
    clock.observe(0n, 11_000n * MS, () => "f: line 9"); // 10 s early: a wrong stamp
    expect(clock.shiftNs).toBe(1_001n * MS);
    expect(clock.outlierNote()).toMatch(/^clock offset: 1 message\(s\) stamped more than 250 ms earlier .* first f: line 9, 10,002 ms before the median/);
    // the host's clock steps back by 2 s for good: after one block the median has moved, and so does the correction
    for (let i = 0; i < 400; i++) clock.observe(0n, 3_000n * MS);
    expect(clock.shiftNs).toBe(3_000n * MS);
  });
});

describeWithSharedData("the clock offset of the real Binance capture", () => {
  const FILE = sample("binance-spot-btcusdt/btcusdt_20240808.gz");
  let dir: string;
  let clean: { local: bigint[]; report: ImportReport };

  /** Every row's local_ts, and the report. */
  async function convert(file: string): Promise<{ local: bigint[]; report: ImportReport }> {
    const data = await openBinanceRaw([file]);
    const local: bigint[] = [];
    for await (const b of data.batches) for (let i = 0; i < b.length; i++) local.push(b.localTs[i]);
    return { local, report: data.report };
  }

  /** The capture with the line that first contains `marker` at or after line `from` stamped 10 s early; returns its path and line. */
  function withEarlyLine(name: string, from: number, marker: string): { path: string; line: number } {
    const lines = gunzipSync(readFileSync(FILE)).toString("utf8").split("\n");
    let i = from - 1;
    while (!lines[i].includes(marker)) i++;
    const space = lines[i].indexOf(" ");
    lines[i] = String(BigInt(lines[i].slice(0, space)) - 10_000n * MS) + lines[i].slice(space);
    const path = join(dir, name);
    writeFileSync(path, gzipSync(lines.join("\n")));
    return { path, line: i + 1 };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-clock-"));
    clean = await convert(FILE);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stays ~1.27 s, with the drift followed and every bookTicker check matching", async () => {
    const notes = clean.report.notes.join("\n");
    expect(notes).toMatch(/^local clock 1\.27 s behind the exchange: added 1,273,124,445 ns to local_ts/m);
    expect(notes).toMatch(/raised with it .* from 1,273,124,445 to 1,274,761,454 ns/);
    expect(notes).not.toMatch(/clock offset:/);
    expect(clean.report.bboMatched).toBe(clean.report.bboChecked);
    const both = await openBinanceRaw([FILE, sample("binance-spot-btcusdt/btcusdt_20240809.gz")]);
    for await (const _ of both.batches) {
      // drain
    }
    expect([both.report.bboChecked, both.report.bboMatched]).toEqual([1072, 1072]);
  }, 60_000);

  for (const [name, from, marker] of [
    ["a depth diff late in the file", 3_000, "depthUpdate"],
    ["a trade", 5_000, '"e":"trade"'],
    ["a depth diff among the first 200 (the head sample)", 40, "depthUpdate"],
  ] as const) {
    it(`one line stamped 10 s early (${name}) moves no other row's clock, and is noted`, async () => {
      const early = withEarlyLine(`early-${from}.gz`, from, marker);
      const got = await convert(early.path);
      expect(got.local.length).toBe(clean.local.length);
      let moved = 0;
      for (let i = 0; i < got.local.length; i++) {
        if (got.local[i] === clean.local[i]) continue;
        moved++;
        expect(clean.local[i] - got.local[i]).toBe(10_000n * MS); // only the early line's own rows
      }
      expect(moved).toBeGreaterThan(0);
      expect(moved).toBeLessThan(500);
      const notes = got.report.notes.join("\n");
      expect(notes).toContain(`clock offset: 1 message(s) stamped more than 250 ms earlier (relative to exchange time) than the median of the 200 before them were left out of the running minimum, first ${early.path}: line ${early.line}, `);
      expect(notes).toMatch(/^local clock 1\.27 s behind the exchange: added 1,273,124,445 ns/m);
      expect(got.report.bboMatched).toBe(got.report.bboChecked);
    }, 60_000);
  }
});
