import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MmlabError } from "../core/errors.ts";
import { readArrowTable } from "../data/arrow/table.ts";
import type { KpiReport } from "../kpi/report.ts";
import type { GuardEvent } from "../risk/latencyGuard.ts";
import type { RunManifest } from "../runner/writeRun.ts";

/** A numeric column: a typed array read from Arrow, or a plain array in tests. */
export type Column = ArrayLike<number>;

/** timeseries.arrow: one row per record interval (prices in quote currency, NaN = none). */
export interface TimeseriesData {
  t_ns: Column; mid: Column; bid: Column; ask: Column; reservation: Column; q: Column;
  pnl: Column; sigma: Column; sigma_base: Column; ofi_z: Column; paused: Column;
}

/** fills.arrow: the columns the report uses (side +1 buy / −1 sell, prices in quote currency). */
export interface FillsData {
  t_ns: Column; side: Column; price: Column; qty: Column; fee: Column; mid_at_fill: Column; half_spread_at_placement: Column;
}

/** runlog.json. */
export interface RunLog {
  cancelReasons: Record<string, number>;
  guardEvents: GuardEvent[];
  stepErrors: { tNs: number; message: string }[];
}

/** Everything a report is built from. */
export interface RunData {
  manifest: RunManifest;
  kpis: KpiReport;
  timeseries: TimeseriesData;
  fills: FillsData;
  runlog: RunLog;
}

const TS_COLUMNS = ["t_ns", "mid", "bid", "ask", "reservation", "q", "pnl", "sigma", "sigma_base", "ofi_z", "paused"] as const;
const FILL_COLUMNS = ["t_ns", "side", "price", "qty", "fee", "mid_at_fill", "half_spread_at_placement"] as const;

/** Reads a run folder (manifest, KPIs, timeseries, fills, run log); errors name the missing file or column. */
export async function loadRun(runDir: string): Promise<RunData> {
  const manifest = readJson<RunManifest>(runDir, "manifest.json");
  const kpis = readJson<KpiReport>(runDir, "kpis.json");
  const runlog = readJson<RunLog>(runDir, "runlog.json");
  const timeseries = await readColumns(join(runDir, "timeseries.arrow"), TS_COLUMNS);
  const fills = await readColumns(join(runDir, "fills.arrow"), FILL_COLUMNS);
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
