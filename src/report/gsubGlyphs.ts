/**
 * Every glyph a font's GSUB table can substitute in, whatever the input and the features asked for:
 * the outputs of every lookup (single, multiple, alternate, ligature, reverse chaining; contextual
 * lookups only call the others; extension lookups are followed). Throws on a lookup type or subtable
 * format it does not know, so a caller never misses an output it could not read.
 */
export function gsubOutputGlyphs(view: DataView, gsub: number): Set<number> {
  const out = new Set<number>();
  const u16 = (at: number) => view.getUint16(at);
  const array = (at: number, count: number) => {
    for (let k = 0; k < count; k++) out.add(u16(at + 2 * k));
  };
  const subtable = (type: number, at: number): void => {
    const format = u16(at);
    if (type === 1 && format === 1) {
      const delta = view.getInt16(at + 4);
      for (const g of coverageGlyphs(view, at + u16(at + 2))) out.add((g + delta) & 0xffff);
    } else if (type === 1 && format === 2) {
      array(at + 6, u16(at + 4));
    } else if ((type === 2 || type === 3) && format === 1) {
      // sequences (multiple) and alternate sets share one layout: a count, then offsets to glyph arrays
      for (let k = 0; k < u16(at + 4); k++) {
        const set = at + u16(at + 6 + 2 * k);
        array(set + 2, u16(set));
      }
    } else if (type === 4 && format === 1) {
      for (let k = 0; k < u16(at + 4); k++) {
        const set = at + u16(at + 6 + 2 * k);
        for (let j = 0; j < u16(set); j++) out.add(u16(set + u16(set + 2 + 2 * j)));
      }
    } else if ((type === 5 || type === 6) && format >= 1 && format <= 3) {
      // contextual: applies other lookups, which are read on their own
    } else if (type === 7 && format === 1) {
      subtable(u16(at + 2), at + view.getUint32(at + 4));
    } else if (type === 8 && format === 1) {
      const backtrack = u16(at + 4);
      const lookahead = at + 6 + 2 * backtrack;
      const substitutes = lookahead + 2 + 2 * u16(lookahead);
      array(substitutes + 2, u16(substitutes));
    } else {
      throw new Error(`GSUB lookup type ${type} format ${format}: not read`);
    }
  };
  const lookups = gsub + u16(gsub + 8);
  for (let i = 0; i < u16(lookups); i++) {
    const lookup = lookups + u16(lookups + 2 + 2 * i);
    const type = u16(lookup);
    for (let s = 0; s < u16(lookup + 4); s++) subtable(type, lookup + u16(lookup + 6 + 2 * s));
  }
  return out;
}

/** The glyphs of a coverage table (format 1: a list; format 2: ranges). */
function coverageGlyphs(view: DataView, at: number): number[] {
  const format = view.getUint16(at);
  const count = view.getUint16(at + 2);
  const glyphs: number[] = [];
  if (format === 1) {
    for (let k = 0; k < count; k++) glyphs.push(view.getUint16(at + 4 + 2 * k));
  } else if (format === 2) {
    for (let k = 0; k < count; k++) {
      const rec = at + 4 + 6 * k;
      for (let g = view.getUint16(rec); g <= view.getUint16(rec + 2); g++) glyphs.push(g);
    }
  } else {
    throw new Error(`coverage format ${format}: not read`);
  }
  return glyphs;
}
