import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** "mmlab <version>" plus the git commit when the code runs from a checkout (and "+dirty" if changed). */
export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const root = packageRoot(fileURLToPath(new URL(".", import.meta.url)));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  // only a checkout of mmlab has its own commit: an installed package inside the user's git
  // repository would otherwise be given the user's commit (and spend ~50 ms asking git)
  const commit = existsSync(join(root, ".git")) ? gitCommit(root) : "";
  cached = `mmlab ${pkg.version}${commit ? ` (${commit})` : ""}`;
  return cached;
}

/** The checkout's commit, "+dirty" when src/ has changes; "" when git cannot tell. */
function gitCommit(root: string): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "src"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return "";
  }
}

/**
 * mmlab's own folder: the nearest one above `dir` with mmlab's package.json (src/ or dist/ are
 * one level down; a checkout's compiled sources, bin/sourceBundle.js, sit in node_modules/.cache).
 */
function packageRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    const file = join(d, "package.json");
    if (existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "mmlab") return d;
    if (dirname(d) === d) throw new Error(`codeVersion: no package.json of mmlab above ${dir}`);
  }
}
