/**
 * Where things are, independent of the working directory: a Jupyter kernel starts in notebooks/,
 * `npm run notebooks` runs from the repository root. Paths are derived from this module's own URL.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { env } from "node:process";
import { fileURLToPath } from "node:url";

/** The repository root (the folder holding package.json and src/). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** notebooks/out/: charts and files the notebooks write (git-ignored). */
export const OUT_DIR = join(REPO_ROOT, "notebooks", "out");

/**
 * The real market data samples beside the repository (../shared/data), as the tests use them;
 * NOTEBOOKS_SHARED_DATA=DIR points elsewhere (e.g. at an empty folder, to run the notebooks' fallbacks).
 */
export const SHARED_DATA = env.NOTEBOOKS_SHARED_DATA || join(REPO_ROOT, "..", "shared", "data");

/** A path under notebooks/out/ (the folder is created). */
export function outPath(name: string): string {
  mkdirSync(OUT_DIR, { recursive: true });
  return join(OUT_DIR, name);
}

/** A path as shown to the reader: relative to the repository root. */
export function shown(path: string): string {
  return relative(REPO_ROOT, path) || ".";
}

/** The two gzip files of the Binance spot BTC-USDT capture (one stream, in order), or null when the samples are absent. */
export function binanceSampleFiles(): string[] | null {
  const dir = join(SHARED_DATA, "binance-spot-btcusdt");
  const files = ["btcusdt_20240808.gz", "btcusdt_20240809.gz"].map((f) => join(dir, f));
  return files.every((f) => existsSync(f)) ? files : null;
}
