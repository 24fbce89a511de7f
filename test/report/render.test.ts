import { describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { inventorySpec } from "../../src/report/charts/inventory.ts";
import { pnlSpec } from "../../src/report/charts/pnl.ts";
import { dejavuFontFiles, renderPng, renderSvg } from "../../src/report/render.ts";
import { tinyContext, tinyFills, tinyTimeseries } from "./fixtures.ts";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("renderSvg", () => {
  const spec = pnlSpec(tinyTimeseries(), tinyFills(), tinyContext());

  it("renders an <svg> carrying the chart title, axis titles and the report font", async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain(">PnL and its split</text>");
    expect(svg).toContain("PnL (USDT)");
    expect(svg).toContain("time since start (s)");
    expect(svg).toContain("DejaVu Sans");
  });

  it("is stable: the same spec gives the same SVG, also after rendering other charts", async () => {
    const a = await renderSvg(spec);
    await renderSvg(inventorySpec(tinyTimeseries(), 0.5, tinyContext()));
    const b = await renderSvg(spec);
    expect(b).toBe(a);
  });

  it("leaves the interactive hover layers out of static images", async () => {
    const svg = await renderSvg(spec);
    expect(svg).not.toMatch(/hover|voronoi/);
  });

  it("sizes text with the DejaVu metrics, not vega's 0.8 em guess", async () => {
    const long = "a fairly long subtitle line that vega would otherwise guess to be much wider than it is";
    const s: TopLevelSpec = { title: { text: "t", subtitle: long }, config: { font: "DejaVu Sans" }, width: 50, height: 50, mark: "point", data: { values: [] } };
    const svg = await renderSvg(s);
    const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
    // 88 characters at 11 px: 0.8 em each would be ≈ 775 px; DejaVu Sans is ≈ 0.55 em on average
    expect(width).toBeGreaterThan(400);
    expect(width).toBeLessThan(650);
  });
});

describe("renderPng", () => {
  it("rasterises with the bundled DejaVu fonts at the asked width", async () => {
    const svg = await renderSvg(pnlSpec(tinyTimeseries(), tinyFills(), tinyContext()));
    const png = renderPng(svg, { width: 1200 });
    expect(Array.from(png.subarray(0, 8))).toEqual(PNG_MAGIC);
    expect(pngSize(png).width).toBe(1200);
    const native = renderPng(svg);
    expect(pngSize(native).width).toBe(Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]));
    expect(renderPng(svg, { width: 1200 }).equals(png)).toBe(true);
  });

  it("draws text (glyphs present): an SVG with text differs from the same SVG with the text removed", () => {
    const withText = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="25" font-family="DejaVu Sans" font-size="16">Hello σ √s</text></svg>';
    const without = withText.replace(/Hello σ √s/, "");
    expect(renderPng(withText).equals(renderPng(without))).toBe(false);
  });

  it("finds the DejaVu Sans TTFs in node_modules", () => {
    const files = dejavuFontFiles();
    expect(files.some((f) => f.endsWith("DejaVuSans.ttf"))).toBe(true);
    expect(files.some((f) => f.endsWith("DejaVuSans-Bold.ttf"))).toBe(true);
  });
});
