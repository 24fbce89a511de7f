import type { OlsFit } from "./ols.ts";
import type { OfiStudyResult } from "./ofiStudy.ts";
import type { WindowSpec } from "./windowSpec.ts";

/** A number for a table: fixed decimals under 1e6, else exponent; "—" when not finite. */
export function num(x: number, decimals = 3): string {
  if (!Number.isFinite(x)) return x === Infinity ? "∞" : x === -Infinity ? "−∞" : "—";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 10 ** -decimals)) return x.toExponential(2);
  return x.toFixed(decimals);
}

/** A number to `digits` significant digits (plain notation when it fits, else exponent); "—" when not finite. */
export function sig(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return num(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/** Right-aligned columns under a header, two spaces apart (the first `left` columns left-aligned). */
export function textTable(header: string[], rows: string[][], left = 1): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) => cells.map((s, c) => (c < left ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** "1 h" / "60 buckets". */
export function windowText(w: WindowSpec): string {
  if (w.kind === "buckets") return `${w.count} buckets`;
  const s = w.ns / 1e9;
  return s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

const FIT_HEADER = ["n", "β (ticks/unit)", "t", "t HC1", "R²", "α (ticks)"];

function fitCells(f: OlsFit): string[] {
  return [String(f.n), sig(f.beta, 4), num(f.tBeta, 2), num(f.tBetaHc1, 2), num(f.r2, 4), num(f.alpha, 4)];
}

/** The study as text: the data, the overall fit and one row per window. */
export function formatOfiStudy(r: OfiStudyResult): string {
  const head = [
    `OFI study: ${r.meta.symbol} (${r.meta.source}), ${num(r.durationS, 1)} s of data, ${r.events.toLocaleString("en-US")} events`,
    `Δmid (ticks) = α + β·OFI (base units) per ${r.bucketS} s bucket; ${r.series.tS.length} buckets kept, ${r.series.dropped} dropped (book one-sided/crossed or no book yet)`,
    `t: classical OLS standard error; t HC1: heteroskedasticity-robust (White HC0 × n/(n−2))`,
  ];
  const overall = textTable(["", ...FIT_HEADER], [["overall", ...fitCells(r.overall)]]);
  const windows = textTable(["window", "from (s)", "to (s)", ...FIT_HEADER], r.windows.map((w) => [String(w.window), num(w.startS, 1), num(w.endS, 1), ...fitCells(w)]));
  return `${head.join("\n")}\n\n${overall}\n\nper window of ${windowText(r.window)}:\n${windows}`;
}
