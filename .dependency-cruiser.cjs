/**
 * The layers of src/ (docs/architecture.md), checked by `npm run lint:deps`.
 *
 * Each folder of src/ sits in one layer. A folder may import its own layer and the layers below it,
 * never a layer above; folders of one layer may import each other as long as no folder cycle forms
 * (rule no-folder-cycle). Every folder must be in a layer (rule folder-in-a-layer). src/cli.ts and src/index.ts are the top: they may import anything, and
 * nothing imports them.
 */

// dependency-cruiser reads TypeScript through swc here (TypeScript 7 has no compiler API for it):
// without @swc/core it would read no .ts file at all and report nothing wrong.
require.resolve("@swc/core");

/** Bottom to top; one comment per layer: what it holds and what it may import. */
const LAYERS = [
  // core: types, ticks/price maths, seeded RNG, errors, time, hashing. Imports nothing of mmlab.
  ["core"],
  // kpi: the KPI tracker, ledger, markouts and the targets with their pass rule (plain numbers in,
  // a report out). Imports core; the config names its rules (kpi.required), so it sits below config.
  ["kpi"],
  // config: the mm_config schema, loading, overrides, hot reload. Imports core, kpi.
  ["config"],
  // data: event schema, Arrow IPC, importers, exporters, synthetic generator, data sources;
  // book: L2/L3 books and OFI from book changes. Import core, config (and each other, without a cycle).
  ["data", "book"],
  // signals (mid, EWMA σ, OFI z), risk (guards, quote placement), strategy (Strategy API, V1, GLFT),
  // estimators (intensity and volatility estimators, online calibration), venue (the Venue interface).
  // Import the layers below.
  ["signals", "risk", "strategy", "estimators", "venue"],
  // engine: the trading loop (measure → decide → quote → update), order manager, recorder.
  ["engine"],
  // sim: the exchange simulator (latency, queues, matching, fees). Never the engine (rule sim-not-engine):
  // it drives a strategy through its StrategyHost interface.
  ["sim"],
  // runfolder: the run folder format, its writer and its reader.
  ["runfolder"],
  // assembly: wires config → engine + simulator + KPIs, and collects a run's results (runner and live use it).
  ["assembly"],
  // calibration (fits a market to data), research (studies, reports of them), report (run reports, charts).
  ["calibration", "research", "report"],
  // live: paper trading (exchange feed, PaperVenue, dashboard).
  ["live"],
  // runner: backtests, grid search, stress, validation, sim-to-real: the top floor below the CLI.
  ["runner"],
  // cli: the `mmlab` commands.
  ["cli"],
];

/** The files at the very top: they may import anything. */
const TOP_FILES = ["cli", "index"];

const anyOf = (names) => `(${names.join("|")})`;

/** The modules that belong to a layer, or are the top files. */
const LAYERED = `^src/(${anyOf(LAYERS.flat())}/|${anyOf(TOP_FILES)}\\.ts$)`;

const layerRules = LAYERS.slice(0, -1).map((folders, i) => {
  const above = LAYERS.slice(i + 1).flat();
  return {
    name: `layer-${folders.join("-")}`,
    comment: `src/${anyOf(folders)}/ may not import a higher layer: ${above.join(", ")}`,
    severity: "error",
    from: { path: `^src/${anyOf(folders)}/` },
    to: { path: `^src/${anyOf(above)}/` },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "sim-not-engine",
      comment: "the simulator knows a strategy only through sim/strategyHost.ts, never the engine itself",
      severity: "error",
      from: { path: "^src/sim/" },
      to: { path: "^src/engine/" },
    },
    {
      name: "no-folder-cycle",
      comment: "no cycle between folders, at any depth (src/a ↔ src/b, and src/a/x ↔ src/a/y alike)",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "folder-in-a-layer",
      comment: "a folder of src/ that is in no layer (add it to LAYERS) imports something",
      severity: "error",
      from: { path: "^src/", pathNot: LAYERED },
      to: {},
    },
    {
      name: "folder-in-a-layer-imported",
      comment: "a folder of src/ that is in no layer (add it to LAYERS) is imported",
      severity: "error",
      from: {},
      to: { path: "^src/", pathNot: LAYERED },
    },
    {
      name: "commands-on-demand",
      comment: "cli/program.ts loads a command's module only when that command runs (`mmlab --help` and each command start fast): by import(), never a static import",
      severity: "error",
      from: { path: "^src/cli/program\\.ts$" },
      to: { path: "^src/cli/commands/", dependencyTypesNot: ["dynamic-import"] },
    },
    {
      name: "top-files-not-imported",
      comment: "src/cli.ts and src/index.ts are entry points: nothing in src/ imports them",
      severity: "error",
      from: { path: "^src/" },
      to: { path: `^src/${anyOf(TOP_FILES)}\\.ts$` },
    },
  ],
  options: {
    parser: "swc",
    moduleSystems: ["es6"],
    doNotFollow: { path: "node_modules" },
    includeOnly: "^src/",
  },
};
