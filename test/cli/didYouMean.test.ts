import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commandName, commandOptions, COMMANDS, errorText, loadCommand, type LoadedCommand, usageMessage } from "../../src/cli/program.ts";

/** A command, loaded as `mmlab <name> …` loads it. */
function loaded(name: string): Promise<LoadedCommand> {
  return loadCommand(COMMANDS.find((c) => commandName(c) === name)!);
}
import { configPaths, suggestConfigPath } from "../../src/config/paths.ts";
import { parseConfigValue } from "../../src/config/load.ts";
import { closestNames, didYouMean, editDistance } from "../../src/core/didYouMean.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { mmlab } from "../support/cli.ts";

describe("editDistance", () => {
  it("counts inserts, deletes, replacements, and a swap of neighbours as one", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("gamma", "gamma")).toBe(0);
    expect(editDistance("gama", "gamma")).toBe(1); // insert
    expect(editDistance("gammma", "gamma")).toBe(1); // delete
    expect(editDistance("gamna", "gamma")).toBe(1); // replace
    expect(editDistance("duratoin", "duration")).toBe(1); // swap
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
  });
});

describe("closestNames / didYouMean", () => {
  it("the nearest names within about a third of the word, nearest first; nothing for a known word or a far one", () => {
    expect(closestNames("backtst", ["backtest", "report", "grid"])).toEqual(["backtest"]);
    expect(closestNames("gama", ["gamma", "k", "A"])).toEqual(["gamma"]);
    expect(closestNames("gamma", ["gamma", "gama"])).toEqual([]);
    expect(closestNames("zzzzzz", ["gamma", "report"])).toEqual([]);
    expect(closestNames("STRESS", ["stress"])).toEqual(["stress"]); // case differs only
    expect(closestNames("ab", ["ac", "ad", "xyz"])).toEqual(["ac", "ad"]); // ties, alphabetically
  });

  it("one line of text, with the names shown as asked", () => {
    expect(didYouMean("duratoin", ["duration", "data"], (n) => `--${n}`)).toBe("did you mean --duration?");
    expect(didYouMean("ab", ["ac", "ad"])).toBe("did you mean ac or ad?");
    expect(didYouMean("nothing", ["close"])).toBe("");
  });
});

describe("config paths from the schema", () => {
  it("every section and field, the fields of each variant of a tagged union, strategy.params without children", () => {
    const paths = configPaths();
    for (const p of ["gamma", "risk", "risk.q_max", "risk.latency_guard.pause_above_ms", "horizon.tau_seconds", "horizon.session_seconds", "sim.latency.entry_median_ms", "sim.latency.path", "sim.queue.n", "fees.maker_bps", "strategy.params", "symbol.tick_size"]) {
      expect(paths).toContain(p);
    }
    expect(paths.some((p) => p.startsWith("strategy.params."))).toBe(false);
  });

  it("suggests siblings first, then a sibling the name begins, then the same name elsewhere; nothing under strategy.params", () => {
    expect(suggestConfigPath("gama")).toBe("did you mean gamma?");
    expect(suggestConfigPath("risk.qmax")).toBe("did you mean risk.q_max?");
    expect(suggestConfigPath("risk.q_maxx")).toBe("did you mean risk.q_max?");
    expect(suggestConfigPath("horizon.tau_second")).toBe("did you mean horizon.tau_seconds?");
    expect(suggestConfigPath("symbol.tick")).toBe("did you mean symbol.tick_size?");
    expect(suggestConfigPath("q_max")).toBe("did you mean risk.q_max?"); // at the wrong level
    expect(suggestConfigPath("strategy.params.half_spred_ticks")).toBe("");
    expect(suggestConfigPath("completely_unrelated")).toBe("");
    expect(suggestConfigPath("gamma")).toBe(""); // known
  });

  it("an unknown-field ConfigError carries the suggestion, also when told where it came from; other errors print as they are", () => {
    const thrown = (input: unknown): ConfigError => {
      try {
        parseConfigValue(input);
      } catch (e) {
        if (e instanceof ConfigError) return e;
      }
      throw new Error("no ConfigError");
    };
    expect(errorText(thrown({ gama: 0.3 }))).toBe("config: gama = 0.3: unknown field; did you mean gamma?");
    expect(errorText(thrown({ risk: { q_maxx: 2 } }).within("in c.json"))).toBe("config: risk.q_maxx = 2: unknown field (in c.json); did you mean risk.q_max?");
    expect(errorText(new ConfigError("gamma", -1, "must be > 0"))).toBe("config: gamma = -1: must be > 0");
  });
});

