import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pruneGlyphs } from "../../src/report/glyphPrune.ts";
import { drawnByPrunedFonts, prunedFontFiles } from "../../src/report/prunedFonts.ts";
import { dejavuFontFiles, pngFontFiles, renderPng, renderPngWithFonts } from "../../src/report/render.ts";

const LINES = [
  "office affluent fjord — “quotes” ‘x’ … ‰ ′ • – WAVE AVA To Ty",
  "Ünïcödé ß ñ ø Å æ ½ ° ± × ÷ µ ¶ § © ®",
  "σ σ_base δ Δ β γ λ Ω π ϕ ά ΐ",
  "≥ ≤ ≈ ≠ √s ∞ ∑ ∫ ∂ − · → ← ↑ ⇒ ▲ ▼ ■ ● ◆ x² x₀ € ₿ ™ ℃ ⌀ ⏱",
];

/** An SVG with the lines in regular, bold, italic and monospaced text. */
function textSvg(lines: readonly string[]): string {
  const styles = ['font-family="DejaVu Sans"', 'font-family="DejaVu Sans" font-weight="bold"', 'font-family="DejaVu Sans" font-style="italic"', 'font-family="DejaVu Sans Mono"'];
  const texts = styles.flatMap((style, s) => lines.map((line, i) => `<text x="4" y="${18 + 18 * (s * lines.length + i)}" ${style} font-size="13">${line}</text>`));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="${24 + 18 * styles.length * lines.length}">${texts.join("")}</svg>`;
}

describe("glyph-pruned fonts", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("draw the text of the charts' characters with the same pixels as the full DejaVu fonts, from much smaller files", () => {
    const svg = textSvg(LINES);
    const fonts = pngFontFiles(svg);
    expect(fonts).not.toEqual(dejavuFontFiles());
    fonts.forEach((f, i) => expect(statSync(f).size).toBeLessThan(0.6 * statSync(dejavuFontFiles()[i]).size));
    const full = renderPngWithFonts(svg, dejavuFontFiles(), { width: 840 });
    expect(renderPng(svg, { width: 840 }).equals(full)).toBe(true);
    // the glyphs are drawn: without the text the picture differs
    expect(renderPng(textSvg([""]), { width: 840 }).equals(full)).toBe(false);
  });

  it("are not used for an SVG with a character they leave out: it is drawn with the full fonts", () => {
    for (const svg of [textSvg(["Жизнь"]), textSvg(["&#x416;"]), textSvg(["e\u0301"]), textSvg(["😀"])]) {
      expect(drawnByPrunedFonts(svg)).toBe(false);
      expect(pngFontFiles(svg)).toEqual(dejavuFontFiles());
    }
    expect(drawnByPrunedFonts(textSvg(["&#x3c3; &#963; &amp;"]))).toBe(true);
    expect(drawnByPrunedFonts(textSvg(["a"]).replace("<text ", '<text font-variant="small-caps" '))).toBe(false);
  });

  it("are made once and then found under the same names; no copies when the folder cannot be written", () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-fonts-test-"));
    dirs.push(dir);
    const first = prunedFontFiles(dejavuFontFiles(), join(dir, "fonts"));
    expect(first).not.toBeNull();
    const bytes = first!.map((f) => readFileSync(f));
    expect(prunedFontFiles(dejavuFontFiles(), join(dir, "fonts"))).toEqual(first);
    first!.forEach((f, i) => expect(readFileSync(f).equals(bytes[i])).toBe(true));
    const blocked = join(dir, "a-file");
    writeFileSync(blocked, "");
    expect(prunedFontFiles(dejavuFontFiles(), join(blocked, "fonts"))).toBeNull();
  });

  it("pruning leaves a font it cannot read safely alone (null): a CFF font, a collection", () => {
    const otto = Buffer.alloc(64);
    otto.write("OTTO", 0, "latin1");
    expect(pruneGlyphs(otto, [0x41])).toBeNull();
    const ttc = Buffer.alloc(64);
    ttc.write("ttcf", 0, "latin1");
    expect(pruneGlyphs(ttc, [0x41])).toBeNull();
  });
});
