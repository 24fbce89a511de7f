import { checkHeader, type FieldParser, type TickGrid } from "../csv.ts";
import { TARDIS_COMMON, tardisImporter, type TardisContext, type TardisFormat, type TardisRowHandler } from "./common.ts";
import { TopNDiff, type Level } from "./topNDiff.ts";

/** Header of a `book_snapshot_N` file. */
function columns(levels: number): string[] {
  const out: string[] = [...TARDIS_COMMON];
  for (let i = 0; i < levels; i++) out.push(`asks[${i}].price`, `asks[${i}].amount`, `bids[${i}].price`, `bids[${i}].amount`);
  return out;
}

/**
 * Tardis `book_snapshot_N` (N = 5, 25, …, read from the header): each row is the full top-N book.
 * Rows are diffed against the previous row (see TopNDiff): the first row is a snapshot, later rows
 * DEPTH updates and deletes, so replay gives every row's top N exactly. Empty price/amount pairs
 * (fewer than N levels) and zero amounts are absent levels.
 */
export const bookSnapshotFormat: TardisFormat = {
  type: "book_snapshot_N",
  description: "Tardis.dev book_snapshot_N CSV (top-N books, diffed into level updates)",
  label: (header) => `book_snapshot_${(header.length - TARDIS_COMMON.length) / 4}`,
  matches: (header) => header[4] === "asks[0].price",
  checkHeader: (file, header) => {
    const levels = Math.max(1, Math.floor((header.length - TARDIS_COMMON.length) / 4));
    checkHeader(file, header, columns(levels), "Tardis book_snapshot_N");
  },
  handler: bookSnapshotHandler,
};

/** The `book_snapshot_N` importer. */
export const tardisBookSnapshotImporter = tardisImporter(bookSnapshotFormat);

function bookSnapshotHandler({ fields, grid, sink, header }: TardisContext): TardisRowHandler {
  const levels = (header.length - TARDIS_COMMON.length) / 4;
  const diff = new TopNDiff(sink, fields, grid.tickSize);
  return {
    row(f, exchTs, localTs) {
      const bids: Level[] = [];
      const asks: Level[] = [];
      for (let i = 0; i < levels; i++) {
        const at = TARDIS_COMMON.length + 4 * i;
        readLevel(fields, grid, f, at, header, asks);
        readLevel(fields, grid, f, at + 2, header, bids);
      }
      diff.apply(exchTs, localTs, bids, asks);
    },
    end() {},
  };
}

/** Reads the price/amount pair at column `at` into `out` (nothing when both are empty or the amount is 0). */
export function readLevel(fields: FieldParser, grid: TickGrid, f: readonly string[], at: number, header: readonly string[], out: Level[], amountAt = at + 1): void {
  const p = f[at];
  const a = f[amountAt];
  if (p === "" && a === "") return;
  if (p === "" || a === "") fields.fail(p === "" ? header[at] : header[amountAt], "price and amount must both be given or both be empty");
  const price = grid.price(p, header[at]);
  const qty = grid.size(a, header[amountAt]);
  if (qty > 0) out.push({ price, qty });
}
