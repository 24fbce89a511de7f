import { describe, expect, it } from "vitest";
import { formatKpiTable } from "../../src/kpi/format.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { makeFill } from "./fillFixture.ts";

describe("formatKpiTable", () => {
  it("one row per rule, the verdict line and the extra figures", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 1, sampleIntervalNs: 1e9 });
    t.onOrderSubmitted(1);
    t.onAckLatency(12e6);
    t.onStep(0, 1000);
    t.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 0.1, priceTicks: 999, midAtFillTicks: 1000, halfSpreadAtPlacementTicks: 1 }));
    const text = formatKpiTable(t.finish(2e9, 1001));
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^KPI\s+value\s+target\s+result$/);
    expect(lines[2]).toMatch(/^Spread captured\s+100\.0 %\s+≥ 70 %\s+PASS$/); // 0.1·1 / 0.1·1
    expect(lines[3]).toMatch(/^RMS inventory .*≤ 0\.4·q_max = 0\.4\s+PASS$/);
    expect(lines[4]).toMatch(/^Fill ratio\s+100\.0 %\s+≥ 5 %\s+PASS$/);
    expect(lines[6]).toMatch(/^Latency P99\s+12\.0 ms/);
    expect(lines[7]).toMatch(/^PnL\s+0\.0020 quote\s+> 0\s+PASS$/); // 0.1·(1001 − 999)·0.01 = 0.002
    expect(text).toContain("6/6 rules passed → PASS (≥ 80 % needed)");
    expect(text).toMatch(/max drawdown/);
    // spread capture 0.1·(1000 − 999)·0.01 = 0.001; inventory 0.002 − 0.001 + 0 = 0.001
    expect(text).toContain("PnL split: spread capture 0.0010 + inventory 0.0010 − fees 0.0000 = 0.0020 quote");
    expect(text).toMatch(/markouts .*100ms 2\.00 ticks \(n=1\)/);
  });
});
