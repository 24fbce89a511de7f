/** Which hftbacktest layout a `.npy` header describes, with a clear DataError for anything else. */
import { DataError } from "../../../core/errors.ts";
import { HBT_EVENT_FIELDS, HBT_RECORD_BYTES, HBT_V1_COLUMNS } from "./constants.ts";
import type { NpyHeader } from "./npy.ts";

/** The two layouts: 2.x records, or 1.x float64 (N, 6) rows. */
export type HbtFormat = "v2" | "v1";

/** Checks dtype, shape and order; returns the layout and, for 2.x, any field names that differ from hftbacktest's. */
export function detectFormat(file: string, h: NpyHeader): { format: HbtFormat; renamed: string[] } {
  if (Array.isArray(h.descr)) {
    const fields = h.descr;
    const expected = HBT_EVENT_FIELDS.map(([n, t]) => `('${n}', '${t}')`).join(", ");
    if (fields.length !== HBT_EVENT_FIELDS.length || fields.some((f, i) => f.type !== HBT_EVENT_FIELDS[i][1])) {
      const found = fields.map((f) => `('${f.name}', '${f.type}')`).join(", ");
      throw new DataError(file, undefined, "descr", `not hftbacktest's event dtype: expected [${expected}], found [${found}]`);
    }
    if (h.rowBytes !== HBT_RECORD_BYTES) throw new DataError(file, undefined, "descr", `records of ${h.rowBytes} bytes, expected 64`);
    if (h.shape.length !== 1) {
      throw new DataError(file, undefined, "shape", `an event array must be 1-D, found shape ${JSON.stringify(h.shape)}`);
    }
    const renamed = fields.flatMap((f, i) => (f.name === HBT_EVENT_FIELDS[i][0] ? [] : [`${f.name} (as ${HBT_EVENT_FIELDS[i][0]})`]));
    return { format: "v2", renamed };
  }
  if (h.descr === "<f8") {
    if (h.shape.length !== 2) {
      throw new DataError(file, undefined, "shape", `a 1.x float64 array must be 2-D (N, 6), found shape ${JSON.stringify(h.shape)}`);
    }
    if (h.shape[1] !== HBT_V1_COLUMNS.length) {
      throw new DataError(file, undefined, "shape", `expected 6 columns [${HBT_V1_COLUMNS.join(", ")}], found ${h.shape[1]}`);
    }
    if (h.fortranOrder) {
      throw new DataError(file, undefined, "fortran_order", "column-major arrays are not supported: save with np.ascontiguousarray");
    }
    return { format: "v1", renamed: [] };
  }
  throw new DataError(
    file,
    undefined,
    "descr",
    `unsupported dtype ${JSON.stringify(h.descr)}: expected hftbacktest's 64-byte event records or a little-endian float64 (N, 6) array`,
  );
}
