import { DataError } from "../../../core/errors.ts";
import { formatNpyHeader, parseNpyHeader } from "./npy.ts";
import { zipEntryChunks, type ZipEntry } from "./npz.ts";

/**
 * mmlab's own extra array in an hftbacktest `.npz`: `size_grid`, a float64 scalar, written when the
 * data's sizes lie on a grid finer than the lot (see gridCheck.ts), so the size check holds after a
 * round trip through hftbacktest's format (which records no instrument). hftbacktest reads only
 * `data` and ignores it.
 */
export const SIZE_GRID_ENTRY = "size_grid.npy";

/** The `.npy` bytes of the size grid (a 0-d float64 array). */
export function sizeGridNpy(sizeGrid: number): Uint8Array {
  const header = formatNpyHeader("<f8", []);
  const out = new Uint8Array(header.length + 8);
  out.set(header);
  new DataView(out.buffer).setFloat64(header.length, sizeGrid, true);
  return out;
}

/** The size grid an archive records, or undefined when it has none. */
export async function readSizeGrid(file: string, entries: readonly ZipEntry[]): Promise<number | undefined> {
  const entry = entries.find((e) => e.name === SIZE_GRID_ENTRY);
  if (entry === undefined) return undefined;
  const parts: Uint8Array[] = [];
  for await (const chunk of zipEntryChunks(file, entry)) parts.push(chunk);
  const bytes = Buffer.concat(parts);
  const where = `${file}:${SIZE_GRID_ENTRY}`;
  const header = parseNpyHeader(bytes, where);
  if (header.descr !== "<f8" || header.shape.length !== 0 || bytes.length < header.dataOffset + 8) {
    throw new DataError(where, undefined, undefined, "expected one float64 value (the grid the data's sizes lie on)");
  }
  const value = bytes.readDoubleLE(header.dataOffset);
  if (!(value > 0 && value < Infinity)) throw new DataError(where, undefined, undefined, `must be a positive number, found ${value}`);
  return value;
}
