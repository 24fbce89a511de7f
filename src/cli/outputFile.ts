import { statSync } from "node:fs";
import { extname, join } from "node:path";
import { MmlabError } from "../core/errors.ts";
import { UsageError } from "./usageError.ts";

/**
 * Refuses a `--out` file before anything is read or written: a name whose extension is not a
 * format the command writes (a usage error: `generate --out x.csv` would put Arrow bytes in a
 * `.csv`), an existing folder, an existing file without `force`.
 */
export function checkOutputFile(out: string, force: boolean, command: string, extensions: readonly string[]): void {
  const ext = extname(out).toLowerCase();
  if (!extensions.includes(ext)) {
    const given = ext === "" ? "no file extension" : `unknown output format "${ext}"`;
    const stem = out.slice(0, out.length - ext.length);
    const example = extensions.includes(extname(stem).toLowerCase()) ? stem : `${stem}${extensions[0]}`; // x.arrow.gz → x.arrow
    throw new UsageError(`--out ${out}: ${given}; ${command} writes ${extensions.join(", ")} (e.g. ${example})`);
  }
  const existing = statSync(out, { throwIfNoEntry: false });
  if (existing === undefined) return;
  if (existing.isDirectory()) throw new MmlabError(`--out ${out}: is a folder; name the file to write (e.g. ${join(out, `events${extensions[0]}`)})`);
  if (!force) throw new MmlabError(`${out} already exists; pass --force to replace it`);
}
