import { existsSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { MmlabError } from "../../core/errors.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";
import type { GridReportOptions } from "../../report/gridReport.ts";
import { gridPoints, describePoint } from "./points.ts";
import { writeGridFolderReport } from "./report.ts";
import { definitionDiff, GridFolder } from "./store.ts";
import { writeResultTables } from "./table.ts";
import { HOLDOUT_FILE, runHoldout, type Holdout } from "./walkForward.ts";
import { OVERFITTING_FILE, writeGridOverfitting, type OverfittingOutcome } from "./overfitting.ts";

export interface MergeReport {
  out: string;
  points: number;
  /** Points taken from each input folder. */
  sources: { dir: string; points: number }[];
  tables: string[];
  holdout: Holdout | null;
  /** PBO and the deflated Sharpe ratio (overfitting.json), or why they are missing. */
  overfitting: OverfittingOutcome;
  /** grid.html, written after the tables; null with `report: false`. */
  html: string | null;
}

/**
 * Joins the point caches of shard folders into one grid folder (`out`, default the first) and
 * writes exactly the tables a single run writes, then the report (grid.html, charts/). Every
 * folder must hold the same grid, and every point must be present exactly once; else a clear
 * error naming what differs or is missing. A new `out` folder is written beside its target and
 * renamed into place complete (a failure or an interrupt leaves none); an existing grid folder
 * is merged into in place, each file atomically.
 */
export async function mergeGrids(dirs: readonly string[], options: { out?: string; report?: GridReportOptions | false } = {}): Promise<MergeReport> {
  const unique = [...new Map(dirs.map((d) => [resolve(d), d])).values()];
  if (unique.length === 0) throw new MmlabError("merge: name at least one grid folder");
  const folders = unique.map((dir) => GridFolder.read(dir));
  const first = folders[0];
  for (const f of folders.slice(1)) {
    if (f.hash !== first.hash) throw new MmlabError(`merge: ${f.dir} holds a different grid than ${first.dir} (differs in ${definitionDiff(first.def, f.def).join(", ")})`);
  }
  const def = first.def;
  const points = gridPoints(def);
  const owner = new Map<number, GridFolder>();
  const sources = folders.map((f) => ({ dir: f.dir, points: 0 }));
  folders.forEach((f, k) => {
    for (const index of [...f.finished(points)].sort((a, b) => a - b)) {
      const other = owner.get(index);
      if (other !== undefined) throw new MmlabError(`merge: ${describePoint(points[index])} is in both ${other.dir} and ${f.dir}; each point must come from one folder`);
      owner.set(index, f);
      sources[k].points++;
    }
  });
  const missing = points.filter((p) => !owner.has(p.index));
  if (missing.length > 0) {
    const listed = missing.slice(0, 10).map(describePoint).join("; ");
    throw new MmlabError(`merge: incomplete: ${missing.length} of ${points.length} points missing: ${listed}${missing.length > 10 ? "; …" : ""}${shardHint(folders, missing.map((p) => p.index))}`);
  }

  const outDir = options.out ?? first.dir;
  const fresh = !existsSync(outDir) || readdirSync(outDir).length === 0;
  const staging = fresh ? RunFolder.create(outDir) : undefined;
  try {
    const dir = staging?.tmpPath ?? outDir;
    const out = GridFolder.open(dir, def);
    for (const p of points) {
      const from = owner.get(p.index)!;
      if (resolve(from.dir) !== resolve(outDir)) out.writeRow(from.readRow(p));
    }
    const rows = points.map((p) => out.readRow(p));
    const written = writeResultTables(dir, "results", def, rows, { "mmlab.gridHash": out.hash });
    const overfitting = writeGridOverfitting(out, def, rows);
    const holdout = def.selectOn !== null ? await runHoldout(out, rows) : null;
    const linked = [...written, ...("stats" in overfitting ? [OVERFITTING_FILE] : []), ...(holdout ? [HOLDOUT_FILE] : [])];
    const html = options.report === false ? null : await writeGridFolderReport(dir, def, out.hash, rows, holdout, linked, options.report ?? {}, overfitting);
    staging?.commit();
    // the paths in the folder's final place
    const placed = (path: string): string => join(outDir, basename(path));
    return { out: outDir, points: points.length, sources, tables: written.map(placed), holdout, overfitting, html: html === null ? null : placed(html) };
  } catch (e) {
    staging?.abort();
    throw e;
  }
}

/** " (shards not merged: 2/3)" when the folders' shard tables tell the shard count. */
function shardHint(folders: readonly GridFolder[], missing: readonly number[]): string {
  let count: number | undefined;
  for (const f of folders) {
    if (!existsSync(f.dir)) continue;
    for (const name of readdirSync(f.dir)) {
      const m = /^shard-\d+-of-(\d+)\.arrow$/.exec(name);
      if (m) count = Number(m[1]);
    }
  }
  if (count === undefined) return "";
  const shards = [...new Set(missing.map((i) => i % count))].sort((a, b) => a - b);
  return ` (shard${shards.length > 1 ? "s" : ""} ${shards.map((s) => `${s}/${count}`).join(", ")} not run or not merged)`;
}
