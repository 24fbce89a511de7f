import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { MmlabError } from "../../core/errors.ts";
import { RUNS_DIR, TuneFolder } from "./store.ts";

/** What merging tune folders did. */
export interface TuneMergeReport {
  out: string;
  /** Runs each input folder added (not already in `out`). */
  sources: { dir: string; runs: number }[];
  /** Runs in `out` after the merge. */
  runs: number;
}

/**
 * Joins the run caches of tune folders (shards of one tune) into `out` (default the first): every
 * folder must hold the same tune. A run cached in several folders is the same run (the same
 * definition, index and inputs) and is taken once. Nothing runs: `mmlab tune --resume OUT` then
 * runs what is left and writes the results.
 */
export function mergeTunes(dirs: readonly string[], options: { out?: string } = {}): TuneMergeReport {
  const unique = [...new Map(dirs.map((d) => [resolve(d), d])).values()];
  if (unique.length === 0) throw new MmlabError("merge: name at least one tune folder");
  const folders = unique.map((dir) => TuneFolder.read(dir));
  const first = folders[0];
  for (const f of folders.slice(1)) if (f.hash !== first.hash) throw new MmlabError(`merge: ${f.dir} holds a different tune than ${first.dir}`);
  const out = TuneFolder.open(options.out ?? first.dir, first.def);
  const have = new Set(out.runFiles());
  const sources = folders.map((f) => {
    let runs = 0;
    if (resolve(f.dir) === resolve(out.dir)) return { dir: f.dir, runs };
    for (const name of f.runFiles()) {
      if (have.has(name)) continue;
      mkdirSync(join(out.dir, RUNS_DIR), { recursive: true });
      const target = join(out.dir, RUNS_DIR, name);
      if (!existsSync(target)) copyFileSync(join(f.dir, RUNS_DIR, name), target);
      have.add(name);
      runs++;
    }
    return { dir: f.dir, runs };
  });
  return { out: out.dir, sources, runs: have.size };
}
