import { Int32, Float64, Utf8 } from "apache-arrow";
import { join } from "node:path";
import { parseConfig } from "../../config/load.ts";
import { NS_PER_S } from "../../core/time.ts";
import type { JsonValue } from "../grid/definition.ts";
import { overfittingLine } from "../grid/overfitting.ts";
import type { GridRow } from "../grid/rows.ts";
import type { Span } from "../grid/spans.ts";
import { paramColumn, resultColumns, writeTables, type Column } from "../grid/table.ts";
import { rungSizes } from "./plan.ts";
import type { TuneDefinition } from "./definition.ts";
import type { FoldResult, TuneRun, TuneRunReport } from "./runTune.ts";
import type { TuneFolder } from "./store.ts";
import { REPORT_RUNG } from "./plan.ts";

/** The configuration the last fold chose, every field written: `mmlab backtest --config` takes it. */
export const BEST_CONFIG_FILE = "best-config.json";
export const RESULTS_NAME = "results";

/** A span in seconds of data time, as the outputs write it. */
function spanSeconds(span: Span): { startS: number; endS: number } {
  return { startS: span.startNs / NS_PER_S, endS: span.endNs / NS_PER_S };
}

/** The columns of a tune's table of runs: index, id, fold, rung ("report" for a report run), sample, its span, every tuned parameter, the KPIs and hashes. */
export function runColumns(def: TuneDefinition, samples: readonly Record<string, JsonValue>[]): Column<TuneRun>[] {
  const columns: Column<TuneRun>[] = [
    { name: "index", type: new Int32(), nullable: false, value: (r) => r.row.index },
    { name: "id", type: new Utf8(), nullable: false, value: (r) => r.row.id },
    { name: "fold", type: new Int32(), nullable: false, value: (r) => r.slot.fold },
    { name: "rung", type: new Utf8(), nullable: false, value: (r) => (r.slot.rung === REPORT_RUNG ? "report" : String(r.slot.rung)) },
    { name: "sample", type: new Int32(), nullable: false, value: (r) => r.slot.sample },
    { name: "startS", type: new Float64(), nullable: false, value: (r) => r.span.startNs / NS_PER_S },
    { name: "endS", type: new Float64(), nullable: false, value: (r) => r.span.endNs / NS_PER_S },
  ];
  for (const name of Object.keys(def.space)) {
    const column = paramColumn(name, samples.map((s) => s[name]));
    columns.push({ ...column, value: (r) => column.value(r.row) });
  }
  for (const column of resultColumns()) columns.push({ ...column, value: (r) => column.value(r.row) });
  return columns;
}

/** What tune.json holds once the tune is complete: the definition, the draws, every fold's rungs and choice in and out of sample, the overfitting statistics, the best configuration. */
export function tuneSummary(folder: TuneFolder, report: TuneRunReport): Record<string, unknown> {
  const def = folder.def;
  const last = report.folds[report.folds.length - 1];
  const kpis = (row: GridRow) => ({ kpis: row.kpis, resultsHash: row.resultsHash, dataHash: row.dataHash });
  return {
    definition: def,
    hash: folder.hash,
    method: `Latin-hypercube sampling of ${def.budget} configurations; successive halving (η ${def.eta}, rungs of ${rungSizes(def).join(", ")}) on each fold's selection segment; the best of the last rung re-run on the fold's report segment`,
    dataLengthS: report.dataLengthNs / NS_PER_S,
    samples: report.samples,
    folds: report.folds.map((f: FoldResult) => ({
      fold: f.fold,
      selectOn: spanSeconds(f.select),
      reportOn: spanSeconds(f.report),
      rungs: f.rungs.map((r) => ({ ...spanSeconds(r.span), samples: r.samples })),
      chosen: f.chosen,
      inSample: kpis(f.inSample),
      outOfSample: kpis(f.outOfSample),
      overfitting: "stats" in f.overfitting ? f.overfitting.stats : { missing: f.overfitting.missing },
    })),
    best: { fold: last.fold, sample: last.chosen.sample, params: last.chosen.params, config: BEST_CONFIG_FILE },
  };
}

/** Writes a complete tune's results.arrow / results.csv (every run, index order), tune.json and best-config.json; returns the tables' paths. */
export function writeTuneOutputs(folder: TuneFolder, report: TuneRunReport): string[] {
  const def = folder.def;
  const tables = writeTables(folder.dir, RESULTS_NAME, runColumns(def, report.samples), report.runs, { "mmlab.tuneHash": folder.hash });
  folder.writeJson("tune.json", tuneSummary(folder, report));
  const last = report.folds[report.folds.length - 1];
  const best = parseConfig(def.base, Object.entries(last.chosen.params).map(([name, value]) => `${name}=${JSON.stringify(value)}`));
  folder.writeJson(BEST_CONFIG_FILE, best);
  return tables;
}

/** The lines `mmlab tune` prints for a complete tune: each fold's choice in and out of sample, its overfitting statistics, the best configuration. */
export function tuneLines(folder: TuneFolder, report: TuneRunReport): string[] {
  const objective = folder.def.objective;
  const value = (row: GridRow) => {
    const v = row.kpis[objective.replace(/^-/, "") as keyof GridRow["kpis"]];
    return typeof v === "number" ? v.toFixed(4) : String(v);
  };
  const verdict = (row: GridRow) => `${row.kpis.rulesPassed}/${row.kpis.rulesTotal} ${row.kpis.passed ? "PASS" : "FAIL"}`;
  const lines: string[] = [];
  for (const f of report.folds) {
    const params = Object.entries(f.chosen.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
    lines.push(`fold ${f.fold}: chose sample ${f.chosen.sample} (${params})`);
    lines.push(`  in sample (${fmtSpan(f.select)}): ${objective} ${value(f.inSample)}, ${verdict(f.inSample)}`);
    lines.push(`  out of sample (${fmtSpan(f.report)}): ${objective} ${value(f.outOfSample)}, ${verdict(f.outOfSample)}`);
    lines.push(`  first rung ${overfittingLine(f.overfitting, sampleName(folder.def))}`);
  }
  lines.push(`best configuration (fold ${report.folds.length - 1}'s choice): ${join(folder.dir, BEST_CONFIG_FILE)}`);
  return lines;
}

/** Names a run of the first rung by its sample, as the tune's outputs do. */
export function sampleName(def: TuneDefinition): (index: number) => string {
  return (index) => `sample ${index % def.budget}`;
}

function fmtSpan(span: Span): string {
  return `${(span.startNs / 3600e9).toFixed(2)}h–${(span.endNs / 3600e9).toFixed(2)}h`;
}
