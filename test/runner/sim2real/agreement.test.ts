import { describe, expect, it } from "vitest";
import type { KpiReport } from "../../../src/kpi/report.ts";
import { agreementOf, compareRuns } from "../../../src/runner/sim2real/agreement.ts";

function kpis(o: { m1: number; m10: number; fill: number; pnl: number; volume: number; captured?: number }): KpiReport {
  return {
    markouts: [
      { horizonMs: 1000, meanTicks: o.m1, count: 10 },
      { horizonMs: 10_000, meanTicks: o.m10, count: 10 },
      { horizonMs: 60_000, meanTicks: o.m10, count: 10 },
    ],
    fillRatio: o.fill,
    spreadCapturedPct: o.captured ?? 50,
    pnl: o.pnl,
    volumeQuote: o.volume,
    fills: 10,
    durationSeconds: 3600,
  } as unknown as KpiReport;
}

describe("sim2real agreement rules", () => {
  it("within a factor 2 agrees; the same sign only is 'sign'; otherwise DIFFER; a missing value n/a", () => {
    expect(agreementOf(-10, -19, "signed")).toBe("agree");
    expect(agreementOf(-10, -21, "signed")).toBe("sign");
    expect(agreementOf(-10, 3, "signed")).toBe("DIFFER");
    expect(agreementOf(0.02, 0.05, "ratio")).toBe("DIFFER");
    expect(agreementOf(0.02, 0.039, "ratio")).toBe("agree");
    expect(agreementOf(null, 1, "ratio")).toBe("n/a");
  });

  it("the target: markout signs at 1 s and 10 s, fill ratio within ×2, PnL sign — the mean of the seeds", () => {
    const real = kpis({ m1: -50, m10: -80, fill: 0.01, pnl: -5, volume: 1e5 });
    // seeds: markouts −10 and −30 (mean −20: same sign), fill 0.015 mean, PnL −1 and −3 per 1e5
    const synth = [kpis({ m1: -10, m10: -5, fill: 0.01, pnl: -1, volume: 1e5 }), kpis({ m1: -30, m10: -15, fill: 0.02, pnl: -3, volume: 1e5 })];
    const { rows, targetMet } = compareRuns(real, synth);
    const row = (k: string) => rows.find((r) => r.kpi === k)!;
    expect(row("markout 1 s").synthMean).toBe(-20);
    expect(row("markout 1 s").verdict).toBe("sign");
    expect(row("markout 10 s").verdict).toBe("sign");
    expect(row("fill ratio").synthMean).toBeCloseTo(0.015, 12);
    expect(row("fill ratio").verdict).toBe("agree");
    // PnL per unit volume: −5/1e5·1e4 = −0.5 bp real; −0.1 and −0.3 → −0.2 bp
    expect(row("PnL per unit volume").real).toBeCloseTo(-0.5, 12);
    expect(row("PnL per unit volume").synthMean).toBeCloseTo(-0.2, 12);
    expect(row("PnL per unit volume").synthMin).toBeCloseTo(-0.3, 12);
    expect(targetMet).toBe(true);
    const flipped = compareRuns(real, [kpis({ m1: 5, m10: -5, fill: 0.01, pnl: -1, volume: 1e5 })]);
    expect(flipped.targetMet).toBe(false);
    const fewFills = compareRuns(real, [kpis({ m1: -5, m10: -5, fill: 0.03, pnl: -1, volume: 1e5 })]);
    expect(fewFills.rows.find((r) => r.kpi === "fill ratio")!.verdict).toBe("DIFFER");
    expect(fewFills.targetMet).toBe(false);
  });
});
