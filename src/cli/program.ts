import yargs, { type Argv } from "yargs";
import { didYouMean, suggestionText } from "../core/didYouMean.ts";
import { ConfigError, MmlabError } from "../core/errors.ts";
import { joinDashValues } from "./dashValues.ts";
import { UsageError } from "./usageError.ts";

/**
 * One `mmlab` subcommand: its yargs command string and one-line description, and its module,
 * loaded only when the command runs or its help is asked for: `mmlab --help` or a backtest loads
 * none of the other commands' code (reporting, importers, live trading), so that start-up stays short.
 */
export interface CommandSpec {
  command: string;
  describe: string;
  load(): Promise<CommandModule>;
}

/** What a command's module gives: its options (with examples) and what it runs. */
export interface CommandModule {
  builder: (y: Argv) => Argv<unknown>;
  run: (args: never) => Promise<number>;
}

/** A loaded command: its spec with its options and what it runs. */
export type LoadedCommand = Omit<CommandSpec, "load"> & CommandModule;

function lazy(command: string, describe: string, load: () => Promise<CommandModule>): CommandSpec {
  return { command, describe, load };
}

function command<A>(builder: (y: Argv) => Argv<A>, run: (args: A) => Promise<number>): CommandModule {
  return { builder: builder as (y: Argv) => Argv<unknown>, run: run as (args: never) => Promise<number> };
}

/** Loads a command's module. */
export async function loadCommand(c: CommandSpec): Promise<LoadedCommand> {
  const { builder, run } = await c.load();
  return { command: c.command, describe: c.describe, builder, run };
}

/** Every subcommand, in the order `mmlab --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  lazy("backtest", "backtest the V1 strategy on synthetic or recorded data", async () => {
    const m = await import("./commands/backtest.ts");
    return command(m.backtestOptions, m.backtestCommand);
  }),
  lazy("generate", "write a synthetic market to an event file (.arrow)", async () => {
    const m = await import("./commands/generate.ts");
    return command(m.generateOptions, m.generateCommand);
  }),
  lazy("convert <inputs..>", "convert market data (binance, binance-csv, tardis, lobster, hftbacktest, bybit, databento, coinbase, parquet; several inputs merged by time) to an event file", async () => {
    const m = await import("./commands/convert.ts");
    return command(m.convertOptions, m.convertCommand);
  }),
  lazy("verify <inputs..>", "check an event file, or a raw source with --from", async () => {
    const m = await import("./commands/verify.ts");
    return command(m.verifyOptions, m.verifyCommand);
  }),
  lazy("grid", "grid search over config parameters (worker threads, resumable, shardable, walk-forward)", async () => {
    const m = await import("./commands/grid.ts");
    return command(m.gridOptions, m.gridCommand);
  }),
  lazy("tune", "search a strategy's parameters: Latin-hypercube samples, successive halving, walk-forward folds, PBO and deflated Sharpe (tune.json, best-config.json, tune.html)", async () => {
    const m = await import("./commands/tune.ts");
    return command(m.tuneOptions, m.tuneCommand);
  }),
  lazy("merge <dirs..>", "join grid or tune shard folders into what a single run gives", async () => {
    const m = await import("./commands/merge.ts");
    return command(m.mergeOptions, m.mergeCommand);
  }),
  lazy("report <runDir>", "render (or re-render) the HTML, SVG and PNG report of a run folder", async () => {
    const m = await import("./commands/report.ts");
    return command(m.reportOptions, m.reportCommand);
  }),
  lazy("stress", "run the baseline and every stress scenario (scenario × KPI matrix, stress.json, stress.html)", async () => {
    const m = await import("./commands/stress.ts");
    return command(m.stressOptions, m.stressCommand);
  }),
  lazy("validate", "the 24 h backtest plus the stress suite: pass/fail, validate.html, exit code", async () => {
    const m = await import("./commands/validate.ts");
    return command(m.validateOptions, m.validateCommand);
  }),
  lazy("ofi-study", "regress the mid change on order-flow imbalance per bucket (Cont–Kukanov–Stoikov), overall and per window", async () => {
    const m = await import("./commands/ofiStudy.ts");
    return command(m.ofiStudyOptions, m.ofiStudyCommand);
  }),
  lazy("compare-markets <real> <synth>", "stylized facts and order-flow metrics (response, sign memory, maker markout) of two markets side by side, with verdicts (is the synthetic market realistic?)", async () => {
    const m = await import("./commands/compareMarkets.ts");
    return command(m.compareMarketsOptions, m.compareMarketsCommand);
  }),
  lazy("calibrate [data]", "calibrate λ(δ) = A·e^(−kδ) per side, σ and the OFI impact; calibration.json, a config to backtest with, and a report", async () => {
    const m = await import("./commands/calibrate.ts");
    return command(m.calibrateOptions, m.calibrateCommand);
  }),
  lazy("sim2real <data>", "fit the synthetic market to a real file, run the same config on both, and compare the KPIs (agreement per KPI)", async () => {
    const m = await import("./commands/sim2real.ts");
    return command(m.sim2realOptions, m.sim2realCommand);
  }),
  lazy("paper", "paper trading on live Binance market data: the backtest's engine, simulated fills, a replayable session file", async () => {
    const m = await import("./commands/paper.ts");
    return command(m.paperOptions, m.paperCommand);
  }),
  lazy("runs [action]", "list the run folders under runs/ (kind, time, size, verdict), or clean those older than --older-than", async () => {
    const m = await import("./commands/runs.ts");
    return command(m.runsOptions, m.runsCommand);
  }),
];

/** A command's name: the first word of its command string. */
export function commandName(c: { command: string }): string {
  return c.command.split(" ")[0];
}

