import { MmlabError } from "../../core/errors.ts";
import { arrowImporter } from "./arrow.ts";
import { binanceRawImporter } from "./binance/binanceRaw.ts";
import { binanceCsvImporter } from "./binanceCsv/index.ts";
import { bybitOrderbookImporter } from "./bybit/index.ts";
import { coinbaseImporter } from "./coinbase/index.ts";
import { databentoImporter } from "./databento/databento.ts";
import { hftbacktestImporter } from "./hftbacktest/hftbacktest.ts";
import type { Importer } from "./importer.ts";
import { lobsterImporter } from "./lobster/lobster.ts";
import { parquetImporter } from "./parquet/parquet.ts";
import { tardisCsvImporter } from "./tardis/index.ts";

/** Every source format `mmlab convert --from` and `mmlab verify --from` accept. */
export const IMPORTERS = {
  binance: binanceRawImporter,
  "binance-csv": binanceCsvImporter,
  tardis: tardisCsvImporter,
  lobster: lobsterImporter,
  hftbacktest: hftbacktestImporter,
  bybit: bybitOrderbookImporter,
  coinbase: coinbaseImporter,
  databento: databentoImporter,
  parquet: parquetImporter,
  arrow: arrowImporter,
} as const satisfies Record<string, Importer>;

export type SourceFormat = keyof typeof IMPORTERS;

/** The importer of a format name, or a clear error listing the formats. */
export function importerFor(format: string): Importer {
  if (!Object.hasOwn(IMPORTERS, format)) {
    throw new MmlabError(`--from ${format}: unknown format; choose one of ${Object.keys(IMPORTERS).join(", ")}`);
  }
  return IMPORTERS[format as SourceFormat];
}

export type { Importer, ImportedData, ImportOptions, ImportReport } from "./importer.ts";
