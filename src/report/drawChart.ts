import type { TopLevelSpec } from "vega-lite";
import { turnEventLoop } from "../core/eventLoop.ts";
import { renderPng, renderSvg } from "./render.ts";
import { SharedChartCache, type RenderedChart } from "./sharedChartCache.ts";

/** A chart to draw: its spec, and the PNG's width as a multiple of the SVG's (null: no PNG). */
export interface ChartToDraw {
  spec: TopLevelSpec;
  pngScale: number | null;
}

/** Draws charts, the results in their order (one after another here, or spread over threads: runner/stress/chartBoard.ts). */
export type ChartDrawer = (charts: readonly ChartToDraw[], cache?: SharedChartCache) => Promise<RenderedChart[]>;

/** A chart's SVG and, unless its pngScale is null, its PNG: from `cache` when it holds it, else drawn (and kept there). The same bytes on any thread. */
export async function drawChart(chart: ChartToDraw, cache?: SharedChartCache): Promise<RenderedChart> {
  const key = cache === undefined ? undefined : SharedChartCache.key(chart.spec, chart.pngScale);
  const kept = key === undefined ? undefined : cache?.get(key);
  if (kept !== undefined) return kept;
  const svg = await renderSvg(chart.spec);
  await turnEventLoop(); // between the SVG and the PNG too: a worker's message to this thread waits for one of them at most
  const drawn = chart.pngScale === null ? { svg } : { svg, png: renderPng(svg, { width: svgWidth(svg) * chart.pngScale }) };
  if (key !== undefined) cache?.put(key, drawn);
  return drawn;
}

/** Draws charts one after another on this thread. */
export const drawChartsHere: ChartDrawer = async (charts, cache) => {
  const out: RenderedChart[] = [];
  for (const chart of charts) out.push(await drawChart(chart, cache));
  return out;
};

/** The width attribute of an SVG root element, px. */
export function svgWidth(svg: string): number {
  const m = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  return m ? Number(m[1]) : 800;
}
