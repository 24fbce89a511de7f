import { EventKind } from "../../schema.ts";
import { binanceImporter, type BinanceContext, type BinanceFormat, type BinanceRowHandler } from "./common.ts";

const BASE = ["agg_trade_id", "price", "quantity", "first_trade_id", "last_trade_id", "transact_time", "is_buyer_maker"];

/**
 * Binance `aggTrades` dump (`agg_trade_id,price,quantity,first_trade_id,last_trade_id,
 * transact_time,is_buyer_maker[,is_best_match]`; futures 7 columns with a header, spot 8 usually
 * without). One TRADE per row (the aggregate's total quantity at its price); is_buyer_maker = true
 * means the aggressor sold (side −1).
 */
export const aggTradesFormat: BinanceFormat = {
  type: "aggTrades",
  description: "Binance aggTrades CSV dump (spot or USD-M futures)",
  headers: [BASE, [...BASE, "is_best_match"]],
  headerOptional: true,
  timeColumn: 5,
  venue: (columns) => (columns === 7 ? "binance-usdm" : "binance-spot"),
  handler: aggTradesHandler,
};

/** The Binance aggTrades CSV importer. */
export const binanceAggTradesImporter = binanceImporter(aggTradesFormat);

function aggTradesHandler({ fields, grid, sink }: BinanceContext): BinanceRowHandler {
  return {
    row(f, exchTs) {
      const price = grid.price(f[1], "price");
      const qty = grid.size(f[2], "quantity");
      const buyerIsMaker = fields.bool(f[6], "is_buyer_maker");
      sink.emit(exchTs, exchTs, EventKind.TRADE, buyerIsMaker ? -1 : 1, price, qty);
    },
    end() {},
  };
}
