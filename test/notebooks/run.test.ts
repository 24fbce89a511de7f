import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cellAt, codeCells, notebookModule, rewriteImports } from "../../notebooks/run.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder of notebooks: name → cells ("md:" prefix = a markdown cell, else code). */
function notebookDir(notebooks: Record<string, string[]>, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "mmlab-notebooks-"));
  dirs.push(dir);
  for (const [name, cells] of Object.entries(notebooks)) {
    const nb = {
      cells: cells.map((c) => (c.startsWith("md:") ? { cell_type: "markdown", metadata: {}, source: [c.slice(3)] } : { cell_type: "code", metadata: {}, outputs: [], execution_count: null, source: c.split(/(?<=\n)/) })),
      metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" }, language_info: { name: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(dir, `${name}.ipynb`), JSON.stringify(nb));
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs `tsx notebooks/run.ts --dir DIR` as `npm run notebooks` does. */
function runNotebooks(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "notebooks/run.ts", "--dir", dir], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("notebooks/run.ts", () => {
  it("runs the code cells of a notebook in order as one ES module (top-level await, imports relative to the notebook) and streams their output", async () => {
    const dir = notebookDir(
      {
        "01-tiny": [
          "md:# a tiny notebook",
          'import { double } from "./helper.ts";\nconst x = await Promise.resolve(21);\nconsole.log("first cell", x);',
          'console.log("answer", double(x));',
        ],
      },
      { "helper.ts": "export const double = (n: number): number => 2 * n;\n" },
    );
    const r = await runNotebooks(dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[01-tiny] first cell 21");
    expect(r.stdout).toContain("[01-tiny] answer 42");
    expect(r.stdout.indexOf("first cell")).toBeLessThan(r.stdout.indexOf("answer"));
    expect(r.stdout.trimEnd().split("\n").pop()).toMatch(/^1 notebook passed, 0 failed/);
  }, 60_000);

  it("fails naming the notebook and the cell that threw, and still runs the other notebooks", async () => {
    const dir = notebookDir({
      "a-ok": ['console.log("fine")'],
      "b-fails": ['console.log("before")', 'const n: number = 1;\nif (n > 0) throw new Error("boom in the second cell");', 'console.log("never")'],
    });
    const r = await runNotebooks(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("[a-ok] fine");
    expect(r.stdout).toContain("[b-fails] before");
    expect(r.stdout).not.toContain("never");
    expect(r.stderr).toContain("boom in the second cell");
    expect(r.stderr).toContain("FAILED b-fails.ipynb: cell 2 (code cell 2 of 3) threw");
    expect(r.stderr).toMatch(/b-fails\.ipynb cell 2 line 2/); // the stack trace, mapped back to the cell
    expect(r.stdout.trimEnd().split("\n").pop()).toMatch(/^1 notebook passed, 1 failed/);
  }, 60_000);

  it("counts markdown cells in the cell number and maps module lines back to cells", () => {
    const nb = JSON.stringify({ cells: [{ cell_type: "markdown", source: "# t" }, { cell_type: "code", source: ["a\n", "b"] }, { cell_type: "code", source: "c" }] });
    const cells = codeCells(nb);
    expect(cells.map((c) => [c.cell, c.code])).toEqual([[2, 1], [3, 2]]);
    const mod = notebookModule(cells, "/nb", "/nb/.run");
    const lines = mod.text.split("\n");
    expect(cellAt(mod, lines.indexOf("b") + 1)).toEqual({ cell: cells[0], line: 2 });
    expect(cellAt(mod, lines.indexOf("c") + 1)).toEqual({ cell: cells[1], line: 1 });
    expect(cellAt(mod, 1)).toBeUndefined();
  });

  it("rewrites relative import specifiers for the module's folder and leaves packages alone", () => {
    const src = 'import { a } from "../src/index.ts";\nimport "./lib/x.ts";\nconst m = await import("./lib/y.ts");\nimport { z } from "zod";';
    expect(rewriteImports(src, "/r/notebooks", "/r/notebooks/.run")).toBe(
      'import { a } from "../../src/index.ts";\nimport "../lib/x.ts";\nconst m = await import("../lib/y.ts");\nimport { z } from "zod";',
    );
  });
});
