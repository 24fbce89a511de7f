/// <reference lib="dom" />
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CHROMIUM, hasChromium, launchChromium, offlinePage } from "../support/offlineBrowser.ts";
import { gridPoints } from "../../src/runner/grid/points.ts";
import { resolveGrid } from "../../src/runner/grid/definition.ts";
import { runGrid } from "../../src/runner/grid/runGrid.ts";

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`SKIPPED the grid report browser test: no ${CHROMIUM} (apt-get install chromium)`);

/** What the page shows of each embedded chart: its container, its canvas size, its data marks. */
interface DrawnChart {
  id: string;
  canvas: [number, number];
  /** Items of the data marks (role "mark": cells, bars, texts, rules), axes and legends left out. */
  marks: number;
  /** The chart drawn again as SVG by the page's own vega view. */
  svgMarks: number;
}

describeWithBrowser("a grid report in headless Chromium, offline", () => {
  it("opens grid.html from file:// with every network request refused and draws every chart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-e2e-grid-"));
    try {
      const def = resolveGrid({ params: { gamma: [0.05, 0.2], "ofi.beta": [0, 0.6] }, duration: "10m" });
      const out = join(dir, "grid");
      const report = await runGrid(def, { out, workers: 2, report: { png: false } });
      expect(report.html).toBe(join(out, "grid.html"));

      const browser = await launchChromium();
      try {
        const { page, external, errors } = await offlinePage(browser, { warnings: true });
        // Keep each vega view the page embeds (the page itself is left as it is).
        await page.addInitScript(() => {
          const w = window as unknown as { __views: { id: string; view: unknown }[] };
          w.__views = [];
          let embed: unknown;
          Object.defineProperty(window, "vegaEmbed", {
            configurable: true,
            get: () => embed,
            set: (fn: (el: HTMLElement, spec: unknown, opts: unknown) => Promise<{ view: unknown }>) => {
              embed = (el: HTMLElement, spec: unknown, opts: unknown) =>
                fn(el, spec, opts).then((result) => {
                  w.__views.push({ id: el.id, view: result.view });
                  return result;
                });
            },
          });
        });
        await page.goto(pathToFileURL(join(out, "grid.html")).href);
        const containers = await page.locator("div.chart").count();
        expect(containers).toBe(11); // the pass mask and 10 KPIs
        await page.waitForFunction((n) => (window as unknown as { __views: unknown[] }).__views.length >= n, containers, { timeout: 30_000 });

        const drawn = (await page.evaluate(async () => {
          type Node = { marktype?: string; role?: string; items?: Node[] };
          const countMarks = (node: Node | undefined): number => {
            if (!node?.items) return 0;
            const own = node.role === "mark" && node.marktype !== "group" ? node.items.length : 0;
            return own + node.items.reduce((n, item) => n + countMarks(item), 0);
          };
          const views = (window as unknown as { __views: { id: string; view: { scenegraph: () => { root: Node }; toSVG: () => Promise<string> } }[] }).__views;
          return Promise.all(
            views.map(async ({ id, view }) => {
              const canvas = document.querySelector(`#${id} canvas`) as HTMLCanvasElement | null;
              const svg = await view.toSVG();
              return { id, canvas: [canvas?.width ?? 0, canvas?.height ?? 0], marks: countMarks(view.scenegraph().root), svgMarks: (svg.match(/role-mark/g) ?? []).length };
            }),
          );
        })) as DrawnChart[];

        expect(drawn.map((d) => d.id).sort()).toEqual(
          ["pass-mask", ...["spreadCapturedPct", "rmsInventory", "fillRatio", "cancelRatio", "latencyP99Ms", "pnl", "sharpe", "maxDrawdown", "fills", "breakEvenMakerFeeBps"].map((k) => `kpi-${k}`)].map((n) => `vis-${n}`).sort(),
        );
        for (const d of drawn) {
          expect(d.canvas[0], d.id).toBeGreaterThan(100);
          expect(d.canvas[1], d.id).toBeGreaterThan(50);
          // a cell and its text for each of the 4 points at least
          expect(d.marks, d.id).toBeGreaterThanOrEqual(2 * 4);
          expect(d.svgMarks, d.id).toBeGreaterThanOrEqual(2);
        }
        expect(await page.locator(".chart.error").count()).toBe(0);
        expect(await page.locator("#summary h2").textContent()).toBe("Summary");
        expect(await page.locator("table.points tbody tr").count()).toBe(gridPoints(def).length);
        expect(await page.locator("table.points tr.best").count()).toBe(1);
        expect(external).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
