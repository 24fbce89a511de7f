import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../../core/hash.ts";
import { MmlabError } from "../../core/errors.ts";
import { isTempFile, writeFileAtomic } from "./atomicFile.ts";
import { gridHash, gridSize, type GridDefinition } from "./definition.ts";
import type { GridPoint } from "./points.ts";
import type { GridRow } from "./rows.ts";

export const GRID_FILE = "grid.json";
export const POINTS_DIR = "points";

const DEFINITION_KEYS = ["params", "base", "data", "scenario", "duration", "seed", "selectOn", "reportOn", "objective"] as const satisfies readonly (keyof GridDefinition)[];
const POINT_FILE = /^(\d+)-([0-9a-f]{12})\.json$/;

/**
 * A grid output folder: grid.json (the resolved definition), points/<index>-<id>.json (one row
 * per finished point: the resume cache), and the result tables. Every file is written atomically.
 */
export class GridFolder {
  readonly hash: string;
  /** Whether open() created the grid here (wrote grid.json), and the folder itself. */
  private created: { grid: boolean; dir: boolean } = { grid: false, dir: false };

  private constructor(
    readonly dir: string,
    readonly def: GridDefinition,
  ) {
    this.hash = gridHash(def);
  }

  /** Opens `dir` for `def`, creating it; refuses a folder that holds a different grid or something else. */
  static open(dir: string, def: GridDefinition): GridFolder {
    const folder = new GridFolder(dir, def);
    if (!existsSync(join(dir, GRID_FILE))) {
      // Shards sharing one folder may start together: what another shard just wrote is not "something else".
      const foreign = existsSync(dir) ? readdirSync(dir).filter((name) => !isTempFile(name) && name !== GRID_FILE && name !== POINTS_DIR) : [];
      if (foreign.length > 0) throw new MmlabError(`${dir} exists and is not a grid folder (no ${GRID_FILE}); choose another --out`);
      folder.created = { grid: true, dir: !existsSync(dir) };
      mkdirSync(dir, { recursive: true });
      folder.writeJson(GRID_FILE, { ...def, points: gridSize(def), hash: folder.hash });
    }
    const stored = GridFolder.read(dir);
    if (stored.hash !== folder.hash) {
      throw new MmlabError(`${dir} holds a different grid (differs in ${definitionDiff(stored.def, def).join(", ")}); choose another --out, or delete it to start over`);
    }
    mkdirSync(join(dir, POINTS_DIR), { recursive: true });
    return folder;
  }

  /** Reads an existing grid folder's definition. */
  static read(dir: string): GridFolder {
    const path = join(dir, GRID_FILE);
    if (!existsSync(path)) throw new MmlabError(`${dir}: not a grid folder (no ${GRID_FILE})`);
    const json = readJson(path) as Record<string, unknown>;
    const missing = DEFINITION_KEYS.filter((k) => !(k in json));
    if (missing.length > 0) throw new MmlabError(`${path}: not a grid definition (missing ${missing.join(", ")})`);
    const def = Object.fromEntries(DEFINITION_KEYS.map((k) => [k, json[k]])) as unknown as GridDefinition;
    return new GridFolder(dir, def);
  }

  /** Path of a point's cache file. */
  pointFile(point: { index: number; id: string }): string {
    return join(this.dir, POINTS_DIR, `${point.index}-${point.id}.json`);
  }

  /** The points of `points` whose cache file is present and this grid's (hidden temporary files are ignored). */
  finished(points: readonly GridPoint[]): Set<number> {
    const dir = join(this.dir, POINTS_DIR);
    const done = new Set<number>();
    if (!existsSync(dir)) return done;
    const byIndex = new Map(points.map((p) => [p.index, p]));
    const all = gridSize(this.def);
    for (const name of readdirSync(dir)) {
      const m = POINT_FILE.exec(name);
      if (!m) continue;
      const index = Number(m[1]);
      if (index >= all) throw new MmlabError(`${join(dir, name)}: point ${index} is not in this grid of ${all} points`);
      const point = byIndex.get(index);
      if (point === undefined) continue;
      if (point.id !== m[2]) throw new MmlabError(`${join(dir, name)}: point ${index} of this grid has id ${point.id}; the file belongs to another grid`);
      this.readRow(point); // checks the file is this grid's
      done.add(index);
    }
    return done;
  }

  /** Caches a finished point's row. */
  writeRow(row: GridRow): void {
    writeFileAtomic(this.pointFile(row), JSON.stringify({ gridHash: this.hash, ...row }) + "\n");
  }

  /** Reads a point's cached row, checking it belongs to this grid. */
  readRow(point: GridPoint): GridRow {
    const path = this.pointFile(point);
    const json = readJson(path) as GridRow & { gridHash?: string };
    if (json.gridHash !== this.hash || json.index !== point.index || json.id !== point.id) {
      throw new MmlabError(`${path}: not this grid's point ${point.index} (${point.id}); delete it to recompute`);
    }
    const { gridHash: _, ...row } = json;
    return row;
  }

  /**
   * Undoes a failed run that created this grid folder: removes it (or empties the folder it found
   * empty), so bad input leaves no output folder. A folder the run found holding the grid (a
   * resume), or holding points this run did not write (`ownPoints`: a shard sharing it), stays:
   * its points are the grid's resume cache.
   */
  discardCreated(ownPoints: ReadonlySet<string>): void {
    if (!this.created.grid) return;
    const pointsDir = join(this.dir, POINTS_DIR);
    const others = existsSync(pointsDir) ? readdirSync(pointsDir).filter((name) => POINT_FILE.test(name) && !ownPoints.has(name)) : [];
    if (others.length > 0) return;
    if (this.created.dir) rmSync(this.dir, { recursive: true, force: true });
    else for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { recursive: true, force: true });
  }

  /** Writes a JSON file into the folder (2-space indent, trailing newline), atomically. */
  writeJson(name: string, value: unknown): void {
    writeFileAtomic(join(this.dir, name), JSON.stringify(value, null, 2) + "\n");
  }
}

/** Names of the definition fields that differ between two grids. */
export function definitionDiff(a: GridDefinition, b: GridDefinition): string[] {
  const differing = DEFINITION_KEYS.filter((k) => k !== "params" && canonicalJson(a[k]) !== canonicalJson(b[k])) as string[];
  if (JSON.stringify(Object.entries(a.params)) !== JSON.stringify(Object.entries(b.params))) differing.unshift("params");
  return differing.length > 0 ? differing : ["params"];
}

/** A JSON file's value; a file that cannot be read or parsed is a clear error naming it. */
export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new MmlabError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new MmlabError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}
