import { describe, expect, it } from "vitest";
import { startDashboard } from "../../src/live/dashboard/server.ts";
import { hasChromium, launchChromium, openDashboard, readFields, readKpis, waitForUpdates, updateCount } from "../support/dashboardPage.ts";
import { describeWithSharedData } from "../support/sharedData.ts";
import { sleep, startPaper } from "../live/paperHarness.ts";

if (!hasChromium) console.warn("SKIPPED the paper dashboard browser test: no /usr/bin/chromium (apt-get install chromium)");
const describeBrowser = hasChromium ? describeWithSharedData : describe.skip;

describeBrowser("the paper dashboard during a replayed session, in headless Chromium", () => {
  it("shows live KPIs, quotes and feed health that change as the session trades", async () => {
    const running = await startPaper({});
    const dashboard = await startDashboard({ port: 0, snapshot: () => running.session.snapshot(), intervalMs: 250 });
    const browser = await launchChromium();
    try {
      // Wait for the engine to quote (warm-up of the volatility window) before reading.
      for (let i = 0; i < 100 && running.session.snapshot().kpis.length === 0; i++) await sleep(100);
      const { page, external, errors } = await openDashboard(browser, dashboard.url);
      const kpisBefore = await readKpis(page);
      expect(Object.keys(kpisBefore)).toEqual(expect.arrayContaining(["Spread captured", "Cancel ratio", "PnL"]));
      // Read again until a KPI value differs (the session keeps trading).
      let changed = false;
      for (let i = 0; i < 40 && !changed; i++) {
        await waitForUpdates(page, 1, await updateCount(page));
        const now = await readKpis(page);
        changed = Object.keys(now).some((k) => now[k].value !== kpisBefore[k]?.value);
      }
      expect(changed).toBe(true);
      const fields = await readFields(page);
      expect(fields.mid).toMatch(/\d/);
      expect(fields.pause).not.toMatch(/no order book/i); // the book is in sync: quoting, or paused for a stated reason
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await browser.close();
      await dashboard.close();
      await running.finish();
    }
  }, 90_000);
});
