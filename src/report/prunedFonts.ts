import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { threadId } from "node:worker_threads";
import { pruneGlyphs } from "./glyphPrune.ts";

/**
 * The characters the pruned fonts draw (inclusive ranges): printable ASCII, Latin-1, Greek, general
 * punctuation, super- and subscripts, currency and letterlike symbols, arrows, mathematical
 * operators, miscellaneous technical symbols and geometric shapes — every character the charts write.
 */
export const PRUNED_FONT_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x370, 0x3ff],
  [0x2000, 0x206f],
  [0x2070, 0x209f],
  [0x20a0, 0x20cf],
  [0x2100, 0x214f],
  [0x2190, 0x21ff],
  [0x2200, 0x22ff],
  [0x2300, 0x23ff],
  [0x25a0, 0x25ff],
];

/** Changes whenever the pruning changes, so that copies made by an older one are not used. */
const RECIPE = "mmlab-pruned-fonts-1";

let drawable: Uint8Array | undefined;

/**
 * True when the pruned fonts draw every character of `svg` (its markup included; character
 * references decoded). Not with font-variant, whose synthesised small capitals may need other glyphs.
 */
export function drawnByPrunedFonts(svg: string): boolean {
  if (drawable === undefined) {
    drawable = new Uint8Array(0x10000);
    for (const [from, to] of PRUNED_FONT_RANGES) drawable.fill(1, from, to + 1);
    for (const ws of [0x09, 0x0a, 0x0d]) drawable[ws] = 1; // XML white space: drawn as spaces, if at all
  }
  for (let i = 0; i < svg.length; i++) if (drawable[svg.charCodeAt(i)] === 0) return false; // a surrogate half is not drawable
  if (svg.includes("font-variant")) return false;
  if (!svg.includes("&#")) return true;
  for (const m of svg.matchAll(/&#(?:x([0-9a-fA-F]+)|([0-9]+));/g)) {
    const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (!(code < 0x10000 && drawable[code] === 1)) return false;
  }
  return true;
}

/**
 * Copies of the TrueType `files` (in the same order) with only the glyphs of PRUNED_FONT_RANGES
 * drawn (glyphPrune.ts), kept in `dir` under names keyed by the source file's content and the
 * recipe: made once, then found there by every later call, thread and process. Null when one of
 * them cannot be pruned or the folder cannot be written: the caller then uses `files` themselves.
 */
export function prunedFontFiles(files: readonly string[], dir: string): string[] | null {
  try {
    const out: string[] = [];
    for (const file of files) {
      const ttf = readFileSync(file);
      const key = createHash("sha256").update(RECIPE).update(JSON.stringify(PRUNED_FONT_RANGES)).update(ttf).digest("hex").slice(0, 16);
      const path = join(dir, `${key}-${basename(file)}`);
      if (!existsSync(path)) {
        const pruned = pruneGlyphs(ttf, codePointsOf(PRUNED_FONT_RANGES));
        if (pruned === null) return null;
        mkdirSync(dir, { recursive: true });
        // written beside its place and renamed: a reader never sees half a font, and writers racing write the same bytes
        const temp = `${path}.tmp-${process.pid}-${threadId}`;
        try {
          writeFileSync(temp, pruned);
          renameSync(temp, path);
        } finally {
          rmSync(temp, { force: true });
        }
      }
      out.push(path);
    }
    return out;
  } catch {
    return null;
  }
}

/** Every code point of some inclusive ranges. */
function* codePointsOf(ranges: readonly (readonly [number, number])[]): Generator<number> {
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) yield c;
}
