import { DataError } from "../../../core/errors.ts";

/**
 * Bad input inside a DBN file's records: names the file, the record (1-based, in file order), its
 * byte offset in the decompressed DBN stream (what `zstd -d` writes), the field and the rule.
 */
export class DbnRecordError extends DataError {
  override name = "DbnRecordError";
  constructor(
    file: string,
    readonly record: number,
    readonly byteOffset: number,
    field: string | undefined,
    rule: string,
  ) {
    super(file, record, field, rule);
    const where = `record ${record} (byte ${byteOffset})`;
    this.message = `${file}: ${where}${field === undefined ? "" : `: ${field}`}: ${rule}`;
  }
}

/** Bad input in a DBN file's prelude or metadata header (before the records). */
export function metadataError(file: string, field: string | undefined, rule: string): DataError {
  return new DataError(file, undefined, field === undefined ? "metadata" : `metadata ${field}`, rule);
}