// Its own file, so that commands can throw it without importing this list of them.
export { UsageError } from "./usageError.ts";

/** Parses `argv` and runs the command it names; resolves to the exit code. Usage errors reject with a UsageError. */
export async function runCli(argv: string[]): Promise<number> {
  const named = COMMANDS.find((c) => commandName(c) === argv.find((t) => !t.startsWith("-")));
  const selected = named === undefined ? undefined : await loadCommand(named);
  let exitCode = 0;
  let parser = yargs(joinDashValues(argv, valueOptionOf(selected))).scriptName("mmlab");
  for (const c of COMMANDS) {
    if (c === named) {
      parser = parser.command(c.command, c.describe, selected!.builder, async (a) => {
        exitCode = await selected!.run(a as never);
      });
    } else {
      // not loaded: yargs takes a command from the first word, as `named` is found
      parser = parser.command(c.command, c.describe, (y) => y, () => {
        throw new UsageError(`name the command first: mmlab ${commandName(c)} [options]`);
      });
    }
  }
  skipHelpCache(parser);
  await parser
    .example("$0 backtest --duration 1h", "an hour of the default synthetic market: KPI table and run folder")
    .example("$0 <command> --help", "a command's options, with examples")
    .demandCommand(1, "name a command (see --help)")
    .strict()
    .fail((message, error) => {
      throw error ?? new UsageError(usageMessage(message, argv, selected));
    })
    .help()
    .parseAsync();
  return exitCode;
}

/**
 * yargs renders a command's whole help text just as it starts the command, to keep for a failure
 * later (its usage instance's cacheHelpMessage): 30–60 ms of measuring and wrapping text before the
 * first step of a backtest. A failure here prints one line, never that help, so nothing is kept.
 */
function skipHelpCache(parser: Argv): void {
  type Internals = { getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?: () => void } } };
  const usage = (parser as unknown as Internals).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === "function") usage.cacheHelpMessage = () => {};
}

