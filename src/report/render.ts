import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { MmlabError } from "../core/errors.ts";
import { turnEventLoop } from "../core/eventLoop.ts";
import { REPORT_FONT } from "./charts/common.ts";
import { dejavuMetrics, isBold } from "./fontMetrics.ts";
import { packageDir } from "./packages.ts";
import { drawnByPrunedFonts, prunedFontFiles } from "./prunedFonts.ts";
import { withoutSolidDashes } from "./solidDashes.ts";

type VegaMark = { name?: string; marks?: VegaMark[] };

/** Drops marks named "hover…" (interactive-only rules and their voronoi) so static images carry no invisible per-row marks. */
function dropHoverMarks(marks: VegaMark[] | undefined): VegaMark[] | undefined {
  if (!marks) return marks;
  return marks.filter((m) => !m.name?.startsWith("hover")).map((m) => (m.marks ? { ...m, marks: dropHoverMarks(m.marks) } : m));
}

/** Compiles a Vega-Lite spec to Vega; warnings are collected into `warnings` (errors throw). */
export function compileSpec(spec: TopLevelSpec, warnings: string[] = []): vega.Spec {
  const logger = {
    level: () => logger,
    error: (...args: unknown[]) => {
      throw new MmlabError(`vega-lite: ${args.join(" ")}`);
    },
    warn: (...args: unknown[]) => (warnings.push(args.join(" ")), logger),
    info: () => logger,
    debug: () => logger,
  };
  return vl.compile(spec, { logger: logger as never }).spec;
}

type TextItem = { font?: string; fontSize?: number; fontWeight?: unknown; limit?: number };
type TextMetrics = { width: (item: TextItem, text: unknown) => number };
let metricsInstalled = false;

/**
 * Makes vega measure DejaVu Sans text with the font's real advance widths (without a canvas it
 * guesses 0.8 em per character), so SVG/PNG layout fits the text resvg draws. Other fonts keep
 * the 0.8 em guess. Text with a `limit` measures at most the limit (vega truncates past it).
 */
export function useDejavuTextMetrics(): void {
  if (metricsInstalled) return;
  const fonts = dejavuMetrics();
  (vega as unknown as { textMetrics: TextMetrics }).textMetrics.width = (item, text) => {
    const line = text == null ? "" : String(text).trim();
    const size = item.fontSize ?? 11;
    const raw = item.font === REPORT_FONT ? (isBold(item.fontWeight) ? fonts.bold : fonts.regular).width(line, size) : Math.floor(0.8 * line.length * size);
    return (item.limit ?? 0) > 0 ? Math.min(raw, item.limit as number) : raw;
  };
  metricsInstalled = true;
}

/** Renders a Vega-Lite spec to an SVG string headlessly (no interactive layers; stable output: SVG def ids reset per call). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  await turnEventLoop(); // a report renders for seconds without I/O: let a Ctrl-C in between charts
  useDejavuTextMetrics();
  const compiled = compileSpec(spec);
  compiled.marks = dropHoverMarks(compiled.marks as VegaMark[]) as vega.Spec["marks"];
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
  try {
    vega.resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let fontFiles: string[] | undefined;

/** The DejaVu TTF files shipped in node_modules (dejavu-fonts-ttf). */
export function dejavuFontFiles(): string[] {
  if (!fontFiles) {
    const dir = join(packageDir("dejavu-fonts-ttf"), "ttf");
    fontFiles = readdirSync(dir)
      .filter((f) => /^DejaVuSans(-Bold|-Oblique|-BoldOblique|Mono)?\.ttf$/.test(f))
      .sort()
      .map((f) => join(dir, f));
    if (fontFiles.length === 0) throw new MmlabError(`${dir}: no DejaVu Sans TTF files`);
  }
  return fontFiles;
}

/**
 * Rasterises an SVG to PNG with resvg using only the bundled DejaVu fonts (no system fonts); `width` in px, default the SVG's own.
 * Dash patterns without gaps are drawn as the solid lines they are (solidDashes.ts). Text is drawn from
 * glyph-pruned copies of the fonts when they have every character of the SVG (prunedFonts.ts): the same pixels.
 */
export function renderPng(svg: string, opts: { width?: number } = {}): Buffer {
  return renderPngWithFonts(svg, pngFontFiles(svg), opts);
}

/** renderPng with the given font files (the DejaVu TTFs, or copies of them). */
export function renderPngWithFonts(svg: string, fontFiles: readonly string[], opts: { width?: number } = {}): Buffer {
  const resvg = new Resvg(withoutSolidDashes(svg), {
    background: "white",
    fitTo: opts.width ? { mode: "width", value: Math.round(opts.width) } : { mode: "original" },
    font: { fontFiles: [...fontFiles], loadSystemFonts: false, defaultFontFamily: REPORT_FONT, sansSerifFamily: REPORT_FONT },
    shapeRendering: 2,
    textRendering: 1,
  });
  return resvg.render().asPng();
}

/** The pruned copies of the DejaVu TTFs (null: they could not be made); undefined until first asked for. */
let pruned: string[] | null | undefined;

/** The font files renderPng draws `svg` with: the pruned DejaVu copies when they have all its characters, else the TTFs themselves. */
export function pngFontFiles(svg: string): string[] {
  if (!drawnByPrunedFonts(svg)) return dejavuFontFiles();
  // kept where the checkout's other caches are (node_modules/.cache/mmlab); tried once per thread
  if (pruned === undefined) pruned = prunedFontFiles(dejavuFontFiles(), join(dirname(packageDir("dejavu-fonts-ttf")), ".cache", "mmlab", "fonts"));
  return pruned ?? dejavuFontFiles();
}
