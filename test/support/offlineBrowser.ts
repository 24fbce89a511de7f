import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium (.ci/run installs it); the browser tests skip with a message without it. */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

/** Headless Chromium with its own network traffic off (no updates, sync, background fetches). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

/**
 * A page that refuses every request but file:, data: and blob: (recorded in `external`) and
 * records page errors and console errors (and warnings, with `warnings`) in `errors`.
 */
export async function offlinePage(browser: Browser, opts: { warnings?: boolean } = {}): Promise<{ page: Page; external: string[]; errors: string[] }> {
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
    if (m.type() === "error" || (opts.warnings === true && m.type() === "warning")) errors.push(opts.warnings ? `${m.type()}: ${m.text()}` : m.text());
  });
  return { page, external, errors };
}
