/**
 * The Jupyter set-up that notebooks/README.md (and the top-level README, word for word) documents.
 *
 * Always (offline): the documented block is the same in both READMEs, uses no bare `pip install`,
 * names the kernel the notebooks' metadata names, and .ci/run installs its Debian packages.
 *
 * When Jupyter and deno are installed (always in CI: .ci/run installs Debian's packages and, as
 * the README's `npm i -g deno` does, deno — tests themselves reach no network): the documented
 * commands after `npm ci`, `apt-get install` and `npm i -g deno` are run as written, with HOME
 * pointed at a temporary folder, then a notebook
 * is executed by Jupyter's notebook client with the kernel its metadata names, and its outputs are
 * checked: charts as images, no SVG source as text. `jupyter notebook` (a server) is not started.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NOTEBOOKS = join(REPO_ROOT, "notebooks");
/** The kernelspec `deno jupyter --install` writes (kernels/deno/kernel.json: name from the folder). */
const DENO_KERNEL = { name: "deno", display_name: "Deno", language: "typescript" };

/** The first ```sh block after `heading` (a line of the file), as its lines. */
function shBlockAfter(file: string, heading: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), "utf8");
  const at = text.split("\n").indexOf(heading);
  expect(at, `${file}: no line "${heading}"`).toBeGreaterThanOrEqual(0);
  const rest = text.split("\n").slice(at + 1);
  const start = rest.indexOf("```sh");
  const end = rest.indexOf("```", start + 1);
  expect(start, `${file}: no sh block after "${heading}"`).toBeGreaterThanOrEqual(0);
  return rest.slice(start + 1, end);
}

