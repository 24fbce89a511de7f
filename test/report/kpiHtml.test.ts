import { describe, expect, it } from "vitest";
import type { KpiReport } from "../../src/kpi/report.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { kpiTableHtml } from "../../src/report/kpiHtml.ts";
import { makeFill } from "../kpi/fillFixture.ts";

/** A one-fill run that loses 0.2 quote: every rule but PnL passes. */
function losingRun(): KpiReport {
  const t = new KpiTracker({ tickSize: 1, qMax: 1, fees: { schedule: "binance-spot-vip9", makerBps: 1.2, takerBps: 2.4 }, sampleIntervalNs: 1e9 });
  t.onOrderSubmitted(1);
  t.onAckLatency(5e6);
  t.onStep(0, 100);
  t.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 0.1, priceTicks: 99, midAtFillTicks: 100, halfSpreadAtPlacementTicks: 1, feeQuote: 0.001188 }));
  return t.finish(1e9, 97);
}

describe("kpiTableHtml", () => {
  it("marks required rules, says why the run failed and states the fees with the break-even maker fee", () => {
    const html = kpiTableHtml(losingRun(), { base: "BTC", quote: "USDT" });
    expect(html).toContain('<td class="fail">FAIL*</td>');
    expect(html).toContain('5/6 rules passed, required: pnl → <span class="fail">FAIL</span> (required rule pnl failed)');
    expect(html).toContain('<li class="fail">required rule pnl failed: -0.2012 quote (target &gt; 0)</li>');
    // pnl = 0.1·(97 − 99) − 0.001188 = −0.201188; break-even (−0.201188 + 0.001188) / 9.9 × 1e4 = −202.02 bp
    expect(html).toContain("fees: binance-spot-vip9 (maker 1.2 bp, taker 2.4 bp) → 0.0012 USDT; break-even maker fee -202.02 bp");
  });

  it("renders a kpis.json written before fees and required rules were reported", () => {
    const old = JSON.parse(JSON.stringify(losingRun())) as Record<string, unknown> & { rules: Record<string, unknown>[] };
    for (const key of ["feeSchedule", "breakEvenMakerFeeBps", "makerVolumeQuote", "makerFees", "requiredRules", "failReasons"]) delete old[key];
    for (const rule of old.rules) delete rule.required;
    const html = kpiTableHtml(old as unknown as KpiReport, { base: "BTC", quote: "USDT" });
    expect(html).toContain("5/6 rules passed → ");
    expect(html).not.toContain("fees: ");
  });
});
