import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { MmlabError } from "../../core/errors.ts";
import type { GridReportOptions } from "../../report/gridReport.ts";
import { gridPoints, describePoint } from "./points.ts";
import { writeGridFolderReport } from "./report.ts";
import { definitionDiff, GridFolder } from "./store.ts";
import { writeResultTables } from "./table.ts";
import { HOLDOUT_FILE, runHoldout, type Holdout } from "./walkForward.ts";

export interface MergeReport {
  out: string;
  points: number;
  /** Points taken from each input folder. */
  sources: { dir: string; points: number }[];
  tables: string[];
  holdout: Holdout | null;
  /** grid.html, written after the tables; null with `report: false`. */
  html: string | null;
}

/**
 * Joins the point caches of shard folders into one grid folder (`out`, default the first) and
 * writes exactly the tables a single run writes, then the report (grid.html, charts/). Every
 * folder must hold the same grid, and every point must be present exactly once; else a clear
 * error naming what differs or is missing.
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
  const out = GridFolder.open(outDir, def);
  for (const p of points) {
    const from = owner.get(p.index)!;
    if (resolve(from.dir) !== resolve(outDir)) out.writeRow(from.readRow(p));
  }
  const rows = points.map((p) => out.readRow(p));
  const tables = writeResultTables(outDir, "results", def, rows, { "mmlab.gridHash": out.hash });
  const holdout = def.selectOn !== null ? await runHoldout(out, rows) : null;
  const html = options.report === false ? null : await writeGridFolderReport(outDir, def, out.hash, rows, holdout, holdout ? [...tables, HOLDOUT_FILE] : tables, options.report ?? {});
  return { out: outDir, points: points.length, sources, tables, holdout, html };
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
