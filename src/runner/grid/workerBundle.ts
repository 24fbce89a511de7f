import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/*
 * The grid's worker module from the sources, compiled once into a few JavaScript files.
 *
 * Run from the sources, a worker thread used to load each of its ~200 TypeScript modules through
 * tsx's loader (registered in the worker itself): about 0.9 s of CPU per worker, as much as four
 * 6-hour points. Compiled by esbuild (the compiler tsx uses) into one module plus chunks loaded
 * on demand, a worker starts in ~0.2 s. The bundle holds mmlab's own modules only: every package
 * is imported from node_modules as before, so the bundle lives in node_modules/.cache/mmlab.
 *
 * It is made again whenever any module it holds changes (its key is the SHA-256 of every one of
 * them as compiled, of tsconfig.json and of esbuild's version). Anything unexpected (no esbuild, a
 * module that finds files next to itself through import.meta, a compile error, a read-only
 * folder) makes the workers load the sources through tsx as before. The built package (dist/)
 * has no use for it: its workers load its JavaScript directly.
 */

/** Changes when the way the bundle is made changes. */
const RECIPE = "mmlab-grid-worker-2";
const MANIFEST = "grid-worker.json";
/** Bundles not used for this long are removed when a new one is made (a running grid has loaded its chunks by then). */
const STALE_MS = 3600_000;

interface Manifest {
  key: string;
  /** The modules compiled into it, relative to the package root. */
  inputs: string[];
  dir: string;
}

interface Esbuild {
  version: string;
  build(options: Record<string, unknown>): Promise<{ outputFiles: { path: string; contents: Uint8Array }[] }>;
}

const root = fileURLToPath(new URL("../../../", import.meta.url));
let made: Promise<string | null> | undefined;

/**
 * The file URL of the compiled worker module for `entry` (an absolute .ts path inside the
 * package), made or found in the cache; null when the sources must be loaded through tsx.
 * Once per process.
 */
export function workerBundle(entry: string): Promise<string | null> {
  made ??= findOrMake(entry).catch(() => null);
  return made;
}

async function findOrMake(entry: string): Promise<string | null> {
  // the packages the bundle imports are found from inside node_modules as from the sources
  if (!existsSync(join(root, "node_modules"))) return null;
  const cache = join(root, "node_modules", ".cache", "mmlab");
  const esbuild = createRequire(import.meta.resolve("tsx/esm/api"))("esbuild") as Esbuild;
  const found = cached(cache, esbuild.version);
  if (found !== null) return found;
  return make(entry, cache, esbuild);
}

/** The cached bundle when every module it holds is as it was compiled. */
function cached(cache: string, esbuildVersion: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(join(cache, MANIFEST), "utf8")) as Manifest;
    const worker = join(cache, manifest.dir, "worker.js");
    if (!existsSync(worker)) return null;
    const key = bundleKey(esbuildVersion, manifest.inputs.map((path) => [path, readFileSync(join(root, path))]));
    if (key !== manifest.key) return null;
    const now = new Date();
    utimesSync(join(cache, manifest.dir), now, now); // in use: not stale
    return pathToFileURL(worker).href;
  } catch {
    return null; // none yet, or a module gone: make it again
  }
}

async function make(entry: string, cache: string, esbuild: Esbuild): Promise<string> {
  const compiled = new Map<string, Buffer>();
  // at the depth of the folder the files go to: the source maps name the sources relative to it
  const outdir = join(cache, "grid-worker-bundle");
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir,
    write: false,
    sourcemap: true,
    logLevel: "silent",
    plugins: [
      {
        name: "mmlab-grid-worker",
        setup(build: PluginBuild) {
          // every package (and node: module) from node_modules, as the sources import it
          build.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === "entry-point" ? undefined : { external: true }));
          // read here, so that the key is of exactly what was compiled
          build.onLoad({ filter: /.*/ }, (args) => {
            const text = readFileSync(args.path);
            const loader = LOADERS[extname(args.path)];
            if (loader === undefined) throw new Error(`grid worker bundle: cannot hold ${args.path}`);
            if (LOCATION.test(text.toString("utf8"))) throw new Error(`grid worker bundle: ${args.path} finds files next to itself`);
            compiled.set(relative(root, args.path), text);
            return { contents: text, loader };
          });
        },
      },
    ],
  });
  const inputs = [...compiled.keys()].sort();
  const key = bundleKey(esbuild.version, inputs.map((path) => [path, compiled.get(path)!]));
  const dir = `grid-worker-${key.slice(0, 16)}`;
  const final = join(cache, dir);
  if (!existsSync(join(final, "worker.js"))) {
    const temp = join(cache, `.${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(temp, { recursive: true });
    for (const file of result.outputFiles) writeFileSync(join(temp, relative(outdir, file.path)), file.contents);
    try {
      renameSync(temp, final);
    } catch (e) {
      rmSync(temp, { recursive: true, force: true });
      if (!existsSync(join(final, "worker.js"))) throw e; // else another process made the same one first
    }
  }
  const manifestTemp = join(cache, `.${MANIFEST}.tmp-${process.pid}`);
  writeFileSync(manifestTemp, JSON.stringify({ key, inputs, dir } satisfies Manifest));
  renameSync(manifestTemp, join(cache, MANIFEST));
  removeStale(cache, dir);
  return pathToFileURL(join(final, "worker.js")).href;
}

/** SHA-256 of what a bundle is made from. */
function bundleKey(esbuildVersion: string, inputs: [string, Buffer][]): string {
  const hash = createHash("sha256").update(`${RECIPE}\0esbuild ${esbuildVersion}\0`);
  hash.update(readFileSync(join(root, "tsconfig.json")));
  for (const [path, text] of inputs) hash.update(`\0${path}\0`).update(createHash("sha256").update(text).digest("hex"));
  return hash.digest("hex");
}

function removeStale(cache: string, keep: string): void {
  for (const name of readdirSync(cache)) {
    if (name === keep || !name.includes("grid-worker-")) continue;
    const path = join(cache, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // another process removed it
    }
  }
}

const LOADERS: Record<string, string> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".js": "js", ".mjs": "js", ".cjs": "js", ".json": "json" };

/** A module that locates files from its own URL would find them next to the bundle instead. */
const LOCATION = /new URL\([^)]*import\.meta\.url|(fileURLToPath|createRequire|dirname)\(\s*import\.meta\.url|import\.meta\.(dirname|filename|resolve)/;

/** What the plugin uses of esbuild's plugin API. */
interface PluginBuild {
  onResolve(options: { filter: RegExp }, callback: (args: { path: string; kind: string }) => { external: boolean } | undefined): void;
  onLoad(options: { filter: RegExp }, callback: (args: { path: string }) => { contents: Uint8Array; loader: string }): void;
}
