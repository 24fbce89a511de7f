import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MmlabError } from "../core/errors.ts";
import { readArrowTable } from "../data/arrow/table.ts";
import type { KpiReport } from "../kpi/report.ts";
import { REPORT_FILL_COLUMNS, TIMESERIES_COLUMNS, type Column, type RunData, type RunLog, type RunManifest } from "./format.ts";

/** Reads a run folder (manifest, KPIs, timeseries, fills, run log); errors name the missing file or column. */
export async function loadRun(runDir: string): Promise<RunData> {
  const manifest = readJson<RunManifest>(runDir, "manifest.json");
  const kpis = readJson<KpiReport>(runDir, "kpis.json");
  const runlog = readJson<RunLog>(runDir, "runlog.json");
  const timeseries = await readColumns(join(runDir, "timeseries.arrow"), TIMESERIES_COLUMNS);
  const fills = await readColumns(join(runDir, "fills.arrow"), REPORT_FILL_COLUMNS);
  return { manifest, kpis, timeseries, fills, runlog };
}

function readJson<T>(dir: string, name: string): T {
  const path = join(dir, name);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new MmlabError(`${path}: missing; not a run folder?`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new MmlabError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

async function readColumns<K extends string>(path: string, names: readonly K[]): Promise<Record<K, Column>> {
  const table = await readArrowTable(path);
  const out = {} as Record<K, Column>;
  for (const name of names) {
    const col = table.columns[name];
    if (col === undefined) throw new MmlabError(`${path}: missing column ${name}`);
    if (col instanceof BigInt64Array) throw new MmlabError(`${path}: column ${name} is int64; expected a float column`);
    out[name] = col;
  }
  return out;
}
