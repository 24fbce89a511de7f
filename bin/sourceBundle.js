// The sources of a checkout compiled into a few JavaScript files, cached, so that `mmlab` run from a
// checkout starts as the built package does.
//
//   src/**/*.ts ─ key (SHA-256 of every source, tsconfig.json, esbuild's version) ─┬─ found: node_modules/.cache/mmlab/sources-KEY/
//                                                                                  └─ else esbuild → temporary folder → renamed into place
//
// Through tsx's loader, a command spent 1–3 s loading its ~150 TypeScript modules before doing
// anything (each one resolved, transformed and handed over between threads); the compiled entries
// load in a fraction of that. Modules imported on demand stay on demand (chunks). The two packages
// every command loads before its first step, yargs and zod, are compiled in (`INLINED`): loaded
// from node_modules they cost ~0.2 s of a command's start (zod's ~90 modules, 64 of them locales a
// namespace import leaves out of a bundle); every other package stays in node_modules, imported as
// the sources import it. The package build makes the same bundle into dist/bundle/
// (scripts/bundleCli.ts). Entries and chunks sit side by side, so a
// module that starts a worker next to itself (`new URL("./worker.js", import.meta.url)`, as the
// built package does) finds it. Anything
// unexpected (no esbuild, a compile error, a read-only folder) gives null: the caller runs the
// sources through tsx, as before. The installed package runs dist/bundle/ and has no use for the rest.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

/** Changes when the way the bundle is made changes. */
const RECIPE = "mmlab-sources-4";
/** The entries, by the name of their file in the bundle. */
const ENTRIES = {
  cli: "src/cli.ts",
  worker: "src/runner/grid/worker.ts",
  suiteWorker: "src/runner/stress/suiteWorker.ts",
  syntheticAheadWorker: "src/data/sources/syntheticAheadWorker.ts",
};
/** Packages compiled into the bundle (with what they import); every other package stays in node_modules. */
const INLINED = new Set(["yargs", "zod"]);
/** Bundles not used for this long are removed when a new one is made (a running command has loaded what it needs by then). */
const STALE_MS = 3600_000;

/**
 * The folder URL (ending in "/") of the compiled sources of the checkout at `root` (a path ending
 * in "/"): cli.js and the worker entries (worker.js, suiteWorker.js, syntheticAheadWorker.js); made, or found in the cache. Null when they cannot be.
 */
export async function sourceBundle(root) {
  try {
    const cache = join(root, "node_modules", ".cache", "mmlab");
    const esbuild = loadEsbuild(root);
    const key = sourcesKey(root, esbuild.version);
    const dir = join(cache, `sources-${key.slice(0, 16)}`);
    if (!existsSync(join(dir, "cli.js"))) await make(root, cache, dir, esbuild);
    const now = new Date();
    utimesSync(dir, now, now); // in use: not stale
    return pathToFileURL(dir).href + "/";
  } catch {
    return null;
  }
}

/** esbuild, tsx's compiler: found from tsx, as the sources' loader finds it. */
export function loadEsbuild(root) {
  return createRequire(createRequire(join(root, "package.json")).resolve("tsx/package.json"))("esbuild");
}

/** Compiles the entries (cli.js and the worker entries) of the sources at `root` into `outdir`. */
export async function buildBundle(esbuild, root, outdir) {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.entries(ENTRIES).map(([out, path]) => ({ out, in: path })),
    bundle: true,
    // modules imported on demand (and the packages they import) stay on demand, in chunks beside the
    // entries: `new URL("./worker.js", import.meta.url)` in any of them means the entry
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    plugins: [packagesOutsideExcept(INLINED)],
    outdir,
    sourcemap: true,
    logLevel: "silent",
  });
}

/** An esbuild plugin: a package imported by the sources stays an import from node_modules, unless it is in `inlined`. */
function packagesOutsideExcept(inlined) {
  return {
    name: "packages-outside",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        // what an inlined package imports is inlined with it
        if (/[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
        const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
        return inlined.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/** SHA-256 of what the bundle is made from: every file under src/, tsconfig.json, the recipe and esbuild's version. */
function sourcesKey(root, esbuildVersion) {
  const hash = createHash("sha256").update(`${RECIPE}\0esbuild ${esbuildVersion}\0`);
  hash.update(readFileSync(join(root, "tsconfig.json")));
  for (const path of filesUnder(join(root, "src"))) hash.update(`\0${relative(root, path)}\0`).update(readFileSync(path));
  return hash.digest("hex");
}

/** Every file under `dir`, in a fixed order. */
function filesUnder(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path));
    else files.push(path);
  }
  return files;
}

/** Compiles the entries into a temporary folder and renames it into place (another process may have made it first). */
async function make(root, cache, dir, esbuild) {
  mkdirSync(cache, { recursive: true });
  const temp = `${dir}.tmp-${process.pid}`;
  try {
    await buildBundle(esbuild, root, temp);
    renameSync(temp, dir);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(join(dir, "cli.js"))) throw e;
  }
  removeStale(cache, dir);
}

function removeStale(cache, keep) {
  for (const name of readdirSync(cache)) {
    const path = join(cache, name);
    if (path === keep || !name.startsWith("sources-")) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // another process removed it
    }
  }
}
