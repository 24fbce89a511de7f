import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yargs from "yargs";
import { describe, expect, it } from "vitest";
import { commandName, COMMANDS, type CommandSpec, loadCommand } from "../../src/cli/program.ts";
import { mmlab } from "../support/cli.ts";

/** `mmlab <command> --help` as yargs prints it, in this process. */
async function helpOf(c: CommandSpec): Promise<string> {
  const { builder } = await loadCommand(c);
  return new Promise((resolve, reject) => {
    void yargs()
      .scriptName("mmlab")
      .exitProcess(false)
      .command(c.command, c.describe, builder, () => {})
      .help()
      .parse([commandName(c), "--help"], {}, (error: Error | undefined, _argv: unknown, output: string) => (error ? reject(error) : resolve(output)));
  });
}

/** The option lines of a help text: "  --tick   description   [number]" (wrapped lines joined). */
function optionLine(help: string, option: string): string {
  const lines = help.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^\\s+${option}\\b`).test(l));
  if (start < 0) return "";
  const end = lines.findIndex((l, i) => i > start && /^\s+--/.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join(" ");
}

describe("--help", () => {
  it("lists every command, and each command's help has examples of its own", async () => {
    expect(COMMANDS.map(commandName)).toEqual(["backtest", "generate", "convert", "verify", "grid", "tune", "merge", "report", "stress", "validate", "ofi-study", "compare-markets", "calibrate", "sim2real", "paper", "runs"]);
    for (const c of COMMANDS) {
      const help = await helpOf(c);
      const examples = help.split("\nExamples:\n")[1];
      expect(examples, `mmlab ${commandName(c)} --help`).toBeDefined();
      // each example runs this command
      expect(examples.match(new RegExp(`^\\s+mmlab ${commandName(c)}\\b`, "gm"))?.length ?? 0, commandName(c)).toBeGreaterThanOrEqual(1);
    }
  });

  it("every option has a description (verify's --symbol, --tick, --lot among them)", async () => {
    for (const c of COMMANDS) {
      const help = await helpOf(c);
      for (const line of help.split("\n").filter((l) => /^\s+--[\w-]+/.test(l))) {
        const option = /^\s+(--[\w-]+)/.exec(line)![1];
        // a line with only the name and its type means no description
        expect(optionLine(help, option).replace(/\[[^\]]*\]/g, "").replace(/,?\s*--[\w-]+/g, "").trim(), `mmlab ${commandName(c)} ${option}`).not.toBe("");
      }
    }
    const verify = await helpOf(COMMANDS.find((c) => commandName(c) === "verify")!);
    expect(optionLine(verify, "--tick")).toMatch(/tick size/);
    expect(optionLine(verify, "--lot")).toMatch(/lot size/);
    expect(optionLine(verify, "--symbol")).toMatch(/symbol to check/);
  });

  it("mmlab stress --help and mmlab --help print examples", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-help-"));
    const [stress, top] = await Promise.all([mmlab(["stress", "--help"], dir), mmlab(["--help"], dir)]);
    expect(stress.code).toBe(0);
    expect(stress.stdout).toMatch(/^Examples:\n\s+mmlab stress --duration 1h/m);
    expect(top.stdout).toMatch(/^Examples:\n\s+mmlab backtest --duration 1h/m);
    expect(top.stdout).toMatch(/mmlab runs \[action\]/);
  });
});
