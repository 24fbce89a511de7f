import type { Argv } from "yargs";
import { MmlabError } from "../../core/errors.ts";
import { NS_PER_MS, parseDurationNs } from "../../core/time.ts";
import { listRuns, removeRun, RUN_KINDS, runsOlderThan, type RunEntry, type RunKind } from "../../runfolder/listRuns.ts";

export interface RunsArgs {
  action: "list" | "clean";
  dir: string;
  olderThan?: string;
  kind?: RunKind;
  dryRun: boolean;
  json: boolean;
}

/** Declares `runs [action]`: list (the default) or clean. */
export function runsOptions(y: Argv): Argv<RunsArgs> {
  return y
    .example("$0 runs", "every run folder under runs/: kind, name, when, size, verdict")
    .example("$0 runs clean --older-than 7d --dry-run", "what clean would delete: run folders last written over a week ago")
    .example("$0 runs clean --older-than 2d --kind backtest", "delete backtest folders older than two days")
    .positional("action", { type: "string", choices: ["list", "clean"], default: "list", describe: "list the run folders, or clean: delete those older than --older-than" })
    .option("dir", { type: "string", default: "runs", describe: "the folder of runs" })
    .option("older-than", { type: "string", describe: "only runs last written longer ago than this: 7d, 12h, 30m (clean needs it)" })
    .option("kind", { type: "string", choices: [...RUN_KINDS], describe: "only runs of this kind" })
    .option("dry-run", { type: "boolean", default: false, describe: "clean: say what would be deleted, delete nothing" })
    .option("json", { type: "boolean", default: false, describe: "print the runs as JSON" }) as unknown as Argv<RunsArgs>;
}

/**
 * Runs `mmlab runs`: lists the folders mmlab wrote under runs/ (kind, name, time, size, verdict),
 * or deletes those older than --older-than. Only folders recognised by the files their command
 * writes are listed or deleted; anything else in the folder, and runs still being written, are left alone.
 */
export async function runsCommand(args: RunsArgs, nowMs = Date.now()): Promise<number> {
  if (args.action === "clean" && args.olderThan === undefined) throw new MmlabError("runs clean: say which with --older-than (e.g. 7d); --dry-run shows what it would delete");
  const ageMs = args.olderThan === undefined ? undefined : parseDurationNs(args.olderThan) / NS_PER_MS;
  const listing = listRuns(args.dir);
  let runs = args.kind === undefined ? listing.runs : listing.runs.filter((r) => r.kind === args.kind);
  if (ageMs !== undefined) runs = runsOlderThan(runs, ageMs, nowMs);
  const out = process.stdout;

  if (args.action === "list") {
    if (args.json) {
      out.write(JSON.stringify({ runs: runs.map(runJson), others: listing.others, unfinished: listing.unfinished }, null, 2) + "\n");
      return 0;
    }
    if (runs.length > 0) out.write(formatRunTable(runs) + "\n");
    out.write(`${countText(runs.length, "run folder")}${runs.length > 0 ? `, ${sizeText(total(runs))}` : ""} in ${args.dir}${filterText(args)}${leftAloneText(listing.others, listing.unfinished)}\n`);
    return 0;
  }

  for (const run of runs) {
    if (!args.dryRun) removeRun(run);
    if (!args.json) out.write(`${args.dryRun ? "would remove" : "removed"} ${run.path} (${run.kind}, ${sizeText(run.bytes)}, last written ${timeText(run.timeMs)})\n`);
  }
  const kept = listing.runs.length - runs.length;
  if (args.json) out.write(JSON.stringify({ dryRun: args.dryRun, removed: runs.map(runJson), kept }, null, 2) + "\n");
  else out.write(`${args.dryRun ? "would remove" : "removed"} ${countText(runs.length, "run folder")}${filterText(args)}, ${sizeText(total(runs))}; ${kept} kept${leftAloneText(listing.others, listing.unfinished)}\n`);
  return 0;
}

function runJson(r: RunEntry): Record<string, unknown> {
  return { path: r.path, name: r.name, kind: r.kind, lastWritten: new Date(r.timeMs).toISOString(), bytes: r.bytes, verdict: r.verdict };
}

/** The listing as a table: kind, name, last written (UTC), size, verdict. */
export function formatRunTable(runs: readonly RunEntry[]): string {
  const header = ["kind", "name", "last written (UTC)", "size", "verdict"];
  const rows = runs.map((r) => [r.kind, r.name, timeText(r.timeMs), sizeText(r.bytes), r.verdict]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

function total(runs: readonly RunEntry[]): number {
  return runs.reduce((sum, r) => sum + r.bytes, 0);
}

/** "2024-05-01 12:34" (UTC). */
function timeText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** "12.3 MB", "850 kB", "120 B" (powers of 1000). */
export function sizeText(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = bytes / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) [v, u] = [v / 1000, u + 1];
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[u]}`;
}

function countText(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function filterText(args: RunsArgs): string {
  return `${args.kind !== undefined ? ` of kind ${args.kind}` : ""}${args.olderThan !== undefined ? ` older than ${args.olderThan}` : ""}`;
}

function leftAloneText(others: readonly string[], unfinished: readonly string[]): string {
  const parts = [
    ...(others.length > 0 ? [`${countText(others.length, "other entry").replace("entrys", "entries")} not written by mmlab (${others.slice(0, 5).join(", ")}${others.length > 5 ? ", …" : ""})`] : []),
    ...(unfinished.length > 0 ? [`${countText(unfinished.length, "run")} being written (or killed before the end: ${unfinished.slice(0, 5).join(", ")})`] : []),
  ];
  return parts.length > 0 ? `; left alone: ${parts.join("; ")}` : "";
}
