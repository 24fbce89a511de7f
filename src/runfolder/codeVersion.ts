import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
let cached: string | undefined;

/** "mmlab <version>" plus the git commit when the code runs from a checkout (and "+dirty" if changed). */
export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };
  let commit = "";
  try {
    commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "src"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    if (dirty) commit += "+dirty";
  } catch {
    commit = "";
  }
  cached = `mmlab ${pkg.version}${commit ? ` (${commit})` : ""}`;
  return cached;
}
