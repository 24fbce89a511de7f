import { MmlabError } from "../../core/errors.ts";
import { BOOL_KPIS, KPI_COLUMNS, TEXT_KPIS, type GridRow, type KpiColumn } from "./rows.ts";

/** What the walk-forward selection maximises (or minimises, written "-kpi"). */
export interface Objective {
  kpi: KpiColumn;
  direction: 1 | -1;
  text: string;
}

/** Parses "pnl", "sharpe", "-maxDrawdown" (a leading "-" minimises). */
export function parseObjective(text: string): Objective {
  const minimise = text.startsWith("-");
  const name = (minimise ? text.slice(1) : text).trim();
  const kpi = KPI_COLUMNS.find((k) => k === name);
  const numeric = (k: KpiColumn) => !BOOL_KPIS.has(k) && !TEXT_KPIS.has(k);
  if (kpi === undefined || !numeric(kpi)) {
    const choices = KPI_COLUMNS.filter(numeric).join(", ");
    throw new MmlabError(`objective "${text}": not a numeric KPI; choose one of ${choices} (prefix "-" to minimise)`);
  }
  return { kpi, direction: minimise ? -1 : 1, text };
}

/** The chosen row and what it was chosen from. */
export interface Selection {
  row: GridRow;
  /** "passing": among the points that pass the KPI verdict (required rules included); "all": none passed, so among every point. */
  pool: "passing" | "all";
  candidates: number;
}

/**
 * Rows best first: the points that pass the KPI verdict (required rules included) before the
 * others, then by the objective (a KPI that is null ranks last), then by more rules passed, then by
 * the lower index.
 */
export function rankRows(rows: readonly GridRow[], objective: Objective): GridRow[] {
  const score = (r: GridRow): number => {
    const v = r.kpis[objective.kpi];
    return typeof v === "number" && Number.isFinite(v) ? v * objective.direction : -Infinity;
  };
  return [...rows].sort((a, b) => {
    if ((a.kpis.passed === true) !== (b.kpis.passed === true)) return a.kpis.passed === true ? -1 : 1;
    const sa = score(a), sb = score(b);
    if (sa !== sb) return sb > sa ? 1 : -1;
    const ra = Number(a.kpis.rulesPassed), rb = Number(b.kpis.rulesPassed);
    if (ra !== rb) return rb - ra;
    return a.index - b.index;
  });
}

/**
 * The best row by the objective among passing points (among all when none passes); a KPI that is
 * null ranks last; ties go to more rules passed, then to the lower index.
 */
export function selectBest(rows: readonly GridRow[], objective: Objective): Selection {
  if (rows.length === 0) throw new MmlabError("objective: no grid points to choose from");
  const passing = rows.filter((r) => r.kpis.passed === true).length;
  return { row: rankRows(rows, objective)[0], pool: passing > 0 ? "passing" : "all", candidates: passing > 0 ? passing : rows.length };
}
