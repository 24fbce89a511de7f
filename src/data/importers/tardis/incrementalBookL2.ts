import { EventKind } from "../../schema.ts";
import { checkHeader } from "../csv.ts";
import { bookSide, TARDIS_COMMON, tardisImporter, type TardisContext, type TardisFormat, type TardisRowHandler } from "./common.ts";

const COLUMNS = [...TARDIS_COMMON, "is_snapshot", "side", "price", "amount"];

/**
 * Tardis `incremental_book_L2`: one level update per row (amount = the level's new size, 0
 * deletes). A run of `is_snapshot=true` rows that follows non-snapshot rows (or starts the data)
 * is a new snapshot: DEPTH_CLEAR for both sides, then its rows as SNAPSHOT events; other rows are
 * DEPTH events. Rows sharing timestamp and local_timestamp are one message for the crossed-book check.
 */
export const incrementalBookL2Format: TardisFormat = {
  type: "incremental_book_L2",
  description: "Tardis.dev incremental_book_L2 CSV (level updates with snapshots)",
  matches: (header) => header.length === COLUMNS.length && header[4] === "is_snapshot",
  checkHeader: (file, header) => checkHeader(file, header, COLUMNS, "Tardis incremental_book_L2"),
  handler: incrementalHandler,
};

/** The `incremental_book_L2` importer. */
export const tardisIncrementalBookL2Importer = tardisImporter(incrementalBookL2Format);

function incrementalHandler({ fields, grid, sink, report }: TardisContext): TardisRowHandler {
  let started = false;
  let inSnapshot = false;
  let prevExch = 0n;
  let prevLocal = 0n;
  return {
    row(f, exchTs, localTs) {
      const isSnapshot = fields.bool(f[4], "is_snapshot");
      const side = bookSide(fields, f[5], "side");
      const price = grid.price(f[6], "price");
      const amount = grid.size(f[7], "amount");
      const newMessage = exchTs !== prevExch || localTs !== prevLocal;
      if (started && newMessage && !(isSnapshot && inSnapshot)) sink.endMessage();
      if (isSnapshot && !inSnapshot) {
        sink.emit(exchTs, localTs, EventKind.DEPTH_CLEAR, 1, 0, 0);
        sink.emit(exchTs, localTs, EventKind.DEPTH_CLEAR, -1, 0, 0);
      } else if (!started) {
        report.notes.push("the data does not start with a snapshot: the book is partial until the first one");
      }
      sink.emit(exchTs, localTs, isSnapshot ? EventKind.SNAPSHOT : EventKind.DEPTH, side, price, amount);
      started = true;
      inSnapshot = isSnapshot;
      prevExch = exchTs;
      prevLocal = localTs;
    },
    end() {
      if (started) sink.endMessage();
    },
  };
}
