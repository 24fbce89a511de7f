/// <reference lib="dom" />
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CHROMIUM, hasChromium, launchChromium, offlinePage } from "../support/offlineBrowser.ts";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { writeRunReport } from "../../src/report/runReport.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { writeRunFolder } from "../../src/runfolder/writeRun.ts";
import { NS_PER_S } from "../../src/core/time.ts";

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`SKIPPED the browser test: no ${CHROMIUM} (apt-get install chromium)`);

describeWithBrowser("a run report in headless Chromium, offline", () => {
  it("opens from file:// with every network request refused and draws every chart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-e2e-"));
    const rng = rootRng(1);
    const config = parseConfig({});
    const data = syntheticData("default", rng, { durationNs: 1800 * NS_PER_S });
    const result = await runBacktest({ config, data, rng });
    const runDir = join(dir, "run");
    await writeRunFolder(runDir, false, { config, seed: "1", data, durationNs: undefined, result });
    const { files } = await writeRunReport(runDir, { png: false });
    // one embedded chart per chart file but the KPI table (an HTML table on the page); charts without data are left out
    const expected = files.filter((f) => f.endsWith(".svg") && f !== "charts/kpis.svg").length;
    expect(expected).toBeGreaterThanOrEqual(6);

    const browser = await launchChromium();
    try {
      const { page, external, errors } = await offlinePage(browser);
      await page.goto(pathToFileURL(join(runDir, "report.html")).href);
      await page.waitForFunction(() => (n: number) => document.querySelectorAll(".vega-embed canvas, .vega-embed svg").length >= n, expected, { timeout: 30_000 });
      const charts = await page.locator(".vega-embed").count();
      const drawn = await page.evaluate(() => [...document.querySelectorAll(".vega-embed canvas")].filter((c) => (c as HTMLCanvasElement).width > 100 && (c as HTMLCanvasElement).height > 50).length);
      expect(charts).toBe(expected);
      expect(drawn).toBe(expected);
      expect(await page.locator("text=PASS").first().isVisible()).toBe(true); // the KPI table
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