/** A block line without its comment. */
const command = (line: string): string => line.replace(/\s+#.*$/, "").trim();

const SETUP = shBlockAfter("notebooks/README.md", "## Open them in Jupyter with the Deno kernel");
const COMMANDS = SETUP.map(command).filter((c) => c.length > 0);

describe("the documented Jupyter set-up (offline checks)", () => {
  it("is the same block in the top-level README's Notebooks section", () => {
    expect(shBlockAfter("README.md", "## Notebooks")).toEqual(SETUP);
  });

  it("installs Jupyter from Debian, the kernel with deno, and uses no bare pip install", () => {
    expect(COMMANDS).toEqual([
      "npm ci",
      "sudo apt-get install jupyter-notebook jupyter-client",
      "npm i -g deno",
      "deno jupyter --install",
      "jupyter kernelspec list",
      "jupyter notebook notebooks/",
    ]);
    // in every code block of both READMEs: pip only from a virtual environment (Debian's Python refuses a bare one)
    for (const file of ["README.md", "notebooks/README.md"]) {
      const inBlocks = readFileSync(join(REPO_ROOT, file), "utf8").split(/^\s*```.*$/m).filter((_, i) => i % 2 === 1);
      for (const line of inBlocks.join("\n").split("\n").filter((l) => /\bpip3? install\b/.test(l))) expect(line, file).toMatch(/\/bin\/pip install /);
    }
  });

  it("names the kernel every notebook's metadata names", () => {
    const notebooks = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb"));
    expect(notebooks.length).toBeGreaterThanOrEqual(6);
    for (const f of notebooks) {
      const nb = JSON.parse(readFileSync(join(NOTEBOOKS, f), "utf8")) as { metadata?: { kernelspec?: unknown } };
      expect(nb.metadata?.kernelspec, f).toEqual(DENO_KERNEL);
    }
  });

  it("has CI install the Debian packages it names", () => {
    const packages = COMMANDS.find((c) => c.includes("apt-get install"))!.split(/\s+/).slice(3);
    const ci = readFileSync(join(REPO_ROOT, ".ci/run"), "utf8");
    for (const p of packages) expect(ci).toMatch(new RegExp(`need\\+=\\(${p}\\)`));
  });
});

/** `jupyter` on PATH, and the Python its script runs on (its #! line), which has nbclient. */
function jupyterPython(): string | undefined {
  const which = spawnSync("sh", ["-c", "command -v jupyter"], { encoding: "utf8" });
  const script = which.status === 0 ? which.stdout.trim() : "";
  if (!script) return undefined;
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(script, "utf8").split("\n")[0]);
  return shebang?.[1];
}

const python = jupyterPython();
const deno = spawnSync("deno", ["--version"], { encoding: "utf8" }).status === 0;
const inCi = process.env.CI === "true";
if ((!python || !deno) && !inCi) console.warn("SKIPPED the live Jupyter set-up check: no jupyter or no deno (apt-get install jupyter-notebook jupyter-client; npm i -g deno)");

const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

/** Executes a notebook with nbclient (the kernel from its metadata), printing its outputs as JSON. */
const EXECUTE = `
import json, os, sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=600, resources={"metadata": {"path": os.path.dirname(path)}}).execute()
print(json.dumps([{"cell": i + 1, "outputs": c.get("outputs", [])} for i, c in enumerate(nb.cells) if c.cell_type == "code"]))
`;

type Output = { output_type: string; text?: string; data?: Record<string, string>; ename?: string };

((python && deno) || inCi ? describe : describe.skip)("the documented Jupyter set-up, run", () => {
  it("installs the Deno kernel as documented and runs 01-quickstart in it: charts as images, no SVG source as text", () => {
    expect(python, "no jupyter on PATH: .ci/run installs Debian's jupyter-notebook and jupyter-client").toBeDefined();
    expect(deno, "no deno on PATH: .ci/run installs it as the README says (npm i -g deno)").toBe(true);
    const root = mkdtempSync(join(tmpdir(), "mmlab-jupyter-"));
    tmp.push(root);
    const home = join(root, "home");
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    for (const v of ["XDG_DATA_HOME", "XDG_CACHE_HOME", "JUPYTER_DATA_DIR", "JUPYTER_PATH", "DENO_DIR"]) delete env[v];
    const run = (cmd: string): SpawnSyncReturns<string> => {
      const r = spawnSync("sh", ["-c", cmd], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 300_000 });
      expect(r.status, `${cmd}\n${r.stdout}\n${r.stderr}`).toBe(0);
      return r;
    };

    // `npm ci` has been run (these tests run in the installed repository); apt-get's packages and deno are checked, not installed
    const packages = COMMANDS.find((c) => c.includes("apt-get install"))!.split(/\s+/).slice(3);
    for (const p of packages) run(`dpkg-query -W -f='\${Status}' ${p} | grep -q "install ok installed"`);
    const rest = COMMANDS.filter((c) => c !== "npm ci" && !c.includes("apt-get install") && c !== "npm i -g deno" && c !== "jupyter notebook notebooks/");
    expect(rest).toEqual(["deno jupyter --install", "jupyter kernelspec list"]);
    let listed = "";
    for (const c of rest) listed = run(c).stdout;
    expect(listed).toMatch(new RegExp(`^\\s*deno\\s+${join(home, ".local/share/jupyter/kernels/deno").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`, "m"));

    const r = spawnSync(python!, ["-c", EXECUTE, join(NOTEBOOKS, "01-quickstart.ipynb")], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 600_000, maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const cells = JSON.parse(r.stdout) as { cell: number; outputs: Output[] }[];
    const outputs = cells.flatMap((c) => c.outputs);
    expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
    const charts = outputs.filter((o) => o.data?.["image/svg+xml"] !== undefined);
    expect(charts.length).toBe(3); // PnL, inventory, quotes and fills
    for (const o of charts) {
      expect(o.output_type).toBe("display_data");
      expect(o.data!["image/svg+xml"]).toMatch(/^<svg /);
      expect(o.data!["text/plain"]).toMatch(/^chart ".+": \d+×\d+ px/);
    }
    for (const o of outputs) {
      const text = [o.text ?? "", o.data?.["text/plain"] ?? "", o.data?.["text/html"] ?? ""].join("\n");
      expect(text, "SVG source printed as text").not.toContain("<svg");
    }
    expect(outputs.filter((o) => o.output_type === "execute_result")).toEqual([]);
  }, 900_000);
});
