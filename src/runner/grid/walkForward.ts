import { parseObjective, selectBest } from "./objective.ts";
import { gridPoints } from "./points.ts";
import { runPoint } from "./pointRun.ts";
import type { GridRow } from "./rows.ts";
import type { GridFolder } from "./store.ts";
import { pointTask } from "./tasks.ts";

export const HOLDOUT_FILE = "holdout.json";

/** What holdout.json holds: the point chosen on the selection span and its result on the report span. */
export interface Holdout {
  gridHash: string;
  objective: string;
  selectOn: string;
  reportOn: string;
  /** "passing": chosen among the points passing the KPI rules; "all": none passed. */
  chosenFrom: "passing" | "all";
  candidates: number;
  chosen: { index: number; id: string; params: GridRow["params"] };
  /** The chosen point's KPIs and hashes on the selection span (its grid row) … */
  selection: Omit<GridRow, "index" | "id" | "params">;
  /** … and on the report span, data it was not chosen on. */
  report: Omit<GridRow, "index" | "id" | "params">;
}

/** Walk-forward: picks the best row (by the grid's objective) and re-runs that point on the report span; writes holdout.json. */
export async function runHoldout(folder: GridFolder, rows: readonly GridRow[]): Promise<Holdout> {
  const def = folder.def;
  if (def.selectOn === null || def.reportOn === null || def.objective === null) throw new Error("runHoldout: the grid has no walk-forward spans");
  const selection = selectBest(rows, parseObjective(def.objective));
  const point = gridPoints(def)[selection.row.index];
  const reportRow = await runPoint(pointTask(def, point, "report"));
  const strip = (r: GridRow): Holdout["selection"] => ({ kpis: r.kpis, resultsHash: r.resultsHash, dataHash: r.dataHash });
  const holdout: Holdout = {
    gridHash: folder.hash,
    objective: def.objective,
    selectOn: def.selectOn,
    reportOn: def.reportOn,
    chosenFrom: selection.pool,
    candidates: selection.candidates,
    chosen: { index: point.index, id: point.id, params: point.params },
    selection: strip(selection.row),
    report: strip(reportRow),
  };
  folder.writeJson(HOLDOUT_FILE, holdout);
  return holdout;
}
