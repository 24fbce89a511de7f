/**
 * Runs the notebooks headlessly (`npm run notebooks`), in name order:
 *
 *   for each NAME.ipynb: its code cells, in order, are concatenated into one ES module
 *   DIR/.run/NAME.ts (relative import specifiers rewritten so they resolve as they do from DIR,
 *   the notebook's folder), run by Node with tsx in a child process (cwd = repository root),
 *   its output streamed with a "[NAME]" prefix. A notebook fails when its process exits ≠ 0 (an
 *   uncaught error or rejection; top-level await works); the failure names the notebook and the
 *   cell that was running.
 *
 * Usage: tsx notebooks/run.ts [--dir DIR] [--timeout SECONDS] [FILTER…]
 *   --dir      folder of the notebooks (default: this file's folder; env NOTEBOOKS_DIR)
 *   --timeout  per notebook (default 300 s)
 *   FILTER     run only notebooks whose file name contains one of these strings
 * Exit code: 0 when every notebook passed, 1 when one failed, 2 on bad usage.
 *
 * Cell tracking: before each cell the module writes the cell's number to file descriptor 3 (a
 * pipe only the runner reads), so the last number received when the process dies is the cell that
 * was running. Source positions "DIR/.run/NAME.ts:LINE:COL" in the output are rewritten to
 * "NAME.ipynb cell C line L:COL".
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const NOTEBOOKS_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(NOTEBOOKS_DIR, "..");
const RUN_SUBDIR = ".run";

/** One code cell: its position among all cells and among the code cells (both 1-based), and its source. */
export interface CodeCell {
  cell: number;
  code: number;
  source: string;
}