describe("usage errors", () => {
  it("an unknown command: the nearest command, else the list of commands", () => {
    expect(usageMessage("Unknown argument: backtst", ["backtst"])).toBe('unknown command "backtst"; did you mean backtest?');
    expect(usageMessage("Unknown arguments: only, stres", ["stres", "--only", "x"])).toBe('unknown command "stres"; did you mean stress?');
    expect(usageMessage("Unknown argument: frobnicate", ["frobnicate"])).toMatch(/^unknown command "frobnicate"; the commands: backtest, generate, .*runs$/);
  });

  it("an unknown option: the command's nearest options (--no- forms of booleans too), or those it begins", async () => {
    const [backtest, runs] = await Promise.all([loaded("backtest"), loaded("runs")]);
    expect(usageMessage("Unknown argument: duratoin", ["backtest", "--duratoin", "1m"], backtest)).toBe("backtest: unknown option --duratoin; did you mean --duration? (mmlab backtest --help lists its options)");
    expect(usageMessage("Unknown arguments: dry-rn, dryRn", ["runs", "clean", "--dry-rn"], runs)).toBe("runs: unknown option --dry-rn; did you mean --dry-run? (mmlab runs --help lists its options)");
    expect(usageMessage("Unknown argument: reprt", ["backtest", "--no-reprt"], backtest)).toMatch(/unknown option --no-reprt; did you mean --no-report\?/);
    expect(usageMessage("Unknown argument: older", ["runs", "--older", "2d"], runs)).toMatch(/unknown option --older; did you mean --older-than\?/);
    expect(usageMessage("Unknown argument: extra", ["backtest", "extra"], backtest)).toBe('backtest: unexpected argument "extra" (mmlab backtest --help lists its options)');
  });

  it("a value not among the choices: the nearest choice", () => {
    const message = 'Invalid values:\n  Argument: from, Given: "binanse", Choices: "binance", "binance-csv", "tardis"';
    expect(usageMessage(message, ["verify", "--from", "binanse", "x"])).toBe('Invalid values: Argument: from, Given: "binanse", Choices: "binance", "binance-csv", "tardis"; did you mean binance?');
  });

  it("every command's options are known by their declared names, positionals left out", async () => {
    const { names } = commandOptions(await loaded("verify"));
    expect(names).toEqual(expect.arrayContaining(["from", "symbol", "tick", "lot", "instruments", "products", "json"]));
    expect(names).not.toContain("inputs");
  });
});

describe("mmlab: did you mean", () => {
  const dir = mkdtempSync(join(tmpdir(), "mmlab-dym-"));

  it("for commands, options and config paths (--set and a config file), with exit codes 2 (usage) and 1 (config), no run folder", async () => {
    writeFileSync(join(dir, "typo.json"), JSON.stringify({ risk: { qmax: 2 } }));
    const [command, option, set, file] = await Promise.all([
      mmlab(["backtst", "--duration", "1m"], dir),
      mmlab(["backtest", "--duratoin", "1m"], dir),
      mmlab(["backtest", "--set", "gama=0.3", "--duration", "1m"], dir),
      mmlab(["backtest", "--config", "typo.json", "--duration", "1m"], dir),
    ]);
    expect(command.stderr).toBe('mmlab: unknown command "backtst"; did you mean backtest?\n');
    expect(command.code).toBe(2);
    expect(option.stderr).toBe("mmlab: backtest: unknown option --duratoin; did you mean --duration? (mmlab backtest --help lists its options)\n");
    expect(option.code).toBe(2);
    expect(set.stderr).toBe("mmlab: config: gama = 0.3: unknown field; did you mean gamma?\n");
    expect(set.code).toBe(1);
    expect(file.stderr).toMatch(/^mmlab: config: risk\.qmax = 2: unknown field \(in typo\.json\); did you mean risk\.q_max\?\n$/);
    expect(file.code).toBe(1);
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });
});
