import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";

/** The real market data samples beside the repository (`../shared/data`). */
export const SHARED_DATA = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

/** Path of a sample file under ../shared/data. */
export function sample(relative: string): string {
  return SHARED_DATA + relative;
}

/** True when the samples are present (CI always has them; a user's fresh clone may not). */
export const hasSharedData = existsSync(SHARED_DATA);

/**
 * `describe` for tests on the real samples: runs them when ../shared/data is present, otherwise
 * skips them and says so on the console.
 */
export function describeWithSharedData(name: string, body: () => void): void {
  if (!hasSharedData) {
    console.warn(`SKIPPED "${name}": the real data samples are not at ${SHARED_DATA}`);
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

/** The Binance spot BTC-USDT capture (both files as one stream). */
export const BINANCE_SPOT_CAPTURE = [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")];

/** Converts the Binance spot capture to an event file at `path`, as `mmlab convert --from binance` does (size grid and notes included). */
export async function writeBinanceSpotSample(path: string): Promise<void> {
  const { importerFor } = await import("../../src/data/importers/index.ts");
  const { importMetadata } = await import("../../src/data/importers/importOutput.ts");
  const { writeEventFile } = await import("../../src/data/arrow/writer.ts");
  const imported = await importerFor("binance").open(BINANCE_SPOT_CAPTURE, {});
  await writeEventFile(path, imported.meta, imported.batches, importMetadata(imported));
}
