import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { MmlabError } from "../core/errors.ts";
import { writeFileNamed } from "../core/writeFileNamed.ts";
import { trackTempPath, untrackTempPath } from "../core/tempFiles.ts";

/**
 * A run folder written all-or-nothing: files go into a hidden temporary folder beside the target,
 * which is renamed into place only when every file is written. A failure removes it, so no
 * half-written run folder is ever left; an interrupt (Ctrl-C) removes it too (core/tempFiles.ts).
 * An existing folder is replaced only when asked.
 */
export class RunFolder {
  readonly tmpPath: string;
  private finished = false;

  private constructor(
    readonly path: string,
    private readonly replace: boolean,
  ) {
    this.tmpPath = join(dirname(path), `.${pathBase(path)}.tmp-${process.pid}`);
    rmSync(this.tmpPath, { recursive: true, force: true });
    trackTempPath(this.tmpPath);
    mkdirSync(this.tmpPath, { recursive: true });
  }

  /** Prepares `path` (refusing an existing non-empty folder unless `replace`, and a file always). */
  static create(path: string, replace = false): RunFolder {
    const full = resolve(path);
    // a file is never replaced by a run folder, even with --force: it is likely the user's data
    if (statSync(full, { throwIfNoEntry: false })?.isDirectory() === false) {
      throw new MmlabError(`output folder ${path} is an existing file, not a folder; choose another --out`);
    }
    if (existsSync(full) && !replace && readdirSync(full).length > 0) {
      throw new MmlabError(`output folder ${path} already exists; choose another --out or pass --force to replace it`);
    }
    return new RunFolder(full, replace);
  }

  /** The next free `runs/<prefix>-NNN` under `root`. */
  static nextFree(root: string, prefix: string): string {
    for (let i = 1; ; i++) {
      const candidate = join(root, `${prefix}-${String(i).padStart(3, "0")}`);
      if (!existsSync(candidate)) return candidate;
    }
  }

  /** Path of a file inside the (temporary) folder. */
  file(name: string): string {
    return join(this.tmpPath, name);
  }

  /** Writes a JSON file (2-space indent, trailing newline). */
  writeJson(name: string, value: unknown): void {
    writeFileNamed(this.file(name), JSON.stringify(value, null, 2) + "\n");
  }

  /** Moves the finished folder into place. */
  commit(): void {
    if (this.finished) return;
    if (existsSync(this.path)) {
      if (!this.replace && readdirSync(this.path).length > 0) throw new MmlabError(`output folder ${this.path} appeared while running; not replaced`);
      rmSync(this.path, { recursive: true, force: true });
    }
    mkdirSync(dirname(this.path), { recursive: true });
    renameSync(this.tmpPath, this.path);
    untrackTempPath(this.tmpPath);
    this.finished = true;
  }

  /** Removes the temporary folder (after a failure). */
  abort(): void {
    if (this.finished) return;
    rmSync(this.tmpPath, { recursive: true, force: true });
    untrackTempPath(this.tmpPath);
    this.finished = true;
  }
}

function pathBase(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? "run";
}
