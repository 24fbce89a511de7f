/** Test helpers shared by the importer tests: collect an import's events, replay them, read CSVs, temp files. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { DataError } from "../../../../src/core/errors.ts";
import type { ImportedData, ImportOptions, Importer } from "../../../../src/data/importers/importer.ts";
import { EventKind } from "../../../../src/data/schema.ts";

export interface Ev {
  exchTs: bigint;
  localTs: bigint;
  kind: number;
  side: number;
  price: number;
  qty: number;
}

/** All events of an import, and its batch sizes. */
export async function collect(data: ImportedData): Promise<{ events: Ev[]; batchSizes: number[] }> {
  const events: Ev[] = [];
  const batchSizes: number[] = [];
  for await (const b of data.batches) {
    batchSizes.push(b.length);
    for (let i = 0; i < b.length; i++) {
      events.push({ exchTs: b.exchTs[i], localTs: b.localTs[i], kind: b.kind[i], side: b.side[i], price: b.price[i], qty: b.qty[i] });
    }
  }
  return { events, batchSizes };
}

/** Opens and collects in one go. */
export async function importAll(importer: Importer, inputs: string[], options: ImportOptions = {}) {
  const data = await importer.open(inputs, options);
  const { events, batchSizes } = await collect(data);
  return { data, events, batchSizes };
}

/** A plain price → size book per side, rebuilt from events (independent of L2Book). */
export class MapBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  apply(e: Ev): void {
    if (e.kind === EventKind.DEPTH_CLEAR) {
      if (e.side >= 0) this.bids.clear();
      if (e.side <= 0) this.asks.clear();
    } else if (e.kind === EventKind.DEPTH || e.kind === EventKind.SNAPSHOT) {
      const m = e.side === 1 ? this.bids : this.asks;
      if (e.qty === 0) m.delete(e.price);
      else m.set(e.price, e.qty);
    }
  }

  bestBid(): number | undefined {
    return this.bids.size === 0 ? undefined : Math.max(...this.bids.keys());
  }

  bestAsk(): number | undefined {
    return this.asks.size === 0 ? undefined : Math.min(...this.asks.keys());
  }

  /** Levels of a side sorted best first, as [price, size]. */
  levels(side: 1 | -1): [number, number][] {
    const m = side === 1 ? this.bids : this.asks;
    return [...m.entries()].sort((a, b) => (side === 1 ? b[0] - a[0] : a[0] - b[0]));
  }
}

/** Replays all events into a MapBook. */
export function replay(events: readonly Ev[]): MapBook {
  const book = new MapBook();
  for (const e of events) book.apply(e);
  return book;
}

/** Events counted by kind name (as in ImportReport.eventsByKind). */
export function countKinds(events: readonly Ev[]): Record<string, number> {
  const names: Record<number, string> = { 1: "depth", 2: "trade", 3: "depthClear", 4: "snapshot" };
  const out: Record<string, number> = {};
  for (const e of events) out[names[e.kind]] = (out[names[e.kind]] ?? 0) + 1;
  return out;
}

/** A CSV file split naively (the samples have no quoting): header and rows. */
export function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l !== "");
  return { header: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-importers-"));
let count = 0;

/** Writes a temp file and returns its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const dir = path.join(tmp, String(count++));
  fs.mkdirSync(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Runs an import to the end and returns the DataError it throws (fails the test if none). */
export async function dataErrorOf(importer: Importer, inputs: string[], options: ImportOptions = {}): Promise<DataError> {
  try {
    await importAll(importer, inputs, options);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error("expected a DataError, the import succeeded");
}
