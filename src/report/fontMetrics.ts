import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageDir } from "./packages.ts";
import { format4Glyph, requiredTable, ttfTables } from "./ttfTables.ts";

/** Advance widths of one TrueType font (cmap format 4 + hmtx), in em. */
export class FontMetrics {
  private readonly cache = new Map<number, number>();

  private constructor(
    private readonly view: DataView,
    private readonly cmap: number,
    private readonly hmtx: number,
    private readonly numHMetrics: number,
    private readonly unitsPerEm: number,
  ) {}

  /** Parses a .ttf file's head, hhea, hmtx and Unicode BMP cmap (platform 3, encoding 1). */
  static load(path: string): FontMetrics {
    const buf = readFileSync(path);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const tables = ttfTables(view);
    const need = (tag: string) => requiredTable(tables, tag, path);
    const cmapAt = need("cmap");
    let sub = -1;
    for (let i = 0; i < view.getUint16(cmapAt + 2); i++) {
      const rec = cmapAt + 4 + 8 * i;
      const at = cmapAt + view.getUint32(rec + 4);
      if (view.getUint16(rec) === 3 && view.getUint16(rec + 2) === 1 && view.getUint16(at) === 4) sub = at;
    }
    if (sub < 0) throw new Error(`${path}: no Unicode BMP cmap (format 4)`);
    return new FontMetrics(view, sub, need("hmtx"), view.getUint16(need("hhea") + 34), view.getUint16(need("head") + 18));
  }

  /** Advance width of one BMP code point, em (the .notdef glyph's for unmapped ones). */
  advance(code: number): number {
    let w = this.cache.get(code);
    if (w === undefined) {
      const g = this.glyph(code);
      const i = Math.min(g, this.numHMetrics - 1);
      w = this.view.getUint16(this.hmtx + 4 * i) / this.unitsPerEm;
      this.cache.set(code, w);
    }
    return w;
  }

  /** Width of a string at `fontSize` px (no kerning). */
  width(text: string, fontSize: number): number {
    let em = 0;
    for (const ch of text) em += this.advance(ch.codePointAt(0) ?? 0);
    return em * fontSize;
  }

  private glyph(code: number): number {
    return format4Glyph(this.view, this.cmap, code);
  }
}

let fonts: { regular: FontMetrics; bold: FontMetrics } | undefined;

/** Metrics of DejaVu Sans and DejaVu Sans Bold from node_modules/dejavu-fonts-ttf. */
export function dejavuMetrics(): { regular: FontMetrics; bold: FontMetrics } {
  if (!fonts) {
    const dir = join(packageDir("dejavu-fonts-ttf"), "ttf");
    fonts = { regular: FontMetrics.load(join(dir, "DejaVuSans.ttf")), bold: FontMetrics.load(join(dir, "DejaVuSans-Bold.ttf")) };
  }
  return fonts;
}

/** True for a CSS font weight that selects the bold face. */
export function isBold(weight: unknown): boolean {
  return weight === "bold" || weight === "bolder" || (typeof weight === "number" && weight >= 600) || (typeof weight === "string" && /^[6-9]00$/.test(weight));
}
