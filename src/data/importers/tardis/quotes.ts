import { checkHeader } from "../csv.ts";
import { readLevel } from "./bookSnapshot.ts";
import { TARDIS_COMMON, tardisImporter, type TardisContext, type TardisFormat, type TardisRowHandler } from "./common.ts";
import { TopNDiff, type Level } from "./topNDiff.ts";

const COLUMNS = [...TARDIS_COMMON, "ask_amount", "ask_price", "bid_price", "bid_amount"];

/**
 * Tardis `quotes`: each row is the top of book, treated as a 1-level book and diffed like
 * `book_snapshot_N` (first row a snapshot, then DEPTH updates; an empty side is no level).
 */
export const quotesFormat: TardisFormat = {
  type: "quotes",
  description: "Tardis.dev quotes CSV (top of book as a 1-level book)",
  matches: (header) => header.length === COLUMNS.length && header[4] === "ask_amount",
  checkHeader: (file, header) => checkHeader(file, header, COLUMNS, "Tardis quotes"),
  handler: quotesHandler,
};

/** The `quotes` importer. */
export const tardisQuotesImporter = tardisImporter(quotesFormat);

function quotesHandler({ fields, grid, sink, header }: TardisContext): TardisRowHandler {
  const diff = new TopNDiff(sink, fields, grid.tickSize);
  return {
    row(f, exchTs, localTs) {
      const asks: Level[] = [];
      const bids: Level[] = [];
      readLevel(fields, grid, f, 5, header, asks, 4);
      readLevel(fields, grid, f, 6, header, bids, 7);
      diff.apply(exchTs, localTs, bids, asks);
    },
    end() {},
  };
}
