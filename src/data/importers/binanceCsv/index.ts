import { basename } from "node:path";
import { DataError } from "../../../core/errors.ts";
import type { Importer } from "../importer.ts";
import { aggTradesFormat } from "./aggTrades.ts";
import { layoutOf, openBinanceCsv, type BinanceFormat, type BinanceLayout } from "./common.ts";
import { depthFormat } from "./depth.ts";
import { tradesFormat } from "./trades.ts";

export { binanceDepthImporter } from "./depth.ts";
export { binanceTradesImporter } from "./trades.ts";
export { binanceAggTradesImporter } from "./aggTrades.ts";
export { BINANCE_INSTRUMENTS } from "./instruments.ts";

const FORMATS: readonly BinanceFormat[] = [depthFormat, tradesFormat, aggTradesFormat];

/**
 * A Binance CSV's type from its first line: a header names it; a header-less trade dump is told
 * by its file name (`-aggTrades-` / `-trades-`), else by its sixth field (is_buyer_maker, a
 * boolean, in trades; transact_time, a number, in aggTrades).
 */
export function detectBinanceLayout(file: string, first: readonly string[], isHeader: boolean): BinanceLayout {
  if (isHeader) {
    const byHeader = FORMATS.find((f) => f.headers.some((h) => h.join(",") === first.join(","))) ?? FORMATS.find((f) => f.headers[0][0] === first[0]);
    if (byHeader === undefined) {
      throw new DataError(file, 1, "header", `not a Binance depth, trades or aggTrades CSV header: ${first.join(",")}`);
    }
    return layoutOf(byHeader, file, first, true);
  }
  const name = basename(file);
  const format = name.includes("-aggTrades-")
    ? aggTradesFormat
    : name.includes("-trades-")
      ? tradesFormat
      : /^(true|false)$/i.test(first[5] ?? "")
        ? tradesFormat
        : aggTradesFormat;
  return layoutOf(format, file, first, false);
}

/** Binance historical CSV of any supported type (depth, trades, aggTrades), detected from the first line. */
export const binanceCsvImporter: Importer = {
  description: "Binance historical CSV (order-book depth snap/set, trades, aggTrades; type detected)",
  open: (inputs, options) => openBinanceCsv(inputs, options, detectBinanceLayout),
};
