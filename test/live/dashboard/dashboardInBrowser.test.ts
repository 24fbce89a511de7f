import { describe, expect, it } from "vitest";
import { startDashboard } from "../../../src/live/dashboard/server.ts";
import { FIELD_KEYS } from "../../../src/live/dashboard/page.ts";
import { chartRows, CHROMIUM, waitForChartRows, hasChromium, launchChromium, openDashboard, readFields, readKpis, updateCount, waitForUpdates } from "../../support/dashboardPage.ts";
import { fakeSnapshot } from "./fixtures.ts";

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`SKIPPED the dashboard browser test: no ${CHROMIUM} (apt-get install chromium)`);

describeWithBrowser("the paper dashboard in headless Chromium, offline", () => {
  it("draws the charts and keeps the KPI table and the figures current from the event stream", async () => {
    // one step per 100 ms of wall time: the KPI values change between two reads
    const t0 = Date.now();
    const step = () => Math.floor((Date.now() - t0) / 100);
    let paused = false;
    const dashboard = await startDashboard({ snapshot: () => fakeSnapshot(step(), paused ? { paused: true, pauseReason: "latency", bid: NaN, ask: NaN } : {}), intervalMs: 100 });
    const browser = await launchChromium();
    try {
      const { page, external, errors } = await openDashboard(browser, dashboard.url, { updates: 3 });
      expect(await page.locator(".vega-embed canvas").count()).toBe(4); // PnL, inventory, quotes, quote offsets
      const first = await readKpis(page);
      expect(Object.keys(first)).toEqual(["Spread captured", "RMS inventory", "Fill ratio", "Cancel ratio", "Latency P99", "PnL"]);
      expect(first["Spread captured"].value).toMatch(/^\d+\.\d %$/);
      expect(first["Fill ratio"]).toEqual({ value: "8.0 %", result: "PASS" });

      await waitForUpdates(page, 5, await updateCount(page));
      const second = await readKpis(page);
      // (the fixture's latency P99 and RMS inventory grow with every step)
      expect(second["Latency P99"].value).not.toBe(first["Latency P99"].value);
      expect(second["RMS inventory"].value).not.toBe(first["RMS inventory"].value);

      // every figure is filled in, with its unit; none shows NaN
      const fields = await readFields(page);
      for (const key of FIELD_KEYS) expect(fields[key], key).toMatch(/\S/);
      expect(Object.values(fields).join(" ")).not.toMatch(/NaN|undefined|\?$/);
      expect(fields.mid).toMatch(/^6[34]\d{3}\.\d{3} USDT$/);
      expect(fields.pnl).toMatch(/^[+-]?\d+\.\d{4} USDT$/);
      expect(fields.sigma).toBe("0.8123 USDT/√s");
      expect(fields.rtt).toBe("42.5 ms");
      expect(fields.verdict).toMatch(/^\d\/6 rules passed, required: pnl → (PASS \(≥ 80 % and every required rule needed\)|FAIL \(.+\))$/);
      expect(fields.pause).toBe("QUOTING");

      // the charts take one row per snapshot
      const rows = await chartRows(page);
      expect(rows.pnl).toBeGreaterThanOrEqual(5);
      expect(rows.quotes).toBe(rows.pnl);
      expect(rows.offsets).toBe(rows.pnl);

      // the pause shows up prominently once the session pauses
      paused = true;
      await page.waitForFunction(() => document.getElementById("pause")?.dataset.state === "paused", null, { timeout: 15_000 });
      expect((await readFields(page)).pause).toMatch(/^PAUSED — latency guard/);
      expect((await readFields(page)).bid).toBe("no order");

      expect(external).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await dashboard.close();
    }
  });

  it("keeps each chart to its window of session time, and starts afresh when the session clock goes back", async () => {
    // 20 s of session time per step: the 5-minute quotes window holds about 16 rows
    let i = 0;
    let origin = 0;
    // after the restart the new session's clock stops at its 5th step (a snapshot with the same
    // time adds no row): the page is then seen afresh however long it takes to look at it
    let stopAt = Infinity;
    const step = (): number => Math.min(i++ - origin, stopAt);
    const dashboard = await startDashboard({ snapshot: () => { const n = step(); return fakeSnapshot(n, { tNs: (n + 1) * 20e9 }); }, intervalMs: 20 });
    const browser = await launchChromium();
    try {
      const { page, external, errors } = await openDashboard(browser, dashboard.url, { updates: 40 });
      const rows = await chartRows(page);
      expect(rows.quotes).toBeGreaterThanOrEqual(14);
      expect(rows.quotes).toBeLessThanOrEqual(17);
      expect(rows.offsets).toBe(rows.quotes);
      expect(rows.pnl).toBeGreaterThan(rows.quotes); // 30 minutes
      expect(rows.pnl).toBeLessThanOrEqual(92);
      origin = i; // a new session: its clock starts again from 0
      stopAt = 4;
      // (the page may still be working through snapshots sent before the restart)
      await waitForChartRows(page, (r) => r.pnl < 10 && r.pnl === r.quotes);
      expect((await chartRows(page)).pnl).toBeGreaterThan(0);
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await dashboard.close();
    }
  });
});
