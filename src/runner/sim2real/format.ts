import type { Sim2Real } from "./runSim2Real.ts";

function fmt(v: number | null): string {
  if (v === null) return "n/a";
  const a = Math.abs(v);
  return a !== 0 && (a < 0.01 || a >= 1e5) ? v.toExponential(2) : v.toFixed(a < 1 ? 4 : 2);
}

/** The agreement table as text: KPI, real, fitted mean [min … max], verdict, rule; then the target line. */
export function formatSim2Real(s: Sim2Real): string {
  const header = ["KPI", "unit", "REAL", "FITTED (mean of seeds)", "[min … max]", "verdict", "rule"];
  const rows = s.rows.map((r) => [r.kpi + (r.inTarget ? " *" : ""), r.unit, fmt(r.real), fmt(r.synthMean), `[${fmt(r.synthMin)} … ${fmt(r.synthMax)}]`, r.verdict, r.rule]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  const fees = s.real.feeSchedule;
  return [
    `REAL   = ${s.data} (${s.realDurationS.toFixed(0)} s)`,
    `FITTED = the synthetic market fitted to it, seeds ${s.synthetic.map((x) => x.seed).join(", ")}, ${s.durationS.toFixed(0)} s each, same config` +
      (fees ? `; fees ${fees.schedule} (maker ${fees.makerBps} bp, taker ${fees.takerBps} bp)` : ""),
    "",
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
    "",
    `* target: the same markout sign at 1 s and 10 s, fill ratio within ×2, PnL of the same sign → ${s.targetMet ? "MET" : "NOT MET"}`,
  ].join("\n");
}
