import { gsubOutputGlyphs } from "./gsubGlyphs.ts";
import { format12Glyph, format4Glyph, requiredTable, ttfTables, unicodeCmaps } from "./ttfTables.ts";

/**
 * A copy of a TrueType font in which only the glyphs that text made of `codePoints` can reach keep
 * their outlines: the glyph each code point (and each character of its canonical decomposition) maps
 * to, every glyph a GSUB lookup can substitute in, .notdef, and the components of all of these. The
 * other glyphs keep their index and advance but have an empty outline (a zero-length `glyf` entry).
 * Every table but `glyf` and `loca` is copied byte for byte, so a renderer picks the same font,
 * shapes the same glyphs at the same positions and draws the same outlines for such text: the same
 * pixels from a much smaller file (resvg reads the whole font file again for each glyph it draws).
 * Null for a font this cannot prune safely: a collection, no `glyf`, AAT shaping tables, a GSUB it cannot read.
 */
export function pruneGlyphs(ttf: Uint8Array, codePoints: Iterable<number>): Buffer | null {
  const view = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const tag = view.getUint32(0);
  if (tag !== 0x00010000 && tag !== 0x74727565) return null; // not a single TrueType face ('ttcf', 'OTTO')
  const tables = ttfTables(view);
  if (!tables.has("glyf") || !tables.has("loca") || tables.has("morx") || tables.has("mort")) return null;
  const need = (t: string) => requiredTable(tables, t, "font");
  const numGlyphs = view.getUint16(need("maxp") + 4);
  const longLoca = view.getInt16(need("head") + 50) === 1;
  const loca = need("loca");
  const glyphStart = (g: number) => (longLoca ? view.getUint32(loca + 4 * g) : 2 * view.getUint16(loca + 2 * g));
  const glyf = need("glyf");

  const keep = new Set<number>([0]);
  const cmaps = unicodeCmaps(view, need("cmap"));
  for (const code of withDecompositions(codePoints)) {
    for (const sub of cmaps.format4) keep.add(format4Glyph(view, sub, code));
    for (const sub of cmaps.format12) keep.add(format12Glyph(view, sub, code));
  }
  if (tables.has("GSUB")) {
    try {
      for (const g of gsubOutputGlyphs(view, need("GSUB"))) keep.add(g);
    } catch {
      return null;
    }
  }
  // components of composite glyphs, transitively
  const pending = [...keep];
  while (pending.length > 0) {
    const g = pending.pop()!;
    if (g >= numGlyphs) continue;
    for (const c of componentGlyphs(view, glyf + glyphStart(g), glyphStart(g + 1) - glyphStart(g))) {
      if (!keep.has(c)) {
        keep.add(c);
        pending.push(c);
      }
    }
  }

  // the new glyf (kept entries verbatim, padding included) and loca, in loca's own format
  const glyphBytes: Uint8Array[] = [];
  const offsets = new Uint32Array(numGlyphs + 1);
  let size = 0;
  for (let g = 0; g < numGlyphs; g++) {
    offsets[g] = size;
    if (!keep.has(g)) continue;
    const bytes = ttf.subarray(glyf + glyphStart(g), glyf + glyphStart(g + 1));
    glyphBytes.push(bytes);
    size += bytes.length;
  }
  offsets[numGlyphs] = size;
  const newGlyf = Buffer.alloc(size);
  let at = 0;
  for (const bytes of glyphBytes) {
    newGlyf.set(bytes, at);
    at += bytes.length;
  }
  const newLoca = Buffer.alloc((numGlyphs + 1) * (longLoca ? 4 : 2));
  for (let g = 0; g <= numGlyphs; g++) {
    if (longLoca) newLoca.writeUInt32BE(offsets[g], 4 * g);
    else newLoca.writeUInt16BE(offsets[g] / 2, 2 * g);
  }
  return assembleFont(ttf, view, new Map([["glyf", newGlyf], ["loca", newLoca]]));
}

/** The code points and the characters of their canonical decompositions (a shaper decomposes a character its font lacks). */
function withDecompositions(codePoints: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const code of codePoints) {
    out.add(code);
    for (const ch of String.fromCodePoint(code).normalize("NFD")) out.add(ch.codePointAt(0)!);
  }
  return out;
}

/** The component glyphs of the glyph at `at` (`length` bytes; none for a simple or empty glyph). */
function componentGlyphs(view: DataView, at: number, length: number): number[] {
  if (length <= 0 || view.getInt16(at) >= 0) return [];
  const out: number[] = [];
  let p = at + 10;
  for (;;) {
    const flags = view.getUint16(p);
    out.push(view.getUint16(p + 2));
    p += 4 + (flags & 0x1 ? 4 : 2); // the two arguments: words or bytes
    p += flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0; // a scale, x and y scales, or a 2×2 matrix
    if (!(flags & 0x20)) return out; // no more components
  }
}

/**
 * The font `ttf` with some tables' contents replaced: the same table directory order and tags, the
 * tables laid out in their original order (each 4-byte aligned), checksums and head's
 * checkSumAdjustment recomputed.
 */
function assembleFont(ttf: Uint8Array, view: DataView, replaced: ReadonlyMap<string, Uint8Array>): Buffer {
  const numTables = view.getUint16(4);
  const records = Array.from({ length: numTables }, (_, i) => {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(view.getUint8(rec), view.getUint8(rec + 1), view.getUint8(rec + 2), view.getUint8(rec + 3));
    const offset = view.getUint32(rec + 8);
    const data = replaced.get(tag) ?? ttf.subarray(offset, offset + view.getUint32(rec + 12));
    return { index: i, tag, offset, data, checksum: view.getUint32(rec + 4) };
  });
  const headerSize = 12 + 16 * numTables;
  const layout = [...records].sort((a, b) => a.offset - b.offset);
  let size = headerSize;
  const placed = new Map<number, number>();
  for (const r of layout) {
    placed.set(r.index, size);
    size += (r.data.length + 3) & ~3;
  }
  const out = Buffer.alloc(size);
  out.set(ttf.subarray(0, 12), 0);
  let head = -1;
  for (const r of records) {
    const offset = placed.get(r.index)!;
    out.set(r.data, offset);
    if (r.tag === "head") {
      head = offset;
      out.writeUInt32BE(0, offset + 8); // checkSumAdjustment: 0 while the checksums are computed
    }
    const rec = 12 + 16 * r.index;
    out.set(ttf.subarray(rec, rec + 4), rec);
    out.writeUInt32BE(replaced.has(r.tag) || r.tag === "head" ? tableChecksum(out, offset, r.data.length) : r.checksum, rec + 4);
    out.writeUInt32BE(offset, rec + 8);
    out.writeUInt32BE(r.data.length, rec + 12);
  }
  if (head >= 0) out.writeUInt32BE((0xb1b0afba - tableChecksum(out, 0, out.length)) >>> 0, head + 8);
  return out;
}

/** The TrueType checksum of `length` bytes at `offset` (big-endian 32-bit words summed, zero-padded). */
function tableChecksum(bytes: Buffer, offset: number, length: number): number {
  let sum = 0;
  const end = offset + ((length + 3) & ~3);
  for (let p = offset; p < end; p += 4) sum = (sum + bytes.readUInt32BE(p)) >>> 0;
  return sum;
}
