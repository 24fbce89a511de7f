import { fileURLToPath } from "node:url";

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
