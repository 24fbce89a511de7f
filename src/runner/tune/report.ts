import { basename, join } from "node:path";
import { hashJson } from "../../core/hash.ts";
import { NS_PER_S } from "../../core/time.ts";
import { TUNE_REPORT_FILE, writeTuneReport, type TuneReportInput, type TuneReportRun } from "../../report/tuneReport.ts";
import type { GridReportOptions } from "../../report/gridReport.ts";
import { codeVersion } from "../../runfolder/codeVersion.ts";
import { parseObjective } from "../grid/objective.ts";
import { overfittingLine } from "../grid/overfitting.ts";
import type { Span } from "../grid/spans.ts";
import { rungCount } from "./definition.ts";
import { BEST_CONFIG_FILE, RESULTS_NAME, sampleName } from "./outputs.ts";
import { REPORT_RUNG, rungSizes } from "./plan.ts";
import type { TuneRun, TuneRunReport } from "./runTune.ts";
import { rangeText } from "./space.ts";
import type { TuneFolder } from "./store.ts";
import { tuneTask } from "./tasks.ts";

/** What the tune report shows, from a complete tune's runs. */
export function tuneReportInput(folder: TuneFolder, report: TuneRunReport): TuneReportInput {
  const def = folder.def;
  const objective = parseObjective(def.objective);
  const asRun = (run: TuneRun): TuneReportRun => {
    const config = tuneTask(def, run.row.index, run.slot, run.row.params, run.span, report.dataLengthNs).config;
    return { index: run.row.index, id: run.row.id, params: run.row.params, kpis: run.row.kpis, qMax: config.risk.q_max, required: config.kpi.required, fold: run.slot.fold, rung: run.slot.rung === REPORT_RUNG ? "report" : String(run.slot.rung), sample: run.slot.sample };
  };
  const last = rungCount(def) - 1;
  const folds = report.folds.map((f) => {
    const finalRung = report.runs.filter((r) => r.slot.fold === f.fold && r.slot.rung === last);
    const passing = finalRung.filter((r) => r.row.kpis.passed === true).length;
    const chosen = finalRung.find((r) => r.slot.sample === f.chosen.sample)!;
    return {
      fold: f.fold,
      selectOn: spanText(f.select),
      reportOn: spanText(f.report),
      chosen: { ...asRun(chosen), index: chosen.slot.sample }, // the charts name it "point N": N is its sample
      candidates: passing > 0 ? passing : finalRung.length,
      chosenFrom: passing > 0 ? ("passing" as const) : ("all" as const),
      inSample: { kpis: f.inSample.kpis, resultsHash: f.inSample.resultsHash },
      outOfSample: { kpis: f.outOfSample.kpis, resultsHash: f.outOfSample.resultsHash },
      overfitting: overfittingLine(f.overfitting, sampleName(def)),
    };
  });
  const best = report.folds[report.folds.length - 1];
  return {
    title: `mmlab tune: ${Object.keys(def.space).join(", ")}, ${def.budget} configurations, ${def.folds} fold${def.folds === 1 ? "" : "s"}`,
    params: Object.entries(def.space).map(([name, range]) => ({ name, scale: range.kind === "log" ? "log" : range.kind === "choice" ? "choice" : "linear", range: rangeText(range) })),
    objective: { kpi: objective.kpi, direction: objective.direction, text: objective.text },
    firstRung: report.runs.filter((r) => r.slot.rung === 0).map(asRun),
    folds,
    best: { fold: best.fold, params: best.chosen.params, file: BEST_CONFIG_FILE },
    facts: [
      ["tune hash (SHA-256)", folder.hash],
      ["data", def.data ?? `the synthetic ${def.scenario ?? "default"} market, ${report.dataLengthNs / 3600 / NS_PER_S} h, seed ${def.seed}`],
      ["sampling", `Latin hypercube, ${def.budget} configurations, seed ${def.seed}`],
      ["successive halving", `η ${def.eta}: rungs of ${rungSizes(def).join(" → ")} configurations`],
      ["objective", `${def.objective} among the passing runs (among all when none passes)`],
      ["strategy", def.base.strategy.module ?? def.base.quoter],
      ["base config (SHA-256)", hashJson(def.base)],
      ["code version", codeVersion()],
    ],
    tables: [`${RESULTS_NAME}.arrow`, `${RESULTS_NAME}.csv`, "tune.json", BEST_CONFIG_FILE],
  };
}

/** Writes tune.html and charts/ into a complete tune's folder; returns tune.html's path. */
export async function writeTuneFolderReport(folder: TuneFolder, report: TuneRunReport, opts: GridReportOptions = {}): Promise<string> {
  await writeTuneReport(folder.dir, tuneReportInput(folder, report), opts);
  return join(folder.dir, basename(TUNE_REPORT_FILE));
}

/** "0h–8h" of data time. */
function spanText(span: Span): string {
  const h = (ns: number) => `${Number((ns / 3600 / NS_PER_S).toFixed(3))}h`;
  return `${h(span.startNs)}–${h(span.endNs)}`;
}
