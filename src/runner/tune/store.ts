import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { MmlabError } from "../../core/errors.ts";
import { isTempFile, writeFileAtomic } from "../grid/atomicFile.ts";
import type { GridRow } from "../grid/rows.ts";
import { readJson } from "../grid/store.ts";
import { tuneHash, type TuneDefinition } from "./definition.ts";

export const TUNE_FILE = "tune.json";
export const RUNS_DIR = "runs";
const RUN_FILE = /^(\d+)-([0-9a-f]{12})\.json$/;

/**
 * A tune output folder: tune.json (the resolved definition and, once done, the results),
 * runs/<index>-<id>.json (one row per finished run: the resume cache, and what shards share),
 * the result tables and the report. Every file is written atomically.
 */
export class TuneFolder {
  readonly hash: string;
  /** Whether open() made the folder (it did not exist, or was empty). */
  private created = false;

  private constructor(
    readonly dir: string,
    readonly def: TuneDefinition,
  ) {
    this.hash = tuneHash(def);
  }

  /** Opens `dir` for `def`, creating it; refuses a folder that holds a different tune or something else. */
  static open(dir: string, def: TuneDefinition): TuneFolder {
    const folder = new TuneFolder(dir, def);
    if (!existsSync(join(dir, TUNE_FILE))) {
      const foreign = existsSync(dir) ? readdirSync(dir).filter((name) => !isTempFile(name) && name !== TUNE_FILE && name !== RUNS_DIR) : [];
      if (foreign.length > 0) throw new MmlabError(`${dir} exists and is not a tune folder (no ${TUNE_FILE}); choose another --out`);
      folder.created = !existsSync(dir);
      mkdirSync(dir, { recursive: true });
      folder.writeJson(TUNE_FILE, { definition: def, hash: folder.hash });
    }
    const stored = TuneFolder.read(dir);
    if (stored.hash !== folder.hash) throw new MmlabError(`${dir} holds a different tune (its tune.json has another definition); choose another --out, or delete it to start over`);
    mkdirSync(join(dir, RUNS_DIR), { recursive: true });
    return folder;
  }

  /** Reads an existing tune folder's definition. */
  static read(dir: string): TuneFolder {
    const path = join(dir, TUNE_FILE);
    if (!existsSync(path)) throw new MmlabError(`${dir}: not a tune folder (no ${TUNE_FILE})`);
    const json = readJson(path) as { definition?: TuneDefinition; hash?: string };
    if (json.definition === undefined || typeof json.hash !== "string") throw new MmlabError(`${path}: not a tune definition (no definition and hash)`);
    const folder = new TuneFolder(dir, json.definition);
    if (folder.hash !== json.hash) throw new MmlabError(`${path}: its hash does not match its definition (edited by hand?)`);
    return folder;
  }

  /**
   * Undoes a failed run that created this folder: removes it, unless it holds runs this process did
   * not write (`own`: the names of those it wrote; another shard shares it), which stay to resume from.
   */
  discardCreated(own: ReadonlySet<string>): void {
    if (!this.created) return;
    if (this.runFiles().some((name) => !own.has(name))) return;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Path of a run's cache file. */
  runFile(run: { index: number; id: string }): string {
    return join(this.dir, RUNS_DIR, `${run.index}-${run.id}.json`);
  }

  /** The cached row of a run, or undefined when it has not finished; a file of another tune is an error. */
  cachedRow(run: { index: number; id: string }): GridRow | undefined {
    const path = this.runFile(run);
    if (!existsSync(path)) return undefined;
    const json = readJson(path) as GridRow & { tuneHash?: string };
    if (json.tuneHash !== this.hash || json.index !== run.index || json.id !== run.id) throw new MmlabError(`${path}: not this tune's run ${run.index} (${run.id}); delete it to recompute`);
    const { tuneHash: _, ...row } = json;
    return row;
  }

  /** Caches a finished run's row; returns its file's name. */
  writeRow(row: GridRow): string {
    writeFileAtomic(this.runFile(row), JSON.stringify({ tuneHash: this.hash, ...row }) + "\n");
    return basename(this.runFile(row));
  }

  /** The run files in the folder, by name (for merging shard folders). */
  runFiles(): string[] {
    const dir = join(this.dir, RUNS_DIR);
    return existsSync(dir) ? readdirSync(dir).filter((name) => RUN_FILE.test(name)).sort() : [];
  }

  /** Writes a JSON file into the folder (2-space indent, trailing newline), atomically. */
  writeJson(name: string, value: unknown): void {
    writeFileAtomic(join(this.dir, name), JSON.stringify(value, null, 2) + "\n");
  }
}
