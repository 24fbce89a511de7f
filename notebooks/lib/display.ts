/**
 * Rich output that works in both places a notebook runs:
 *  - in Jupyter with the Deno kernel (`globalThis.Deno.jupyter` exists), charts and tables are
 *    displayed inline as images (an image/svg+xml bundle) and HTML; the SVG source is never
 *    echoed as text (showChart returns nothing, so a cell ending in `await showChart(…)` has no
 *    value for Jupyter to print);
 *  - under the headless runner (`npm run notebooks`, Node + tsx), a chart is written to
 *    notebooks/out/<name>.svg and one summary line is printed; a table is printed as text.
 * Charts are also written to notebooks/out/ in Jupyter, so a session leaves the same files.
 */
import { writeFileSync } from "node:fs";
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "../../src/report/render.ts";
import { outPath, shown } from "./paths.ts";

/** A MIME bundle: "text/plain" always, richer types when there are. */
export type MediaBundle = Record<string, string>;

interface DenoJupyter {
  display(obj: unknown, options?: { raw?: boolean }): Promise<void> | void;
}

/** The Deno kernel's display API, or undefined outside Jupyter. */
function jupyter(): DenoJupyter | undefined {
  const deno = (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno;
  try {
    return deno?.jupyter; // outside `deno jupyter`, Deno.jupyter throws on access in some versions
  } catch {
    return undefined;
  }
}

/** True when running under Deno (the Jupyter kernel), false under Node (the headless runner). */
export function inDeno(): boolean {
  return (globalThis as { Deno?: unknown }).Deno !== undefined;
}

/** True inside a Jupyter notebook running the Deno kernel. */
export function inJupyter(): boolean {
  return jupyter() !== undefined;
}

/**
 * Shows a value: in Jupyter as a rich MIME bundle (an SVG, an HTML fragment, or text), headless
 * as its "text/plain" form on the console.
 */
export async function display(x: string | MediaBundle): Promise<void> {
  const bundle: MediaBundle = typeof x === "string" ? { "text/plain": x } : x;
  const j = jupyter();
  if (j) await j.display(bundle, { raw: true });
  else console.log(bundle["text/plain"] ?? "");
}

/**
 * Renders a Vega-Lite spec to SVG (the project's headless renderer, DejaVu fonts), writes it to
 * notebooks/out/<name>.svg and displays it: in Jupyter as an image (bundle: "image/svg+xml", with
 * "text/plain" the one-line summary, never the source), headless as the one line naming the file.
 * Returns nothing (the SVG is in the file): a returned string would be a cell's value, which
 * Jupyter prints as text.
 */
export async function showChart(name: string, spec: TopLevelSpec): Promise<void> {
  const svg = await renderSvg(spec);
  const file = outPath(`${name}.svg`);
  writeFileSync(file, svg);
  await display(chartBundle(name, spec, svg, shown(file)));
}

let chartsShown = 0;

/**
 * The MIME bundle of a chart: "image/svg+xml" (its ids made unique, as a front-end that inlines
 * SVG, like Notebook 6, puts every chart in one page) and "text/plain" (one line: title, size,
 * file), which a front-end shows only when it shows no image.
 */
export function chartBundle(name: string, spec: TopLevelSpec, svg: string, file: string): MediaBundle {
  const size = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  const title = chartTitle(spec);
  const line = `chart ${JSON.stringify(title)}: ${size ? `${Math.round(Number(size[1]))}×${Math.round(Number(size[2]))} px` : "SVG"}, ${(svg.length / 1024).toFixed(0)} KiB → ${file}`;
  return { "text/plain": line, "image/svg+xml": scopeSvgIds(svg, `${name.replace(/[^A-Za-z0-9_-]/g, "_")}-${++chartsShown}-`) };
}

/** Prefixes every id of an SVG and the url(#…) / href="#…" references to them. */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}${id})`)
    .replace(/\b(xlink:href|href)="#([^"]+)"/g, (_m, attr: string, id: string) => `${attr}="#${prefix}${id}"`);
}

/** A table: text columns on the console; an HTML table in Jupyter. The first `left` columns are left-aligned. */
export async function showTable(header: string[], rows: (string | number)[][], opts: { left?: number; title?: string } = {}): Promise<void> {
  const left = opts.left ?? 1;
  const cells = rows.map((r) => r.map(String));
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => r.map((s, c) => (c < left ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join("  ").trimEnd();
  const text = [...(opts.title ? [opts.title] : []), line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const td = (s: string, c: number, tag: string) => `<${tag} style="text-align:${c < left ? "left" : "right"}">${esc(s)}</${tag}>`;
  const html =
    (opts.title ? `<p><b>${esc(opts.title)}</b></p>` : "") +
    `<table><thead><tr>${header.map((h, c) => td(h, c, "th")).join("")}</tr></thead><tbody>` +
    cells.map((r) => `<tr>${r.map((s, c) => td(s, c, "td")).join("")}</tr>`).join("") +
    "</tbody></table>";
  await display({ "text/plain": text, "text/html": html });
}

function chartTitle(spec: TopLevelSpec): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && "text" in t) {
    const text = (t as { text: unknown }).text;
    return Array.isArray(text) ? text.join(" ") : String(text);
  }
  return "untitled";
}
