/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";

export { CHROMIUM, hasChromium, launchChromium } from "./offlineBrowser.ts";

/** A page opened on a dashboard, with what it tried to reach outside 127.0.0.1 and the errors it logged. */
export interface DashboardPage {
  page: Page;
  /** Requests refused because they were not for 127.0.0.1, file:, data: or blob:. */
  external: string[];
  /** Uncaught exceptions and console errors. */
  errors: string[];
}

/**
 * Opens a dashboard URL in a new page that refuses every request not for 127.0.0.1 (or file:,
 * data:, blob:), and waits until its charts (by default every chart on the page) are drawn and it
 * has applied `updates` snapshots (default 2).
 */
export async function openDashboard(browser: Browser, url: string, o: { charts?: number; updates?: number; viewport?: { width: number; height: number } } = {}): Promise<DashboardPage> {
  const page = await browser.newPage({ viewport: o.viewport ?? { width: 1280, height: 900 } });
  const external: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith("http://127.0.0.1:") || u.startsWith("file://") || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
    external.push(u);
    return route.abort();
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(url);
  await waitForCharts(page, o.charts ?? (await page.locator(".charts .chart").count()));
  await waitForUpdates(page, o.updates ?? 2);
  return { page, external, errors };
}

/** Waits until `n` charts are embedded and drawn (a canvas of a real size each). */
export async function waitForCharts(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (want) =>
      Number(document.body.dataset.charts) >= want &&
      [...document.querySelectorAll(".vega-embed canvas")].filter((c) => (c as HTMLCanvasElement).width > 100 && (c as HTMLCanvasElement).height > 50).length >= want,
    n,
    { timeout: 30_000 },
  );
}

/** The number of snapshots the page has applied so far. */
export async function updateCount(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.body.dataset.updates));
}

/** Waits until the page has applied `n` more snapshots than it had (or at least n in all, with `from` 0). */
export async function waitForUpdates(page: Page, n: number, from = 0): Promise<void> {
  await page.waitForFunction((want) => Number(document.body.dataset.updates) >= want, from + n, { timeout: 30_000 });
}

/** The KPI values shown, by KPI name ("Spread captured" → "63.0 %"), and their PASS/FAIL. */
export async function readKpis(page: Page): Promise<Record<string, { value: string; result: string }>> {
  return page.evaluate(() => {
    const out: Record<string, { value: string; result: string }> = {};
    for (const el of document.querySelectorAll<HTMLElement>("[data-kpi]")) {
      const name = el.dataset.kpi ?? "";
      const result = document.querySelector<HTMLElement>(`[data-kpi-result="${CSS.escape(name)}"]`)?.textContent ?? "";
      out[name] = { value: el.textContent ?? "", result };
    }
    return out;
  });
}

/** The figures shown, by data-field ("mid" → "64000.005 USDT"), plus the pause banner ("pause") and the verdict ("verdict"). */
export async function readFields(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of document.querySelectorAll<HTMLElement>("[data-field]")) out[el.dataset.field ?? ""] = el.textContent ?? "";
    out.pause = document.getElementById("pause")?.textContent ?? "";
    out.verdict = document.getElementById("verdict")?.textContent ?? "";
    return out;
  });
}

/** How many rows each chart currently draws from its snapshot dataset, by chart id. */
export async function chartRows(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const views = (window as unknown as { dashboardViews?: Record<string, { data(name: string): unknown[] }> }).dashboardViews ?? {};
    return Object.fromEntries(Object.entries(views).map(([id, v]) => [id, v.data("points").length]));
  });
}

/** Waits until the charts' row counts (by chart id) satisfy `ok`. */
export async function waitForChartRows(page: Page, ok: (rows: Record<string, number>) => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await chartRows(page);
    if (ok(rows)) return;
    if (Date.now() > deadline) throw new Error(`chart rows never matched: ${JSON.stringify(rows)}`);
    await page.waitForTimeout(50);
  }
}
