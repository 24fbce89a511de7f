import { MmlabError } from "../../../core/errors.ts";
import type { TickLot } from "../csv.ts";
import type { ImportOptions } from "../importer.ts";

/**
 * Tick and lot of a Coinbase product: --tick/--lot when given, else the REST /products file
 * (`--products`: quote_increment = tick, base_increment = lot), else an error. Coinbase has
 * hundreds of products whose increments change: there is no built-in table.
 */
export function coinbaseTickLot(product: string, options: ImportOptions, file: string): TickLot {
  for (const [name, v] of [["--tick", options.tickSize], ["--lot", options.lotSize]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new MmlabError(`${name} must be a positive number, got ${v}`);
  }
  const list = options.instruments;
  const listed = list?.find(product);
  const tickSize = options.tickSize ?? listed?.tickSize;
  const lotSize = options.lotSize ?? listed?.lotSize;
  if (tickSize === undefined || lotSize === undefined) {
    if (list === undefined) {
      throw new MmlabError(`${file}: tick and lot size of coinbase ${product} unknown: pass --products FILE (the REST /products answer, e.g. cryptofeed's COINBASE.0) or --tick and --lot`);
    }
    throw new MmlabError(`${file}: coinbase ${product} is not in ${list.path} (${list.kind}, ${list.symbols.length} products): pass --tick and --lot`);
  }
  const from = (v: number | undefined): string => (v !== undefined ? "options" : `${list!.path}: ${product}`);
  return { tickSize, lotSize, note: `tick ${tickSize} (from ${from(options.tickSize)}), lot ${lotSize} (from ${from(options.lotSize)})` };
}