/** The code cells of a notebook (nbformat 4 JSON), in order. */
export function codeCells(notebookJson: string, file = "notebook"): CodeCell[] {
  let nb: unknown;
  try {
    nb = JSON.parse(notebookJson);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const cells = (nb as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) throw new Error(`${file}: no "cells" array; not an nbformat 4 notebook`);
  const out: CodeCell[] = [];
  cells.forEach((c: { cell_type?: unknown; source?: unknown }, i) => {
    if (c.cell_type !== "code") return;
    const source = Array.isArray(c.source) ? c.source.join("") : typeof c.source === "string" ? c.source : "";
    out.push({ cell: i + 1, code: out.length + 1, source });
  });
  return out;
}

/** Rewrites the relative specifiers of imports/exports (static, side-effect, dynamic with a literal) from `fromDir` to `toDir`. */
export function rewriteImports(source: string, fromDir: string, toDir: string): string {
  return source.replace(/(\bimport\s*\(\s*|\bfrom\s*|\bimport\s+)(["'])(\.\.?\/[^"'\n]*)\2/g, (_m, head: string, quote: string, spec: string) => {
    let rel = relative(toDir, resolve(fromDir, spec)).split(sep).join("/");
    if (!rel.startsWith(".")) rel = `./${rel}`;
    if (spec.endsWith("/") && !rel.endsWith("/")) rel += "/";
    return `${head}${quote}${rel}${quote}`;
  });
}

/** The module text of a notebook, and the first module line of each cell (for mapping positions back). */
export interface NotebookModule {
  text: string;
  starts: { cell: CodeCell; line: number }[];
}

const PRELUDE = [
  `import { writeSync as __nbWriteSync } from "node:fs";`,
  `const __nbCell = (n: number): void => { try { __nbWriteSync(3, n + "\\n"); } catch { /* not under the runner */ } };`,
];

/** Concatenates the code cells into one ES module, each cell preceded by its marker line. */
export function notebookModule(cells: readonly CodeCell[], notebookDir: string, runDir: string): NotebookModule {
  const lines = [...PRELUDE];
  const starts: NotebookModule["starts"] = [];
  for (const cell of cells) {
    lines.push(`;__nbCell(${cell.cell}); // ---- cell ${cell.cell} (code cell ${cell.code}) ----`);
    starts.push({ cell, line: lines.length + 1 });
    lines.push(...rewriteImports(cell.source, notebookDir, runDir).split(/\r?\n/));
  }
  lines.push(`;__nbCell(0);`, "export {};", "");
  return { text: lines.join("\n"), starts };
}

/** The cell and the line within it of a module line (1-based), or undefined for runner lines. */
export function cellAt(mod: NotebookModule, line: number): { cell: CodeCell; line: number } | undefined {
  for (let i = mod.starts.length - 1; i >= 0; i--) {
    const s = mod.starts[i];
    if (line >= s.line) {
      const within = line - s.line + 1;
      return within <= s.cell.source.split(/\r?\n/).length ? { cell: s.cell, line: within } : undefined;
    }
  }
  return undefined;
}

interface NotebookRun {
  name: string;
  ok: boolean;
  seconds: number;
  failure?: string;
}

/** Runs one notebook; resolves when its process has ended. */
async function runNotebook(file: string, timeoutS: number): Promise<NotebookRun> {
  const started = performance.now();
  const name = file.split(sep).pop()!.replace(/\.ipynb$/, "");
  const notebookDir = dirname(file);
  const runDir = join(notebookDir, RUN_SUBDIR);
  mkdirSync(runDir, { recursive: true });
  // a package scope of its own, so the module is ESM wherever the notebooks folder is
  writeFileSync(join(runDir, "package.json"), `{ "type": "module", "private": true }\n`);
  const cells = codeCells(readFileSync(file, "utf8"), file);
  const mod = notebookModule(cells, notebookDir, runDir);
  const modulePath = join(runDir, `${name}.ts`);
  writeFileSync(modulePath, mod.text);

  const prefix = `[${name}] `;
  const describe = (cellNo: number): string => {
    const c = cells.find((x) => x.cell === cellNo);
    return c ? `cell ${c.cell} (code cell ${c.code} of ${cells.length})` : `cell ${cellNo}`;
  };
  const positions = new RegExp(`(?:file://)?${escapeRegExp(modulePath)}:(\\d+)(?::(\\d+))?`, "g");
  let firstMapped: number | undefined;
  const mapPositions = (text: string): string =>
    text.replace(positions, (whole, line: string, col: string | undefined) => {
      const at = cellAt(mod, Number(line));
      if (!at) return whole;
      firstMapped ??= at.cell.cell;
      return `${name}.ipynb cell ${at.cell.cell} line ${at.line}${col ? `:${col}` : ""}`;
    });

  const tsx = import.meta.resolve("tsx");
  const child = spawn(process.execPath, ["--import", tsx, modulePath], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  let currentCell = -1; // no cell started yet (imports are linked before any cell runs)
  const done: Promise<void>[] = [];
  const pump = (stream: Readable | null, write: (line: string) => void): void => {
    if (!stream) return;
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on("line", write);
    done.push(new Promise((r) => lines.once("close", () => r())));
  };
  pump(child.stdout, (l) => process.stdout.write(prefix + mapPositions(l) + "\n"));
  pump(child.stderr, (l) => process.stderr.write(prefix + mapPositions(l) + "\n"));
  pump(child.stdio[3] as Readable | null, (l) => {
    const n = Number(l.trim());
    if (Number.isInteger(n)) currentCell = n;
  });

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutS * 1000);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("close", (code, signal) => r({ code, signal })));
  clearTimeout(timer);
  await Promise.all(done);

  const seconds = (performance.now() - started) / 1000;
  if (exit.code === 0 && !timedOut) return { name, ok: true, seconds };
  const status = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  let failure: string;
  if (timedOut) failure = `${currentCell > 0 ? describe(currentCell) : "the module"} timed out after ${timeoutS} s`;
  else if (currentCell > 0) failure = `${describe(currentCell)} threw (${status})`;
  else if (currentCell === 0) failure = `failed after the last cell (${status})`;
  else if (firstMapped !== undefined) failure = `${describe(firstMapped)} failed to load: a syntax or import error (${status})`;
  else failure = `failed to load before the first cell ran: a syntax or import error (${status})`;
  return { name, ok: false, seconds, failure: `${name}.ipynb: ${failure}` };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: { dir: { type: "string" }, timeout: { type: "string", default: "300" } },
    });
  } catch (e) {
    console.error(`notebooks: ${(e as Error).message}`);
    return 2;
  }
  const dir = resolve(args.values.dir ?? process.env.NOTEBOOKS_DIR ?? NOTEBOOKS_DIR);
  const timeoutS = Number(args.values.timeout);
  if (!(timeoutS > 0)) {
    console.error(`notebooks: --timeout ${args.values.timeout}: must be a number of seconds > 0`);
    return 2;
  }
  if (!existsSync(dir)) {
    console.error(`notebooks: ${dir}: no such folder`);
    return 2;
  }
  const filters = args.positionals;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && (filters.length === 0 || filters.some((s) => f.includes(s))))
    .sort()
    .map((f) => join(dir, f));
  if (files.length === 0) {
    console.error(`notebooks: no .ipynb files in ${dir}${filters.length ? ` matching ${filters.join(", ")}` : ""}`);
    return 2;
  }
  const started = performance.now();
  const runs: NotebookRun[] = [];
  for (const file of files) {
    const rel = relative(process.cwd(), file);
    console.log(`── ${rel.startsWith("..") ? file : rel}`);
    let run: NotebookRun;
    try {
      run = await runNotebook(file, timeoutS);
    } catch (e) {
      const name = file.split(sep).pop()!;
      run = { name, ok: false, seconds: 0, failure: `${name}: ${(e as Error).message}` };
    }
    runs.push(run);
    console.log(run.ok ? `── ${run.name}: passed in ${run.seconds.toFixed(1)} s` : `── FAILED ${run.failure} (${run.seconds.toFixed(1)} s)`);
  }
  const failed = runs.filter((r) => !r.ok);
  const total = (performance.now() - started) / 1000;
  for (const r of failed) console.error(`FAILED ${r.failure}`);
  const plural = (n: number) => (n === 1 ? "notebook" : "notebooks");
  console.log(`${runs.length - failed.length} ${plural(runs.length - failed.length)} passed, ${failed.length} failed (${total.toFixed(1)} s)`);
  return failed.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
