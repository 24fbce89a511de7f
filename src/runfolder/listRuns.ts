import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { MmlabError } from "../core/errors.ts";

/** The folders mmlab commands write under runs/ (each command's default --out is runs/<kind>-NNN). */
export const RUN_KINDS = ["backtest", "paper", "stress", "validate", "grid", "tune", "calibrate", "ofi-study", "compare-markets", "sim2real"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** One folder mmlab wrote. */
export interface RunEntry {
  path: string;
  name: string;
  kind: RunKind;
  /** When it was last written: the newest modification time of its top-level entries, ms since the epoch. */
  timeMs: number;
  /** Bytes of every file in it (symbolic links not followed). */
  bytes: number;
  /** Its verdict, when it has one: "PASS 5/6", "FAILED", "3/7 runs pass", "12 points", "target met"; else "". */
  verdict: string;
}

/** What a folder of runs holds: mmlab's run folders (oldest first) and the entries that are not. */
export interface RunListing {
  runs: RunEntry[];
  /** Entries not recognised as a finished mmlab run folder: never touched by `clean`. */
  others: string[];
  /** Temporary folders of runs in progress (or of runs killed before they finished): never touched either. */
  unfinished: string[];
}

type Json = Record<string, unknown>;

/** A folder's JSON file as an object, or undefined (missing, unreadable, not an object). */
function readJson(dir: string, name: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(join(dir, name), "utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

function isFile(dir: string, name: string): boolean {
  try {
    return lstatSync(join(dir, name)).isFile();
  } catch {
    return false;
  }
}

/** "PASS 5/6" / "FAIL 2/6" from a kpis.json. */
function kpiVerdict(kpis: Json | undefined): string | undefined {
  if (kpis === undefined || typeof kpis.passed !== "boolean") return undefined;
  return `${kpis.passed ? "PASS" : "FAIL"} ${String(kpis.rulesPassed)}/${String(kpis.rulesTotal)}`;
}

/**
 * The kind and verdict of a folder, from the files its command writes (and their content: a file
 * of the right name that is not what mmlab writes does not count); undefined for anything else.
 * The writers: runfolder/writeRun.ts (backtest), cli/commands/paper.ts, runner/stress/report.ts,
 * runner/validate/report.ts, runner/grid/store.ts, runner/tune/store.ts and outputs.ts, calibration/calibrationReport.ts,
 * research/ofiReport.ts, research/compareReport.ts, cli/commands/sim2real.ts.
 */
export function identifyRun(dir: string): { kind: RunKind; verdict: string } | undefined {
  const manifest = readJson(dir, "manifest.json");
  if (manifest?.tool === "mmlab" && typeof manifest.resultsHash === "string") {
    const verdict = kpiVerdict(readJson(dir, "kpis.json"));
    if (verdict !== undefined) return { kind: "backtest", verdict };
  }
  if (isFile(dir, "session.arrow")) {
    const feed = readJson(dir, "feed.json");
    const verdict = kpiVerdict(readJson(dir, "kpis.json"));
    if (typeof feed?.resultsHash === "string" && verdict !== undefined) return { kind: "paper", verdict };
  }
  const stress = readJson(dir, "stress.json");
  if (stress?.tool === "mmlab" && stress.kind === "stress" && Array.isArray(stress.runs)) {
    const runs = stress.runs as { passed?: unknown }[];
    return { kind: "stress", verdict: `${runs.filter((r) => r.passed === true).length}/${runs.length} runs pass` };
  }
  const validate = readJson(dir, "validate.json");
  if (validate?.tool === "mmlab" && validate.kind === "validate" && typeof validate.passed === "boolean") {
    return { kind: "validate", verdict: validate.passed ? "PASSED" : "FAILED" };
  }
  const grid = readJson(dir, "grid.json");
  if (grid !== undefined && typeof grid.hash === "string" && typeof grid.points === "number" && typeof grid.params === "object") {
    return { kind: "grid", verdict: `${grid.points} points` };
  }
  const tune = readJson(dir, "tune.json");
  if (tune !== undefined && typeof tune.hash === "string" && typeof tune.definition === "object" && tune.definition !== null) {
    const budget = (tune.definition as { budget?: unknown }).budget;
    return { kind: "tune", verdict: `${typeof budget === "number" ? budget : "?"} configurations${Array.isArray(tune.folds) ? "" : ", unfinished"}` };
  }
  const calibration = readJson(dir, "calibration.json");
  if (calibration !== undefined && typeof calibration.source === "string" && isFile(dir, "calibration.config.json")) return { kind: "calibrate", verdict: "" };
  const ofi = readJson(dir, "ofi-study.json");
  if (ofi !== undefined && typeof ofi.units === "object" && isFile(dir, "buckets.csv")) return { kind: "ofi-study", verdict: "" };
  const facts = readJson(dir, "facts.json");
  if (facts !== undefined && typeof facts.real === "object" && typeof facts.synth === "object" && Array.isArray(facts.rows)) return { kind: "compare-markets", verdict: "" };
  const sim2real = readJson(dir, "sim2real.json");
  if (sim2real !== undefined && typeof sim2real.targetMet === "boolean" && isFile(dir, "market.json")) {
    return { kind: "sim2real", verdict: sim2real.targetMet ? "target met" : "target missed" };
  }
  return undefined;
}

/** Bytes of the files under `path` (symbolic links counted as themselves, not followed). */
export function folderBytes(path: string): number {
  const s = lstatSync(path);
  if (!s.isDirectory()) return s.size;
  let bytes = 0;
  for (const name of readdirSync(path)) bytes += folderBytes(join(path, name));
  return bytes;
}

/** The newest modification time of a folder's top-level entries (the folder's own when empty), ms. */
function lastWrittenMs(dir: string): number {
  let t = lstatSync(dir).mtimeMs;
  for (const name of readdirSync(dir)) t = Math.max(t, lstatSync(join(dir, name)).mtimeMs);
  return t;
}

/** A RunFolder's temporary folder: `.<name>.tmp-<pid>` (runfolder/runFolder.ts). */
const TEMP_FOLDER = /^\..+\.tmp-\d+$/;

/** The run folders directly under `root` (oldest first), and what else is there. A missing root holds nothing. */
export function listRuns(root: string): RunListing {
  const listing: RunListing = { runs: [], others: [], unfinished: [] };
  if (!existsSync(root)) return listing;
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    // a symbolic link to a folder is not a folder mmlab wrote here
    if (!lstatSync(path).isDirectory()) listing.others.push(name);
    else if (TEMP_FOLDER.test(name)) listing.unfinished.push(name);
    else {
      const id = identifyRun(path);
      if (id === undefined) listing.others.push(name);
      else listing.runs.push({ path, name, ...id, timeMs: lastWrittenMs(path), bytes: folderBytes(path) });
    }
  }
  listing.runs.sort((a, b) => a.timeMs - b.timeMs || a.name.localeCompare(b.name));
  return listing;
}

/** The runs last written more than `ageMs` before `nowMs`. */
export function runsOlderThan(runs: readonly RunEntry[], ageMs: number, nowMs: number): RunEntry[] {
  return runs.filter((r) => nowMs - r.timeMs > ageMs);
}

/**
 * Deletes a run folder, after checking again that it is one (it may have changed since it was
 * listed). It is first renamed to a hidden temporary name, so a process killed while deleting
 * leaves a folder listed as unfinished, never a run with half of its files.
 */
export function removeRun(run: RunEntry): void {
  if (!lstatSync(run.path).isDirectory() || identifyRun(run.path)?.kind !== run.kind) throw new MmlabError(`${run.path}: no longer a ${run.kind} run folder; left alone`);
  const doomed = join(dirname(run.path), `.${run.name}.tmp-${process.pid}`);
  rmSync(doomed, { recursive: true, force: true });
  renameSync(run.path, doomed);
  rmSync(doomed, { recursive: true });
}
