import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig, parseConfigValue } from "../../src/config/load.ts";
import { configPaths } from "../../src/config/paths.ts";
import { MODEL_VARIANTS } from "../../src/runner/compareModels.ts";
import { STRESS_SCENARIOS } from "../../src/runner/stress/registry.ts";

/**
 * The bounds must not refuse a config the repo shows or uses: the `--set`/`--param` command lines
 * (a tune's ranges by both ends) of the docs, notebooks, experiments, bench and help texts, the override lists written in code,
 * the JSON configs of the docs, the stress scenarios and the model comparison. Tests are left out:
 * they write invalid configs on purpose (and parse their own valid ones when they run).
 */
const ROOT = join(import.meta.dirname, "../..");
const SOURCES = ["README.md", "docs", "notebooks", "experiments", "bench", "scripts", "src"];
/** Generated output, not written by hand (and hidden folders such as notebooks/.run). */
const SKIPPED_DIRS = new Set(["out", "node_modules"]);

/** Every text file under the sources that can show a config. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) if (!SKIPPED_DIRS.has(name) && !name.startsWith(".")) walk(join(path, name));
    } else if (/\.(md|ts|ipynb)$/.test(path)) files.push(path);
  };
  for (const source of SOURCES) walk(join(ROOT, source));
  return files;
}

const known = new Set(configPaths());
/** A real config path (not a placeholder such as `path` or `name`). */
const isConfigPath = (path: string): boolean => known.has(path) || path.startsWith("strategy.params.");

/** One config the repo shows: where, and the overrides that make it. */
interface Shown {
  where: string;
  sets: string[];
}

/** The configs of each command line: its `--set`s, with each value of each `--param` in turn. */
function commandLines(file: string, text: string): Shown[] {
  const shown: Shown[] = [];
  text.split("\n").forEach((line, i) => {
    const where = `${relative(ROOT, file)}:${i + 1}`;
    const options = [...line.matchAll(/--(set|param)[ =]+([A-Za-z_][\w.]*)=([^\s`"'\\)]+)/g)].filter((m) => isConfigPath(m[2]) && !m[3].includes("${"));
    const sets = options.filter((m) => m[1] === "set").map((m) => `${m[2]}=${m[3]}`);
    const params = options.filter((m) => m[1] === "param");
    if (params.length === 0 && sets.length > 0) shown.push({ where, sets });
    for (const p of params) for (const value of paramValues(p[3])) shown.push({ where, sets: [...sets, `${p[2]}=${value}`] });
  });
  return shown;
}

/** The values a `--param` names: a grid's list (v1,v2,…), or both ends of a tune's range ([log:|int:]min..max). */
function paramValues(text: string): string[] {
  const range = /^(?:(?:log|int):)?([^.]\S*?)\.\.(\S+)$/.exec(text);
  return range ? [range[1], range[2]] : text.split(",");
}

/** Override lists written in code (`["gamma=0.5", "orders.requote_threshold_ticks=100", …]`): their leading run of plain strings. */
function overrideLists(file: string, text: string): Shown[] {
  const shown: Shown[] = [];
  for (const m of text.matchAll(/\[\s*((?:"[^"\n$]*"\s*,\s*)*"[^"\n$]*")/g)) {
    const strings = [...m[1].matchAll(/"([^"]*)"/g)].map((s) => s[1]);
    if (!strings.every((s) => /^[A-Za-z_][\w.]*=/.test(s) && isConfigPath(s.slice(0, s.indexOf("="))))) continue;
    const line = text.slice(0, m.index).split("\n").length;
    // a tune's ranges (name=min..max) are checked by both ends: the list with every range at its minimum, then at its maximum
    for (const end of [0, 1]) {
      const sets = strings.map((s) => {
        const eq = s.indexOf("=");
        const values = paramValues(s.slice(eq + 1));
        return values.length === 2 && /\.\./.test(s) ? `${s.slice(0, eq)}=${values[end]}` : s;
      });
      shown.push({ where: `${relative(ROOT, file)}:${line}`, sets });
    }
  }
  return shown;
}

/** JSON code blocks of the docs whose top-level keys are all config sections. */
function jsonConfigs(file: string, text: string): { where: string; config: unknown }[] {
  const sections = new Set(configPaths().filter((p) => !p.includes(".")));
  const found: { where: string; config: unknown }[] = [];
  for (const m of text.matchAll(/```json\n([\s\S]*?)```/g)) {
    const config: unknown = JSON.parse(m[1]);
    if (config !== null && typeof config === "object" && Object.keys(config).every((k) => sections.has(k))) {
      found.push({ where: `${relative(ROOT, file)}:${text.slice(0, m.index).split("\n").length}`, config });
    }
  }
  return found;
}

const files = sourceFiles().map((file) => ({ file, text: readFileSync(file, "utf8") }));
const lines = files.flatMap(({ file, text }) => commandLines(file, text));
const lists = files.flatMap(({ file, text }) => overrideLists(file, text));
const blocks = files.filter(({ file }) => file.endsWith(".md")).flatMap(({ file, text }) => jsonConfigs(file, text));

/** The ConfigError message of each config that does not parse, with where it is shown. */
function refusals(shown: readonly Shown[]): string[] {
  const refused: string[] = [];
  for (const s of shown) {
    try {
      parseConfig({}, s.sets);
    } catch (e) {
      refused.push(`${s.where} ${s.sets.join(" ")}: ${(e as Error).message}`);
    }
  }
  return refused;
}

describe("every config the repo shows still parses under the bounds", () => {
  it("finds the command lines, override lists and JSON configs it checks (so a broken scan fails)", () => {
    expect(lines.length).toBeGreaterThanOrEqual(30);
    expect(lines.some((l) => l.where.startsWith("README.md") && l.sets.includes("sim.queue.n=2"))).toBe(true);
    expect(lists.some((l) => l.where.startsWith("experiments/quickstart.ts") && l.sets.includes("orders.requote_threshold_ticks=100"))).toBe(true);
    expect(lists.some((l) => l.where.startsWith("bench/runCase.ts"))).toBe(true);
    expect(blocks.some((b) => b.where.startsWith("README.md"))).toBe(true);
  });

  it("the --set and --param command lines of the docs, notebooks, experiments, bench and help texts", () => {
    expect(refusals(lines)).toEqual([]);
  });

  it("the override lists written in code", () => {
    expect(refusals(lists)).toEqual([]);
  });

  it("the JSON configs of the docs", () => {
    for (const b of blocks) expect(() => parseConfigValue(b.config), b.where).not.toThrow();
  });

  it("every stress scenario's overrides, and every model comparison variant's", () => {
    const scenarios = Object.values(STRESS_SCENARIOS).map((s) => ({ where: `stress ${s.name}`, sets: s.configOverrides }));
    const variants = MODEL_VARIANTS.map((v) => ({ where: `compare-models ${v.name}`, sets: v.overrides }));
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
    expect(refusals([...scenarios, ...variants])).toEqual([]);
  });

  it("a config beyond a bound is caught by the same check (the check can fail)", () => {
    expect(refusals([{ where: "here", sets: ["loop.interval_ms=1e-9"] }])).toHaveLength(1);
  });
});
