import { DataError } from "../../../core/errors.ts";
import { bookSnapshotFormat } from "./bookSnapshot.ts";
import { openTardis, type TardisFormat } from "./common.ts";
import { incrementalBookL2Format } from "./incrementalBookL2.ts";
import type { Importer } from "../importer.ts";
import { quotesFormat } from "./quotes.ts";
import { tradesFormat } from "./trades.ts";

export { tardisIncrementalBookL2Importer } from "./incrementalBookL2.ts";
export { tardisTradesImporter } from "./trades.ts";
export { tardisBookSnapshotImporter } from "./bookSnapshot.ts";
export { tardisQuotesImporter } from "./quotes.ts";
export { TARDIS_INSTRUMENTS } from "./instruments.ts";

/** The Tardis data types this importer reads. */
export const TARDIS_FORMATS: readonly TardisFormat[] = [incrementalBookL2Format, tradesFormat, bookSnapshotFormat, quotesFormat];

/** The Tardis format whose header this is (its header then checked exactly), or a DataError. */
export function detectTardisFormat(file: string, header: readonly string[]): TardisFormat {
  const format = TARDIS_FORMATS.find((f) => f.matches(header));
  if (format === undefined) {
    throw new DataError(file, 1, "header", `not a supported Tardis.dev CSV (incremental_book_L2, trades, book_snapshot_N, quotes): ${header.join(",")}`);
  }
  format.checkHeader(file, header);
  return format;
}

/** Tardis.dev CSV of any supported data type, detected from the first input's header. */
export const tardisCsvImporter: Importer = {
  description: "Tardis.dev CSV (incremental_book_L2, trades, book_snapshot_N, quotes; type detected from the header)",
  open: (inputs, options) => openTardis(inputs, options, detectTardisFormat),
};
