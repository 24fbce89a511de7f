import { detectBinanceLayout } from "../binanceCsv/index.ts";
import { looksLikeHeader } from "../binanceCsv/common.ts";
import { LineCursor, splitHeader } from "../csv.ts";
import { DataError } from "../../../core/errors.ts";
import { detectTardisFormat } from "../tardis/index.ts";

/** What one input file holds, for grouping merged inputs. */
export interface InputKind {
  /** Files of one key are one stream (later files continue earlier ones). */
  key: string;
  /** The data type, for messages and notes (e.g. `incremental_book_L2`). */
  label: string;
  /** Order-book data or trades: a merged output takes at most one stream of each. */
  role: "book" | "trades";
}

/** Reads the kind of one file of a format whose files hold one data type each. */
type KindReader = (file: string) => Promise<InputKind>;

/**
 * The formats whose inputs may hold different data types (a book file and a trades file), and how
 * to tell them: from the file's first line, as the importer itself does. Other formats read all
 * their inputs as one stream (a Binance capture holds every stream in one file; LOBSTER's two files
 * are one source).
 */
export const KIND_READERS: Readonly<Record<string, KindReader>> = {
  tardis: async (file) => {
    const header = splitHeader(await firstLine(file));
    const format = detectTardisFormat(file, header);
    const label = format.label?.(header) ?? format.type;
    return { key: label, label, role: format.type === "trades" ? "trades" : "book" };
  },
  "binance-csv": async (file) => {
    const first = splitHeader(await firstLine(file));
    const layout = detectBinanceLayout(file, first, looksLikeHeader(first));
    const type = layout.format.type;
    return { key: `${type}:${layout.columns}`, label: type, role: type === "depth" ? "book" : "trades" };
  },
};

/** The first non-blank line of a (plain or gzipped) text file. */
async function firstLine(file: string): Promise<string> {
  const cursor = new LineCursor(file);
  try {
    const line = await cursor.next();
    if (line === undefined) throw new DataError(file, 1, undefined, "empty file");
    return line.text;
  } finally {
    await cursor.close();
  }
}
