import { readFileSync } from "node:fs";
import { DataError, MmlabError } from "../../core/errors.ts";
import { coinbaseProductList } from "./coinbaseProducts.ts";
import { exchangeInfoList } from "./exchangeInfo.ts";
import type { InstrumentList } from "./instrumentList.ts";

/** A REST answer as cryptofeed records it: `<url> -> <epoch seconds>: <json>` on the first line. */
const CAPTURED_REST = /^\S+ -> \d+(?:\.\d+)?: /;

/**
 * Reads an instrument file (`--instruments`): a Binance exchangeInfo JSON object, or a Coinbase
 * `/products` JSON array, either as a plain JSON file or as cryptofeed's capture of the REST answer
 * (first line `<url> -> <ts>: <json>`, later lines ignored: cryptofeed writes its config there).
 */
export function loadInstrumentFile(path: string): InstrumentList {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new MmlabError(`${path}: cannot read the instrument file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const newline = text.indexOf("\n");
  const firstLine = (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, "");
  const prefix = CAPTURED_REST.exec(firstLine);
  const line = prefix === null ? undefined : 1;
  const body = prefix === null ? text : firstLine.slice(prefix[0].length);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    throw new DataError(path, line, undefined, `not JSON (${(e as Error).message}): expected a Binance exchangeInfo object or a Coinbase /products array`);
  }
  if (Array.isArray(json)) return coinbaseProductList(path, line, json);
  const symbols = (json as { symbols?: unknown } | null)?.symbols;
  if (Array.isArray(symbols)) return exchangeInfoList(path, line, { symbols });
  throw new DataError(path, line, undefined, 'not an instrument list: expected a Binance exchangeInfo object ({"symbols":[…]}) or a Coinbase /products array ([{"id":…}])');
}
