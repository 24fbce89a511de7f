/** Where one table of a TrueType font lies: its offset and length in the file, bytes. */
export interface TtfTable {
  offset: number;
  length: number;
}

/** The table directory of a TrueType font (one face, not a collection), by tag. */
export function ttfTables(view: DataView): Map<string, TtfTable> {
  const tables = new Map<string, TtfTable>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(view.getUint8(rec), view.getUint8(rec + 1), view.getUint8(rec + 2), view.getUint8(rec + 3));
    tables.set(tag, { offset: view.getUint32(rec + 8), length: view.getUint32(rec + 12) });
  }
  return tables;
}

/** The offset of a table that must be there; `path` names the font in the error. */
export function requiredTable(tables: ReadonlyMap<string, TtfTable>, tag: string, path: string): number {
  const table = tables.get(tag);
  if (table === undefined) throw new Error(`${path}: no ${tag} table`);
  return table.offset;
}

/** The Unicode cmap subtables of a font (platform 0, or platform 3 encodings 1 and 10) in formats 4 and 12, by offset in the file. */
export function unicodeCmaps(view: DataView, cmap: number): { format4: number[]; format12: number[] } {
  const out = { format4: [] as number[], format12: [] as number[] };
  for (let i = 0; i < view.getUint16(cmap + 2); i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = view.getUint16(rec);
    const encoding = view.getUint16(rec + 2);
    if (platform !== 0 && !(platform === 3 && (encoding === 1 || encoding === 10))) continue;
    const at = cmap + view.getUint32(rec + 4);
    const format = view.getUint16(at);
    if (format === 4) out.format4.push(at);
    else if (format === 12) out.format12.push(at);
  }
  return out;
}

/** The glyph of a BMP code point in a cmap format-4 subtable at `sub`; 0 (.notdef) when unmapped. */
export function format4Glyph(view: DataView, sub: number, code: number): number {
  if (code > 0xffff) return 0;
  const segX2 = view.getUint16(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  for (let s = 0; s < segX2; s += 2) {
    if (view.getUint16(ends + s) < code) continue;
    const start = view.getUint16(starts + s);
    if (start > code) return 0;
    const delta = view.getUint16(deltas + s);
    const range = view.getUint16(ranges + s);
    if (range === 0) return (code + delta) & 0xffff;
    const g = view.getUint16(ranges + s + range + 2 * (code - start));
    return g === 0 ? 0 : (g + delta) & 0xffff;
  }
  return 0;
}

/** The glyph of a code point in a cmap format-12 subtable at `sub`; 0 (.notdef) when unmapped. */
export function format12Glyph(view: DataView, sub: number, code: number): number {
  const groups = view.getUint32(sub + 12);
  for (let k = 0; k < groups; k++) {
    const rec = sub + 16 + 12 * k;
    const start = view.getUint32(rec);
    if (code < start) return 0;
    if (code <= view.getUint32(rec + 4)) return view.getUint32(rec + 8) + (code - start);
  }
  return 0;
}
