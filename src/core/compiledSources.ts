import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** What bin/sourceBundle.js exports (plain JavaScript: the launcher uses it before any TypeScript loads). */
interface SourceBundleModule {
  sourceBundle(root: string): Promise<string | null>;
}

/**
 * The URL of `entry` ("worker.js", "suiteWorker.js") in the checkout's compiled sources
 * (bin/sourceBundle.js: made once, cached), for a worker thread started from the sources; null
 * when they cannot be compiled (the worker then loads the sources through tsx). Only for code
 * running from the sources: the built package starts its own JavaScript files.
 */
export async function compiledSourcesEntry(entry: string): Promise<string | null> {
  const root = new URL("../../", import.meta.url);
  try {
    const { sourceBundle } = (await import(new URL("bin/sourceBundle.js", root).href)) as SourceBundleModule;
    const bundle = await sourceBundle(fileURLToPath(root));
    return bundle === null ? null : new URL(entry, bundle).href;
  } catch {
    return null;
  }
}

/**
 * The worker module `name` ("worker") beside the module at `here` (its import.meta.url), compiled:
 * null when `here` is JavaScript already (the built package, or the compiled sources themselves).
 */
export function compiledWorkerModule(here: string, name: string): Promise<string | null> {
  return here.endsWith(".js") ? Promise.resolve(null) : compiledSourcesEntry(`${name}.js`);
}

/**
 * Starts a worker thread on the module `name` beside the module at `here`: `name`.js as it is in
 * JavaScript (the built package, the compiled sources); from the sources, their compiled bundle
 * (`compiled`, compiledWorkerModule; with source maps for stack traces), or else `name`.ts with
 * the TypeScript loader registered inside the worker (tsx's register API) before the entry is
 * imported (`workerData`: the thread's workerData): on Node 20, `execArgv: ["--import", "tsx"]` does not reach a worker's module loading
 * ("Unknown file extension .ts"), under tsx and vitest alike.
 */
export function startModuleWorker(here: string, name: string, compiled: string | null, workerData?: unknown): Worker {
  if (here.endsWith(".js")) return new Worker(new URL(`./${name}.js`, here), { workerData });
  if (compiled !== null) return new Worker(`process.setSourceMapsEnabled(true); import(${JSON.stringify(compiled)});`, { eval: true, workerData });
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const entry = new URL(`./${name}.ts`, here).href;
  return new Worker(`import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true, workerData });
}
