/** Helpers of the Databento importer tests: collect events (with order ids), temp files, errors. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { DataError } from "../../../../src/core/errors.ts";
import { openDatabento, type DatabentoImportReport } from "../../../../src/data/importers/databento/databento.ts";
import type { ImportOptions } from "../../../../src/data/importers/importer.ts";
import type { DatasetMeta } from "../../../../src/data/schema.ts";

export interface Ev {
  exchTs: bigint;
  localTs: bigint;
  kind: number;
  side: number;
  price: number;
  qty: number;
  orderId: bigint;
}

/** Opens DBN inputs and collects every event. */
export async function importDbn(inputs: string[], options: ImportOptions = {}): Promise<{ meta: DatasetMeta; report: DatabentoImportReport; events: Ev[]; batchSizes: number[] }> {
  const data = await openDatabento(inputs, options);
  const events: Ev[] = [];
  const batchSizes: number[] = [];
  for await (const b of data.batches) {
    batchSizes.push(b.length);
    for (let i = 0; i < b.length; i++) {
      events.push({ exchTs: b.exchTs[i], localTs: b.localTs[i], kind: b.kind[i], side: b.side[i], price: b.price[i], qty: b.qty[i], orderId: b.orderId[i] });
    }
  }
  return { meta: data.meta, report: data.report, events, batchSizes };
}

/** The events as compact tuples [kind, side, price, qty, orderId] (for exact comparisons). */
export function tuples(events: readonly Ev[]): [number, number, number, number, number][] {
  return events.map((e) => [e.kind, e.side, e.price, e.qty, Number(e.orderId)]);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-databento-"));
let count = 0;

/** Writes a temp file and returns its path. */
export function tempFile(name: string, content: Uint8Array): string {
  const dir = path.join(tmp, String(count++));
  fs.mkdirSync(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Runs an import to the end and returns the error it throws (fails the test if none). */
export async function errorOf(inputs: string[], options: ImportOptions = {}): Promise<Error> {
  try {
    await importDbn(inputs, options);
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error("expected an error, the import succeeded");
}

/** errorOf, which must be a DataError. */
export async function dataErrorOf(inputs: string[], options: ImportOptions = {}): Promise<DataError> {
  const e = await errorOf(inputs, options);
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}
