import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
let cached: string | undefined;

/** "mmlab <version>" plus the git commit when the code runs from a checkout (and "+dirty" if changed). */
export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };
  // only a checkout of mmlab has its own commit: an installed package inside the user's git
  // repository would otherwise be given the user's commit (and spend ~50 ms asking git)
  const commit = existsSync(`${root}.git`) ? gitCommit() : "";
  cached = `mmlab ${pkg.version}${commit ? ` (${commit})` : ""}`;
  return cached;
}

/** The checkout's commit, "+dirty" when src/ has changes; "" when git cannot tell. */
function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "src"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return "";
  }
}
