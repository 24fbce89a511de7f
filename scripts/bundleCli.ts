/**
 * The package build's second step (`npm run build`, after tsc): the `mmlab` command compiled into
 * dist/bundle/ (cli.js, the worker entries worker.js, suiteWorker.js, syntheticAheadWorker.js, and their chunks) by the recipe a checkout uses
 * for its sources (bin/sourceBundle.js), so that an installed `mmlab` starts as fast as a checkout's.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error plain JavaScript of the launcher, without types
import { buildBundle, loadEsbuild } from "../bin/sourceBundle.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = join(root, "dist", "bundle");
rmSync(outdir, { recursive: true, force: true });
await buildBundle(loadEsbuild(root), root, outdir);
