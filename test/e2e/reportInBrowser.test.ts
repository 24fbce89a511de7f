/// <reference lib="dom" />
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { writeRunReport } from "../../src/report/runReport.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { writeRunFolder } from "../../src/runfolder/writeRun.ts";

const CHROMIUM = "/usr/bin/chromium"; // Debian's package; .ci/run installs it
const describeWithBrowser = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) console.warn(`SKIPPED the browser test: no ${CHROMIUM} (apt-get install chromium)`);

describeWithBrowser("a run report in headless Chromium, offline", () => {
  it("opens from file:// with every network request refused and draws every chart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-e2e-"));
    const rng = rootRng(1);
    const config = parseConfig({});
    const data = syntheticData("default", rng, 1800);
    const result = await runBacktest({ config, data, rng });
    const runDir = join(dir, "run");
    await writeRunFolder(runDir, false, { config, seed: "1", data, durationNs: undefined, result });
    await writeRunReport(runDir, { png: false });

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      const external: string[] = [];
      await page.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file://") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
        external.push(url);
        return route.abort();
      });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.goto(pathToFileURL(join(runDir, "report.html")).href);
      await page.waitForFunction(() => document.querySelectorAll(".vega-embed canvas, .vega-embed svg").length >= 7, null, { timeout: 30_000 });
      const charts = await page.locator(".vega-embed").count();
      const drawn = await page.evaluate(() => [...document.querySelectorAll(".vega-embed canvas")].filter((c) => (c as HTMLCanvasElement).width > 100 && (c as HTMLCanvasElement).height > 50).length);
      expect(charts).toBeGreaterThanOrEqual(7);
      expect(drawn).toBeGreaterThanOrEqual(7);
      expect(await page.locator("text=PASS").first().isVisible()).toBe(true); // the KPI table
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
