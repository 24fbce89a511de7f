import { EventKind } from "../../schema.ts";
import { binanceImporter, type BinanceContext, type BinanceFormat, type BinanceRowHandler } from "./common.ts";
import { DepthSequencer } from "./depthSequence.ts";

const BASE = ["symbol", "timestamp", "first_update_id", "last_update_id", "side", "update_type", "price", "qty"];

/**
 * Binance historical order-book CSV (`symbol,timestamp,first_update_id,last_update_id,side,
 * update_type,price,qty[,pu]`; with `pu` it is USD-M futures, without spot). Rows with the same
 * update_type and last_update_id are one message. A `snap` message is DEPTH_CLEAR (both sides)
 * then SNAPSHOT levels; `set` rows are DEPTH updates (qty = the level's new size, 0 deletes),
 * checked against the update-id rules (DepthSequencer). Side `b` → +1, `a` → −1.
 */
export const depthFormat: BinanceFormat = {
  type: "depth",
  description: "Binance historical order-book CSV (depth snapshots and updates)",
  headers: [[...BASE, "pu"], BASE],
  headerOptional: false,
  timeColumn: 1,
  symbolColumn: 0,
  venue: (columns) => (columns === 9 ? "binance-usdm" : "binance-spot"),
  handler: depthHandler,
};

/** The Binance depth CSV importer. */
export const binanceDepthImporter = binanceImporter(depthFormat);

function depthHandler({ fields, grid, sink, report, options, columns }: BinanceContext): BinanceRowHandler {
  const futures = columns === 9;
  const sequencer = new DepthSequencer(futures, options, fields, report);
  let started = false;
  let type = "";
  let lastId = 0n;
  let apply = true;
  return {
    row(f, exchTs) {
      const rowType = f[5];
      if (rowType !== "snap" && rowType !== "set") fields.fail("update_type", `must be snap or set, found ${JSON.stringify(rowType)}`);
      const u = fields.integer(f[3], "last_update_id");
      const side = f[4] === "b" ? 1 : f[4] === "a" ? -1 : fields.fail("side", `must be b or a, found ${JSON.stringify(f[4])}`);
      const price = grid.price(f[6], "price");
      const qty = grid.size(f[7], "qty");
      if (!started || rowType !== type || u !== lastId) {
        if (started) sink.endMessage();
        started = true;
        type = rowType;
        lastId = u;
        if (rowType === "snap") {
          sequencer.snapshot(u);
          sink.emit(exchTs, exchTs, EventKind.DEPTH_CLEAR, 1, 0, 0);
          sink.emit(exchTs, exchTs, EventKind.DEPTH_CLEAR, -1, 0, 0);
          apply = true;
        } else {
          const U = fields.integer(f[2], "first_update_id");
          const pu = futures ? fields.integer(f[8], "pu") : 0n;
          apply = sequencer.update(U, u, pu, exchTs) === "apply";
        }
      }
      if (apply) sink.emit(exchTs, exchTs, rowType === "snap" ? EventKind.SNAPSHOT : EventKind.DEPTH, side, price, qty);
    },
    end() {
      if (started) sink.endMessage();
      sequencer.finish();
    },
  };
}
