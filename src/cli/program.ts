import yargs, { type Argv } from "yargs";
import { suggestConfigPath } from "../config/paths.ts";
import { didYouMean, suggestionText } from "../core/didYouMean.ts";
import { ConfigError, MmlabError } from "../core/errors.ts";
import { joinDashValues } from "./dashValues.ts";
import { UsageError } from "./usageError.ts";
import { backtestCommand, backtestOptions, type BacktestArgs } from "./commands/backtest.ts";
import { calibrateCommand, calibrateOptions, type CalibrateArgs } from "./commands/calibrate.ts";
import { compareMarketsCommand, compareMarketsOptions, type CompareMarketsArgs } from "./commands/compareMarkets.ts";
import { convertCommand, convertOptions, type ConvertArgs } from "./commands/convert.ts";
import { generateCommand, generateOptions, type GenerateArgs } from "./commands/generate.ts";
import { gridCommand, gridOptions, type GridArgs } from "./commands/grid.ts";
import { mergeCommand, mergeOptions, type MergeArgs } from "./commands/merge.ts";
import { ofiStudyCommand, ofiStudyOptions, type OfiStudyArgs } from "./commands/ofiStudy.ts";
import { paperCommand, paperOptions, type PaperArgs } from "./commands/paper.ts";
import { reportCommand, reportOptions, type ReportArgs } from "./commands/report.ts";
import { runsCommand, runsOptions, type RunsArgs } from "./commands/runs.ts";
import { sim2realCommand, sim2realOptions, type Sim2RealArgs } from "./commands/sim2real.ts";
import { stressCommand, stressOptions, type StressArgs } from "./commands/stress.ts";
import { validateCommand, validateOptions, type ValidateArgs } from "./commands/validate.ts";
import { verifyCommand, verifyOptions, type VerifyArgs } from "./commands/verify.ts";

/** One `mmlab` subcommand: its yargs command string, one-line description, options (with examples) and what it runs. */
export interface CommandSpec {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<unknown>;
  run: (args: never) => Promise<number>;
}

function spec<A>(command: string, describe: string, builder: (y: Argv) => Argv<A>, run: (args: A) => Promise<number>): CommandSpec {
  return { command, describe, builder: builder as (y: Argv) => Argv<unknown>, run: run as (args: never) => Promise<number> };
}

/** Every subcommand, in the order `mmlab --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  spec<BacktestArgs>("backtest", "backtest the V1 strategy on synthetic or recorded data", backtestOptions, backtestCommand),
  spec<GenerateArgs>("generate", "write a synthetic market to an event file (.arrow)", generateOptions, generateCommand),
  spec<ConvertArgs>("convert <inputs..>", "convert market data (binance, binance-csv, tardis, lobster, hftbacktest, bybit, databento, coinbase, parquet; several inputs merged by time) to an event file", convertOptions, convertCommand),
  spec<VerifyArgs>("verify <inputs..>", "check an event file, or a raw source with --from", verifyOptions, verifyCommand),
  spec<GridArgs>("grid", "grid search over config parameters (worker threads, resumable, shardable, walk-forward)", gridOptions, gridCommand),
  spec<MergeArgs>("merge <dirs..>", "join grid shard folders into the table a single run gives", mergeOptions, mergeCommand),
  spec<ReportArgs>("report <runDir>", "render (or re-render) the HTML, SVG and PNG report of a run folder", reportOptions, reportCommand),
  spec<StressArgs>("stress", "run the baseline and every stress scenario (scenario × KPI matrix, stress.json, stress.html)", stressOptions, stressCommand),
  spec<ValidateArgs>("validate", "the 24 h backtest plus the stress suite: pass/fail, validate.html, exit code", validateOptions, validateCommand),
  spec<OfiStudyArgs>("ofi-study", "regress the mid change on order-flow imbalance per bucket (Cont–Kukanov–Stoikov), overall and per window", ofiStudyOptions, ofiStudyCommand),
  spec<CompareMarketsArgs>("compare-markets <real> <synth>", "stylized facts and order-flow metrics (response, sign memory, maker markout) of two markets side by side, with verdicts (is the synthetic market realistic?)", compareMarketsOptions, compareMarketsCommand),
  spec<CalibrateArgs>("calibrate [data]", "calibrate λ(δ) = A·e^(−kδ) per side, σ and the OFI impact; calibration.json, a config to backtest with, and a report", calibrateOptions, calibrateCommand),
  spec<Sim2RealArgs>("sim2real <data>", "fit the synthetic market to a real file, run the same config on both, and compare the KPIs (agreement per KPI)", sim2realOptions, sim2realCommand),
  spec<PaperArgs>("paper", "paper trading on live Binance market data: the backtest's engine, simulated fills, a replayable session file", paperOptions, paperCommand),
  spec<RunsArgs>("runs [action]", "list the run folders under runs/ (kind, time, size, verdict), or clean those older than --older-than", runsOptions, (a) => runsCommand(a)),
];

/** A command's name: the first word of its command string. */
export function commandName(c: CommandSpec): string {
  return c.command.split(" ")[0];
}

