import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { MmlabError } from "../core/errors.ts";

/**
 * A run folder written all-or-nothing: files go into a hidden temporary folder beside the target,
 * which is renamed into place only when every file is written. A failure removes it, so no
 * half-written run folder is ever left. An existing folder is replaced only when asked.
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
    mkdirSync(this.tmpPath, { recursive: true });
  }

  /** Prepares `path` (refusing an existing non-empty folder unless `replace`). */
  static create(path: string, replace = false): RunFolder {
    const full = resolve(path);
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
    writeFileSync(this.file(name), JSON.stringify(value, null, 2) + "\n");
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
    this.finished = true;
  }

  /** Removes the temporary folder (after a failure). */
  abort(): void {
    if (this.finished) return;
    rmSync(this.tmpPath, { recursive: true, force: true });
    this.finished = true;
  }
}

function pathBase(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? "run";
}
