import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageDir, packageVersion } from "./packages.ts";

/** A browser build inlined into the report page. */
export interface InlineLibrary {
  name: string;
  version: string;
  source: string;
}

/** The minified browser (UMD) builds the page needs, in load order: vega, vega-lite, vega-embed. */
const BUILDS: [string, string][] = [
  ["vega", "build/vega.min.js"],
  ["vega-lite", "build/vega-lite.min.js"],
  ["vega-embed", "build/vega-embed.min.js"],
];

let cached: InlineLibrary[] | undefined;

/** Reads the vega, vega-lite and vega-embed browser builds from node_modules, source-map comments removed and safe inside <script>. */
export function inlineLibraries(): InlineLibrary[] {
  if (!cached) {
    cached = BUILDS.map(([name, file]) => {
      const raw = readFileSync(join(packageDir(name), file), "utf8");
      const source = raw.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "\n");
      if (/<\/script|<!--|<script/i.test(source)) throw new Error(`${name}/${file}: contains a sequence that cannot be inlined in <script>`);
      return { name, version: packageVersion(name), source };
    });
  }
  return cached;
}
