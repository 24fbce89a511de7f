import { EventKind } from "../../schema.ts";
import { checkHeader, type FieldParser } from "../csv.ts";
import { TARDIS_COMMON, tardisImporter, type TardisContext, type TardisFormat, type TardisRowHandler } from "./common.ts";

const COLUMNS = [...TARDIS_COMMON, "id", "side", "price", "amount"];

/** Tardis `trades`: one TRADE event per row; side is the aggressor (buy +1, sell −1, unknown 0). */
export const tradesFormat: TardisFormat = {
  type: "trades",
  description: "Tardis.dev trades CSV",
  matches: (header) => header.length === COLUMNS.length && header[4] === "id",
  checkHeader: (file, header) => checkHeader(file, header, COLUMNS, "Tardis trades"),
  handler: tradesHandler,
};

/** The `trades` importer. */
export const tardisTradesImporter = tardisImporter(tradesFormat);

function tradesHandler({ fields, grid, sink }: TardisContext): TardisRowHandler {
  return {
    row(f, exchTs, localTs) {
      const side = aggressorSide(fields, f[5]);
      const price = grid.price(f[6], "price");
      const amount = grid.size(f[7], "amount");
      sink.emit(exchTs, localTs, EventKind.TRADE, side, price, amount);
    },
    end() {},
  };
}

/** Aggressor side of a Tardis trade: buy → +1, sell → −1, unknown → 0. */
export function aggressorSide(fields: FieldParser, text: string): number {
  if (text === "buy") return 1;
  if (text === "sell") return -1;
  if (text === "unknown") return 0;
  return fields.fail("side", `must be buy, sell or unknown, found ${JSON.stringify(text)}`);
}
