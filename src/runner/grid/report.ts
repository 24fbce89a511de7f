import { basename, join } from "node:path";
import { hashJson } from "../../core/hash.ts";
import { writeGridReport, GRID_REPORT_FILE, type GridReportInput, type GridReportOptions } from "../../report/gridReport.ts";
import { codeVersion } from "../../runfolder/codeVersion.ts";
import type { GridDefinition } from "./definition.ts";
import { parseObjective, selectBest } from "./objective.ts";
import { gridPoints } from "./points.ts";
import type { GridRow } from "./rows.ts";
import { pointTask } from "./tasks.ts";
import type { Holdout } from "./walkForward.ts";
import { overfittingLine, type OverfittingOutcome } from "./overfitting.ts";

export { GRID_REPORT_FILE };

/** "10m of the synthetic default market, seed 1": what every point's KPIs were measured on. */
export function measuredOn(def: GridDefinition): string {
  const p = def.params;
  if (def.selectOn !== null) return `the select-on span ${def.selectOn} (in-sample)${"seed" in p ? "" : `, seed ${def.seed}`}`;
  const file = "data" in p || (def.data !== null && !("scenario" in p));
  const source = "data" in p ? "each point's data file" : "scenario" in p ? "each point's synthetic scenario" : def.data !== null ? def.data : `the synthetic ${def.scenario ?? "default"} market`;
  const span = def.duration ?? (file ? "all" : "24h");
  return `${span} of ${source}${"seed" in p ? "" : `, seed ${def.seed}`}`;
}

/**
 * What the grid report shows, from the grid's rows (every point, grid order) and holdout.json:
 * each point's targets (its config's q_max and required rules), the best point by the grid's
 * objective (default pnl) among the passing points (among all when none passes, as selectBest),
 * and the walk-forward result.
 */
export function gridReportInput(def: GridDefinition, hash: string, rows: readonly GridRow[], holdout: Holdout | null, tables: readonly string[] = [], overfitting: OverfittingOutcome | null = null): GridReportInput {
  const objective = parseObjective(def.objective ?? "pnl");
  const selection = rows.length > 0 ? selectBest(rows, objective) : null;
  const points = gridPoints(def);
  const swept = Object.entries(def.params).filter(([, v]) => v.length > 1).map(([name]) => name);
  const facts: [string, string][] = [
    ["grid hash (SHA-256)", hash],
    ["points", String(points.length)],
    ["parameters", Object.entries(def.params).map(([name, values]) => `${name}: ${values.map((v) => JSON.stringify(v)).join(", ")}`).join("; ") || "none"],
    ["measured on", measuredOn(def)],
    ...(def.selectOn !== null ? [["walk-forward", `select on ${def.selectOn}, report on ${def.reportOn}, objective ${def.objective}`] as [string, string]] : []),
    ["strategy", def.base.strategy.module ?? def.base.quoter],
    ["base config (SHA-256)", hashJson(def.base)],
    ["code version", codeVersion()],
  ];
  return {
    title: `mmlab grid: ${swept.length > 0 ? swept.join(" × ") : "one point"}, ${points.length} point${points.length === 1 ? "" : "s"}`,
    params: def.params,
    points: rows.map((row) => {
      const config = pointTask(def, points[row.index]).config;
      return { index: row.index, id: row.id, params: row.params, kpis: row.kpis, qMax: config.risk.q_max, required: config.kpi.required };
    }),
    objective: { kpi: objective.kpi, direction: objective.direction, text: objective.text },
    best: selection && { index: selection.row.index, pool: selection.pool, candidates: selection.candidates },
    measuredOn: measuredOn(def),
    walkForward:
      holdout === null
        ? null
        : {
            selectOn: holdout.selectOn,
            reportOn: holdout.reportOn,
            objective: holdout.objective,
            chosenFrom: holdout.chosenFrom,
            candidates: holdout.candidates,
            chosen: holdout.chosen.index,
            inSample: { kpis: holdout.selection.kpis, resultsHash: holdout.selection.resultsHash },
            outOfSample: { kpis: holdout.report.kpis, resultsHash: holdout.report.resultsHash },
          },
    facts,
    tables: tables.map((t) => basename(t)),
    overfitting: overfitting === null ? null : overfittingLine(overfitting),
  };
}

/** Writes grid.html and charts/ into a whole grid's folder (after its tables); returns grid.html's path. */
export async function writeGridFolderReport(dir: string, def: GridDefinition, hash: string, rows: readonly GridRow[], holdout: Holdout | null, tables: readonly string[], opts: GridReportOptions = {}, overfitting: OverfittingOutcome | null = null): Promise<string> {
  await writeGridReport(dir, gridReportInput(def, hash, rows, holdout, tables, overfitting), opts);
  return join(dir, GRID_REPORT_FILE);
}
