import type { TopLevelSpec } from "vega-lite";
import { REPORT_FONT } from "./charts/common.ts";
import { inlineLibraries } from "./libs.ts";

/** One section of the page: a chart (rendered by vega-embed) or trusted HTML made by the report. */
export interface HtmlSection {
  id: string;
  heading: string;
  spec?: TopLevelSpec;
  html?: string;
}

/** The page: a title, sections in order, and label/value facts for the footer. */
export interface HtmlPage {
  title: string;
  sections: HtmlSection[];
  footer?: [string, string][];
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON safe inside <script>: no "<" (so no </script>), no U+2028/2029. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The report page's style sheet (also the base of the live dashboard's). */
export const PAGE_CSS = `
body { font-family: "${REPORT_FONT}", Verdana, sans-serif; margin: 24px auto; max-width: 1240px; padding: 0 16px; color: #111; }
h1 { font-size: 22px; margin: 0 0 16px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
section { margin: 0 0 28px; }
section .chart { overflow-x: auto; }
nav { font-size: 13px; margin: 0 0 8px; } nav a { color: #0550ae; text-decoration: none; }
table.kpi { border-collapse: collapse; font-size: 14px; }
table.kpi th, table.kpi td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid #eee; vertical-align: top; }
table.kpi td.def { color: #555; font-size: 12px; }
.pass { color: #1a7f37; font-weight: bold; }
.fail { color: #cf222e; font-weight: bold; }
.verdict { font-size: 15px; margin: 8px 0; }
ul.facts { font-size: 13px; color: #333; columns: 2; padding-left: 18px; }
footer { margin-top: 32px; border-top: 1px solid #ddd; font-size: 12px; color: #444; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
footer dt { font-weight: bold; } footer dd { margin: 0; font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
.error { color: #cf222e; }
`;

/** vega, vega-lite and vega-embed as inline <script> elements, in load order (no URL is loaded). */
export function libraryScripts(): string {
  return inlineLibraries()
    .map((l) => `<script>/* ${l.name} ${l.version} (inlined from node_modules) */\n${l.source}</script>`)
    .join("\n");
}

/**
 * One self-contained HTML page: vega, vega-lite and vega-embed inlined (works offline, no URL is
 * loaded), each chart section embedded with vegaEmbed (actions off), HTML sections as given, and
 * the footer facts. Deterministic: the same input gives the same bytes.
 */
export function renderHtml(page: HtmlPage): string {
  const specs: Record<string, TopLevelSpec> = {};
  const body = page.sections.map((s) => {
    const id = s.id.replace(/[^A-Za-z0-9_-]/g, "_");
    if (s.spec) specs[id] = s.spec;
    // a chart carries its own title; the heading names it in the contents line
    const content = s.spec ? `<div class="chart" id="vis-${id}" aria-label="${escapeHtml(s.heading)}"></div>` : `<h2>${escapeHtml(s.heading)}</h2>\n${s.html ?? ""}`;
    return `<section id="${id}">\n${content}\n</section>`;
  });
  const nav = `<nav>${page.sections.map((s) => `<a href="#${s.id.replace(/[^A-Za-z0-9_-]/g, "_")}">${escapeHtml(s.heading)}</a>`).join(" · ")}</nav>`;
  const footer = page.footer?.length
    ? `<footer>\n<dl>\n${page.footer.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("\n")}\n</dl>\n</footer>`
    : "";
  const libs = libraryScripts();
  const boot = `<script>
(function () {
  var specs = ${scriptJson(specs)};
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById("vis-" + id);
    vegaEmbed(el, specs[id], { actions: false, renderer: "canvas" }).catch(function (err) {
      el.className = "chart error";
      el.textContent = "chart failed to render: " + err;
    });
  });
})();
</script>`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    libs,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(page.title)}</h1>`,
    nav,
    ...body,
    footer,
    boot,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
