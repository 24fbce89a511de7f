import type { KpiReport } from "../../kpi/report.ts";

/**
 * Sim-to-real agreement, one rule per KPI. A real replay and a fitted synthetic market (several
 * seeds) run the same strategy; each KPI is compared as:
 *
 *   markout at 1 s / 10 s   same sign → "sign", and within a factor 2 → "agree"; else "DIFFER"
 *   fill ratio              within a factor 2 → "agree"; else "DIFFER"
 *   spread captured         same sign → "sign", within a factor 2 → "agree"; else "DIFFER"
 *   PnL per unit volume     same sign → "sign", within a factor 2 → "agree"; else "DIFFER"
 *
 * The target (`targetMet`): the same markout sign at 1 s and 10 s, the fill ratio within a factor
 * 2, and PnL of the same sign.
 */
export type Agreement = "agree" | "sign" | "DIFFER" | "n/a";

/** One KPI of the comparison: the real value, the fitted market's mean over seeds and its range. */
export interface AgreementRow {
  kpi: string;
  unit: string;
  real: number | null;
  synthMean: number | null;
  synthMin: number | null;
  synthMax: number | null;
  verdict: Agreement;
  /** Part of the target (see `targetMet`). */
  inTarget: boolean;
  rule: string;
}

/** The KPIs compared, how each is read off a KPI report, and its rule. */
const KPIS: { kpi: string; unit: string; value: (k: KpiReport) => number | null; rule: "signed" | "ratio"; inTarget: boolean; ruleText: string }[] = [
  { kpi: "markout 1 s", unit: "ticks", value: (k) => markout(k, 1000), rule: "signed", inTarget: true, ruleText: "same sign (target); within ×2 agrees" },
  { kpi: "markout 10 s", unit: "ticks", value: (k) => markout(k, 10_000), rule: "signed", inTarget: true, ruleText: "same sign (target); within ×2 agrees" },
  { kpi: "markout 60 s", unit: "ticks", value: (k) => markout(k, 60_000), rule: "signed", inTarget: false, ruleText: "same sign; within ×2 agrees" },
  { kpi: "fill ratio", unit: "fraction", value: (k) => k.fillRatio, rule: "ratio", inTarget: true, ruleText: "within ×2 (target)" },
  { kpi: "spread captured", unit: "%", value: (k) => k.spreadCapturedPct, rule: "signed", inTarget: false, ruleText: "same sign; within ×2 agrees" },
  { kpi: "PnL per unit volume", unit: "bp of volume", value: (k) => (k.volumeQuote > 0 ? (k.pnl / k.volumeQuote) * 1e4 : null), rule: "signed", inTarget: true, ruleText: "same sign (target); within ×2 agrees" },
  { kpi: "fills per hour", unit: "1/h", value: (k) => (k.durationSeconds > 0 ? (k.fills / k.durationSeconds) * 3600 : null), rule: "ratio", inTarget: false, ruleText: "within ×2" },
];

function markout(k: KpiReport, horizonMs: number): number | null {
  return k.markouts.find((m) => m.horizonMs === horizonMs)?.meanTicks ?? null;
}

/** True when a and b (both non-zero, same sign) are within a factor `f` of each other. */
function withinFactor(a: number, b: number, f: number): boolean {
  if (a === 0 || b === 0 || Math.sign(a) !== Math.sign(b)) return a === b;
  const r = a / b;
  return r <= f && r >= 1 / f;
}

/** The verdict of one KPI under its rule. */
export function agreementOf(real: number | null, synth: number | null, rule: "signed" | "ratio"): Agreement {
  if (real === null || synth === null) return "n/a";
  if (withinFactor(real, synth, 2)) return "agree";
  if (rule === "signed" && Math.sign(real) === Math.sign(synth) && real !== 0) return "sign";
  return "DIFFER";
}

/** Compares the real run's KPIs with the fitted market's runs (one report per seed). */
export function compareRuns(real: KpiReport, synth: readonly KpiReport[]): { rows: AgreementRow[]; targetMet: boolean } {
  const rows = KPIS.map((d): AgreementRow => {
    const values = synth.map(d.value).filter((v): v is number => v !== null);
    const mean = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
    const r = d.value(real);
    return {
      kpi: d.kpi,
      unit: d.unit,
      real: r,
      synthMean: mean,
      synthMin: values.length > 0 ? Math.min(...values) : null,
      synthMax: values.length > 0 ? Math.max(...values) : null,
      verdict: agreementOf(r, mean, d.rule),
      inTarget: d.inTarget,
      rule: d.ruleText,
    };
  });
  // The target asks for the sign only where the rule is signed (markouts, PnL) and the factor for the fill ratio.
  const targetMet = rows.filter((r) => r.inTarget).every((r) => r.verdict === "agree" || r.verdict === "sign");
  return { rows, targetMet };
}
