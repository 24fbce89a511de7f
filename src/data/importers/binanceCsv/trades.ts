import { EventKind } from "../../schema.ts";
import { binanceImporter, type BinanceContext, type BinanceFormat, type BinanceRowHandler } from "./common.ts";

const BASE = ["id", "price", "qty", "quote_qty", "time", "is_buyer_maker"];

/**
 * Binance `trades` dump (`id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]`; futures
 * files have a header and 6 columns, spot files 7 columns and usually no header). One TRADE per
 * row; is_buyer_maker = true means the aggressor sold (side −1), else bought (+1).
 */
export const tradesFormat: BinanceFormat = {
  type: "trades",
  description: "Binance trades CSV dump (spot or USD-M futures)",
  headers: [BASE, [...BASE, "is_best_match"]],
  headerOptional: true,
  timeColumn: 4,
  venue: (columns) => (columns === 6 ? "binance-usdm" : "binance-spot"),
  handler: tradesHandler,
};

/** The Binance trades CSV importer. */
export const binanceTradesImporter = binanceImporter(tradesFormat);

function tradesHandler({ fields, grid, sink }: BinanceContext): BinanceRowHandler {
  return {
    row(f, exchTs) {
      const price = grid.price(f[1], "price");
      const qty = grid.size(f[2], "qty");
      const buyerIsMaker = fields.bool(f[5], "is_buyer_maker");
      sink.emit(exchTs, exchTs, EventKind.TRADE, buyerIsMaker ? -1 : 1, price, qty);
    },
    end() {},
  };
}