/** Whether an option of the command (a name yargs would know, not a boolean flag) takes a value. */
function valueOptionOf(command: LoadedCommand | undefined): (name: string) => boolean {
  if (command === undefined) return () => false;
  const { names, booleans } = commandOptions(command);
  const values = new Set(names.filter((n) => !booleans.includes(n)));
  return (name) => values.has(name.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`));
}

/** The options of a command (their long names, without positionals), and which are boolean. */
export function commandOptions(c: LoadedCommand): { names: string[]; booleans: string[] } {
  // getOptions() is yargs' own (its types leave it out): the keys and the boolean ones declared so far
  const o = (c.builder(yargs([])) as unknown as { getOptions(): { key: Record<string, unknown>; boolean: string[] } }).getOptions();
  const positionals = new Set([...c.command.matchAll(/[<[]([^\]>.]+)(?:\.\.)?[\]>]/g)].map((m) => m[1]));
  const names = Object.keys(o.key).filter((k) => !positionals.has(k));
  return { names, booleans: o.boolean.filter((k) => names.includes(k)) };
}

/**
 * A yargs failure as one line, with "did you mean" where a name was mistyped: an unknown command
 * (among the commands), an unknown option (among the command's options), a value not among an
 * option's choices.
 */
export function usageMessage(message: string, argv: readonly string[], command?: LoadedCommand): string {
  // some of yargs' messages span lines ("Invalid values:\n  Argument: …"); an error is one line
  const flat = message.replace(/\s*\n\s*/g, " ").trim();
  const unknown = /^Unknown arguments?: (.*)$/.exec(flat);
  if (unknown) return unknownArguments(unknown[1].split(", "), argv, command) ?? flat;
  const choice = /^Invalid values: Argument: (\S+), Given: "(.*)", Choices: (.*)$/.exec(flat);
  if (choice) {
    const hint = didYouMean(choice[2], [...choice[3].matchAll(/"([^"]*)"/g)].map((m) => m[1]));
    return hint === "" ? flat : `${flat}; ${hint}`;
  }
  return flat;
}

/** "unknown command "backtst"; did you mean backtest?" or "backtest: unknown option --duratoin; did you mean --duration?". */
function unknownArguments(reported: readonly string[], argv: readonly string[], command: LoadedCommand | undefined): string | undefined {
  // yargs names an unknown --dry-rn twice: dry-rn and dryRn
  const kebab = (n: string) => n.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
  const names = reported.filter((n) => kebab(n) === n || !reported.includes(kebab(n)));
  const first = argv.find((t) => !t.startsWith("-"));
  if (command === undefined || commandName(command) !== first) {
    if (first === undefined || !names.includes(first)) return undefined;
    const hint = didYouMean(first, COMMANDS.map(commandName));
    return `unknown command "${first}"; ${hint || `the commands: ${COMMANDS.map(commandName).join(", ")}`}`;
  }
  const { names: options, booleans } = commandOptions(command);
  const known = [...options, ...booleans.map((b) => `no-${b}`)];
  const isFlag = (name: string) => argv.some((t) => t === `--${name}` || t.startsWith(`--${name}=`) || (name.length === 1 && /^-[^-]/.test(t) && t.includes(name)));
  const parts = names.map((reportedName) => {
    // --no-reprt is reported as "reprt"
    const name = !isFlag(reportedName) && isFlag(`no-${reportedName}`) ? `no-${reportedName}` : reportedName;
    if (!isFlag(name)) return `unexpected argument "${name}"`;
    const dashes = name.length === 1 ? "-" : "--";
    // a near name, else the options the typed name begins (--older → --older-than)
    const hint = didYouMean(name, known, (n) => `--${n}`) || (name.length >= 3 ? suggestionText(known.filter((k) => k.startsWith(name)).map((k) => `--${k}`)) : "");
    return `unknown option ${dashes}${name}${hint ? `; ${hint}` : ""}`;
  });
  return `${commandName(command)}: ${parts.join("; ")} (mmlab ${commandName(command)} --help lists its options)`;
}

/** What `mmlab` prints for an error the user can act on: its message, with a "did you mean" for an unknown config field. */
export function errorText(error: MmlabError): string {
  return error instanceof ConfigError && error.hint !== "" ? `${error.message}; ${error.hint}` : error.message;
}