// Its own file, so that commands can throw it without importing this list of them.
export { UsageError } from "./usageError.ts";

/** Parses `argv` and runs the command it names; resolves to the exit code. Usage errors reject with a UsageError. */
export async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  let parser = yargs(joinDashValues(argv, valueOptionOf(argv))).scriptName("mmlab");
  for (const c of COMMANDS) {
    parser = parser.command(c.command, c.describe, c.builder, async (a) => {
      exitCode = await c.run(a as never);
    });
  }
  await parser
    .example("$0 backtest --duration 1h", "an hour of the default synthetic market: KPI table and run folder")
    .example("$0 <command> --help", "a command's options, with examples")
    .demandCommand(1, "name a command (see --help)")
    .strict()
    .fail((message, error) => {
      throw error ?? new UsageError(usageMessage(message, argv));
    })
    .help()
    .parseAsync();
  return exitCode;
}

/** Whether an option of the command `argv` names takes a value (a name yargs would know, not a boolean flag). */
function valueOptionOf(argv: readonly string[]): (name: string) => boolean {
  const command = COMMANDS.find((c) => commandName(c) === argv.find((t) => !t.startsWith("-")));
  if (command === undefined) return () => false;
  const { names, booleans } = commandOptions(command);
  const values = new Set(names.filter((n) => !booleans.includes(n)));
  return (name) => values.has(name.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`));
}

/** The options of a command (their long names, without positionals), and which are boolean. */
export function commandOptions(c: CommandSpec): { names: string[]; booleans: string[] } {
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
export function usageMessage(message: string, argv: readonly string[]): string {
  // some of yargs' messages span lines ("Invalid values:\n  Argument: …"); an error is one line
  const flat = message.replace(/\s*\n\s*/g, " ").trim();
  const unknown = /^Unknown arguments?: (.*)$/.exec(flat);
  if (unknown) return unknownArguments(unknown[1].split(", "), argv) ?? flat;
  const choice = /^Invalid values: Argument: (\S+), Given: "(.*)", Choices: (.*)$/.exec(flat);
  if (choice) {
    const hint = didYouMean(choice[2], [...choice[3].matchAll(/"([^"]*)"/g)].map((m) => m[1]));
    return hint === "" ? flat : `${flat}; ${hint}`;
  }
  return flat;
}

/** "unknown command "backtst"; did you mean backtest?" or "backtest: unknown option --duratoin; did you mean --duration?". */
function unknownArguments(reported: readonly string[], argv: readonly string[]): string | undefined {
  // yargs names an unknown --dry-rn twice: dry-rn and dryRn
  const kebab = (n: string) => n.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
  const names = reported.filter((n) => kebab(n) === n || !reported.includes(kebab(n)));
  const first = argv.find((t) => !t.startsWith("-"));
  const command = COMMANDS.find((c) => commandName(c) === first);
  if (command === undefined) {
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
  if (error instanceof ConfigError && error.rule.startsWith("unknown field")) {
    const hint = suggestConfigPath(error.field);
    if (hint !== "") return `${error.message}; ${hint}`;
  }
  return error.message;
}
