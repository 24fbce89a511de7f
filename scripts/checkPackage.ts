/**
 * Checks the package a user installs (CI runs it: `npm run check:package`):
 *   npm pack (prepack builds dist/) → the tarball holds dist/, bin/, docs, README and nothing of
 *   test/, bench/, experiments/, src/ → installed in a fresh project → a 10-line consumer passes
 *   strict `tsc` and runs under plain `node` → the `mmlab` command runs from the install, also
 *   with a TypeScript strategy of the project's own.
 * Uses the network only as `npm ci` does (the npm registry, preferring the local cache).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const repo = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
const work = mkdtempSync(join(tmpdir(), "mmlab-package-"));
const run = (cmd: string, args: string[], cwd: string): string => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
const fail = (message: string): never => {
  process.stderr.write(`check:package: ${message}\n`);
  process.exit(1);
};

try {
  // 1. Pack (prepack runs the build) and look at what the tarball holds.
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], root)) as { filename: string; files: { path: string }[] }[];
  const paths = packed.files.map((f) => f.path);
  for (const needed of ["dist/index.js", "dist/index.d.ts", "dist/cli.js", "dist/runner/grid/worker.js", "dist/bundle/cli.js", "dist/bundle/worker.js", "dist/bundle/suiteWorker.js", "dist/bundle/syntheticAheadWorker.js", "dist/data/sources/syntheticAheadWorker.js", "bin/mmlab.js", "README.md", "docs/strategies.md"]) {
    if (!paths.includes(needed)) fail(`the tarball lacks ${needed}`);
  }
  const stray = paths.filter((p) => /^(src|test|bench|experiments|notebooks|scripts)\//.test(p));
  if (stray.length > 0) fail(`the tarball ships ${stray.length} files it should not, e.g. ${stray.slice(0, 3).join(", ")}`);
  console.log(`packed ${packed.filename}: ${paths.length} files, no sources, tests, benches or experiments`);

  // 2. A fresh project installs it (no overrides reach a consumer: the dependencies must resolve as they are).
  const project = join(work, "consumer");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, packed.filename), `typescript@${repo.devDependencies.typescript}`, `@types/node@${repo.devDependencies["@types/node"]}`], project);

  // 3. A 10-line consumer: strict type check, then plain node.
  writeFileSync(
    join(project, "consumer.ts"),
    `import { defineConfig, defineStrategy, NS_PER_S, parseConfig, rootRng, runBacktest, syntheticData, z } from "mmlab";
const strategy = defineStrategy({
  name: "consumer",
  params: z.strictObject({ half_spread_ticks: z.number().positive().default(40) }),
  create: ({ params }) => ({ onStep: (_view, quotes) => void (quotes.bidOffsetTicks = quotes.askOffsetTicks = params.half_spread_ticks) }),
});
const config = parseConfig(defineConfig({ risk: { q_max: 0.2 }, strategy: { params: { half_spread_ticks: 30 } } }));
const rng = rootRng(1);
const result = await runBacktest({ config, data: syntheticData("default", rng, { durationNs: 600 * NS_PER_S }), rng, strategy });
// the market generated ahead in a worker thread (dist/data/sources/syntheticAheadWorker.js): the same run
const ahead = await runBacktest({ config, data: syntheticData("default", rng, { durationNs: 600 * NS_PER_S, ahead: true }), rng, strategy });
console.log(JSON.stringify({ fills: result.kpis.fills, resultsHash: result.resultsHash, aheadHash: ahead.resultsHash }));
`,
  );
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", types: ["node"], outDir: "out", skipLibCheck: false }, files: ["consumer.ts"] }));
  run("npx", ["tsc", "-p", "."], project);
  const out = JSON.parse(run("node", ["out/consumer.js"], project)) as { fills: number; resultsHash: string; aheadHash: string };
  if (!(out.fills > 0) || !/^[0-9a-f]{64}$/.test(out.resultsHash) || out.aheadHash !== out.resultsHash) fail(`the consumer ran but printed ${JSON.stringify(out)}`);
  console.log(`consumer: strict tsc passed; node ran it: ${out.fills} fills, results ${out.resultsHash.slice(0, 16)}`);

  // 4. The command from the install: help, and a backtest with a TypeScript strategy of the project's.
  if (!run("npx", ["mmlab", "--help"], project).includes("backtest")) fail("`npx mmlab --help` does not list the commands");
  writeFileSync(join(project, "mine.ts"), `import { defineStrategy, z } from "mmlab";
export default defineStrategy({ name: "mine", params: z.object({}), create: () => ({ onStep: (_v, q) => void (q.bidOffsetTicks = q.askOffsetTicks = 25) }) });
`);
  const kpis = JSON.parse(run("npx", ["mmlab", "backtest", "--strategy", "mine.ts", "--duration", "10m", "--json", "--no-report", "--out", "run"], project)) as { fills: number };
  if (!(kpis.fills > 0)) fail(`mmlab backtest --strategy mine.ts made no fill: ${JSON.stringify(kpis)}`);
  // worker threads start from the installed bundle (dist/bundle/worker.js) with the project's strategy
  run("npx", ["mmlab", "grid", "--strategy", "mine.ts", "--param", "risk.q_max=0.5,1", "--duration", "5m", "--workers", "2", "--no-report", "--out", "grid"], project);
  const points = readFileSync(join(project, "grid", "results.csv"), "utf8").trim().split("\n").length - 1;
  if (points !== 2) fail(`mmlab grid from the install wrote ${points} points, not 2`);
  console.log(`mmlab from the install: --help, backtest --strategy mine.ts (${kpis.fills} fills), a 2-point grid on 2 workers`);
  console.log("check:package passed");
} finally {
  rmSync(work, { recursive: true, force: true });
}
