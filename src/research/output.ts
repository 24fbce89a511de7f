import { writeFileNamed } from "../core/writeFileNamed.ts";
import type { TopLevelSpec } from "vega-lite";
import { escapeHtml } from "../report/html.ts";
import { renderPng, renderSvg } from "../report/render.ts";
import { RunFolder } from "../runfolder/runFolder.ts";

/** A file of an output folder: its name and content. */
export type OutputFile = [name: string, content: string | Buffer];

/** Writes `files` into the folder `path` all-or-nothing (a temporary folder renamed into place); an existing folder is replaced only with `force`. */
export function writeOutputFolder(path: string, force: boolean, files: OutputFile[]): void {
  const folder = RunFolder.create(path, force);
  try {
    for (const [name, content] of files) writeFileNamed(folder.file(name), content);
    folder.commit();
  } catch (error) {
    folder.abort();
    throw error;
  }
}

/** A chart as `<name>.svg` and `<name>.png` (1.5× the SVG's width, DejaVu fonts). */
export async function chartFiles(name: string, spec: TopLevelSpec): Promise<OutputFile[]> {
  const svg = await renderSvg(spec);
  const m = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  return [[`${name}.svg`, svg], [`${name}.png`, renderPng(svg, { width: (m ? Number(m[1]) : 800) * 1.5 })]];
}

/** A plain HTML table (header row, text cells escaped), in the report's table style. */
export function htmlTable(header: string[], rows: string[][]): string {
  const tr = (cells: string[], tag: "th" | "td") => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join("")}</tr>`;
  return `<table class="kpi">\n${tr(header, "th")}\n${rows.map((r) => tr(r, "td")).join("\n")}\n</table>`;
}

/** JSON with 2-space indent and a trailing newline (NaN and ±∞ become null). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
