import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, type ExpectStatic } from "vitest";
import type { CliResult } from "../support/cli.ts";
import { FS_FAULTS, mmlabWithFault, type FsFault } from "../support/faultyMmlab.ts";

// A full disk, a read-only mount, a forbidden folder, a file where a folder should be, a line of
// hundreds of MB: each is one line on stderr naming the file, the operation and the cause, exit 1,
// no stack (unless MMLAB_DEBUG=1), nothing left behind. The tests run as root, where chmod cannot
// forbid anything: test/support/fsFaults.mjs makes node:fs fail instead, as Node's own errors do.

const TIMEOUT_MS = 300_000;
const globalExpect = expect;

/** One line on stderr, nothing on stdout, no stack, exit 1; returns the line. (`expect`: a concurrent test's own.) */
function oneLine(r: CliResult, code = 1, expect: ExpectStatic = globalExpect): string {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^mmlab: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r.stderr.trimEnd();
}

/**
 * Nothing half-written of `outputs` in `dir`: neither they nor a temporary file or folder named
 * after them (the cases run side by side in one folder: each names outputs of its own).
 */
function nothingLeft(dir: string, outputs: string[], expect: ExpectStatic = globalExpect): void {
  const left = readdirSync(dir, { recursive: true }).map(String);
  expect(left.filter((f) => f.includes(".tmp-") && outputs.some((out) => f.includes(out)))).toEqual([]);
  for (const out of outputs) expect(existsSync(join(dir, out)), out).toBe(false);
}

/** A small Tardis incremental_book_L2 file (4 rows), with `extra` rows appended. */
function tardisBook(extra: string[] = []): string {
  const row = (...f: (string | number)[]) => ["deribit", "BTC-PERPETUAL", ...f].join(",");
  return [
    "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount",
    row(1000, 1010, "true", "bid", "100.0", 100),
    row(1000, 1010, "true", "ask", "101.0", 200),
    row(2000, 2010, "false", "bid", "100.5", 50),
    ...extra,
  ].join("\n") + "\n";
}

describe("the fault preload (test/support/fsFaults.mjs) raises Node's own errors", () => {
  it("sync, callback, stream and promise writes fail with code, errno, syscall and (on paths only) the path; other paths are untouched", () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-faults-"));
    const script = `
      import fs from "node:fs";
      import { writeFileSync, mkdirSync } from "node:fs";
      import { open } from "node:fs/promises";
      const show = (e) => ({ message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path });
      const out = {};
      try { writeFileSync("hit.json", "x"); } catch (e) { out.writeFileSync = show(e); }
      try { const fd = fs.openSync("hit.bin", "w"); fs.writeSync(fd, "x"); } catch (e) { out.writeSync = show(e); }
      try { mkdirSync("other"); out.other = "ok"; } catch (e) { out.other = show(e); }
      try { const h = await open("hit.txt", "w"); await h.write("x"); } catch (e) { out.handle = show(e); }
      await new Promise((resolve) => fs.createWriteStream("hit.log").on("error", (e) => { out.stream = show(e); resolve(); }).end("x"));
      console.log(JSON.stringify(out));`;
    const env = { ...process.env, MMLAB_TEST_FAULT: "ENOSPC", MMLAB_TEST_FAULT_PATH: "hit\\." };
    const out = JSON.parse(execFileSync(process.execPath, ["--import", FS_FAULTS.href, "--input-type=module", "-e", script], { cwd: dir, env, encoding: "utf8" }));
    const enospc = { message: "ENOSPC: no space left on device, write", code: "ENOSPC", errno: -28, syscall: "write" };
    expect(out).toEqual({ writeFileSync: enospc, writeSync: enospc, handle: enospc, stream: enospc, other: "ok" });

    const env2 = { ...process.env, MMLAB_TEST_FAULT: "EROFS", MMLAB_TEST_FAULT_PATH: "hit" };
    const ro = JSON.parse(execFileSync(process.execPath, ["--import", FS_FAULTS.href, "--input-type=module", "-e", script], { cwd: dir, env: env2, encoding: "utf8" }));
    expect(ro.writeFileSync).toEqual({ message: "EROFS: read-only file system, open 'hit.json'", code: "EROFS", errno: -30, syscall: "open", path: "hit.json" });
  });
});

describe("environment failures: one line, exit 1, no stack, nothing left behind", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-env-errors-"));
    writeFileSync(join(dir, "book.csv"), tardisBook());
    writeFileSync(join(dir, "a-file.txt"), "not a folder\n");
    mkdirSync(join(dir, "a-folder"));
    const g = await mmlabWithFault(["generate", "--duration", "1m", "--out", "small.arrow"], dir, undefined);
    expect(g.code, g.stderr).toBe(0);
  }, TIMEOUT_MS);

  /** [name, args, fault, the line expected, outputs that must not exist]. */
  type Case = [string, string[], FsFault, RegExp, string[]];
  const BACKTEST = ["backtest", "--duration", "1m", "--no-report"];
  const cases: Case[] = [
    ["backtest, ENOSPC writing timeseries.arrow", [...BACKTEST, "--out", "ts-full"], { code: "ENOSPC", path: /timeseries\.arrow/ }, /^mmlab: cannot write \S*ts-full\S*\/timeseries\.arrow\S*: no space left on device \(ENOSPC\)$/, ["ts-full"]],
    ["backtest, ENOSPC writing kpis.json", [...BACKTEST, "--out", "json-full"], { code: "ENOSPC", path: /kpis\.json/ }, /^mmlab: cannot write \S*json-full\S*\/kpis\.json: no space left on device \(ENOSPC\)$/, ["json-full"]],
    ["backtest, EACCES on the run folder", [...BACKTEST, "--out", "forbidden"], { code: "EACCES", path: /forbidden/ }, /^mmlab: cannot create folder \S*forbidden\S*: permission denied \(EACCES\)$/, ["forbidden"]],
    ["backtest, EROFS writing manifest.json", [...BACKTEST, "--out", "read-only"], { code: "EROFS", path: /manifest\.json/ }, /^mmlab: cannot open \S*read-only\S*\/manifest\.json: read-only file system \(EROFS\)$/, ["read-only"]],
    ["backtest, EACCES reading --data", [...BACKTEST, "--data", "small.arrow", "--out", "no-data"], { code: "EACCES", path: /small\.arrow/ }, /^mmlab: cannot open small\.arrow: permission denied \(EACCES\)$/, ["no-data"]],
    ["generate, ENOSPC", ["generate", "--duration", "1m", "--out", "g-full.arrow"], { code: "ENOSPC", path: /g-full/ }, /^mmlab: cannot write g-full\.arrow\S*: no space left on device \(ENOSPC\)$/, ["g-full.arrow"]],
    ["generate, EACCES", ["generate", "--duration", "1m", "--out", "g-acc.arrow"], { code: "EACCES", path: /g-acc/ }, /^mmlab: cannot open g-acc\.arrow\S*: permission denied \(EACCES\)$/, ["g-acc.arrow"]],
    ["generate, EROFS", ["generate", "--duration", "1m", "--out", "g-ro.arrow"], { code: "EROFS", path: /g-ro/ }, /^mmlab: cannot open g-ro\.arrow\S*: read-only file system \(EROFS\)$/, ["g-ro.arrow"]],
    ["convert to .arrow, ENOSPC", ["convert", "--from", "tardis", "book.csv", "--out", "c-full.arrow"], { code: "ENOSPC", path: /c-full/ }, /^mmlab: cannot write c-full\.arrow\S*: no space left on device \(ENOSPC\)$/, ["c-full.arrow"]],
    ["convert to .parquet, ENOSPC", ["convert", "--from", "tardis", "book.csv", "--out", "c-full.parquet"], { code: "ENOSPC", path: /c-full/ }, /^mmlab: cannot write c-full\.parquet\S*: no space left on device \(ENOSPC\)$/, ["c-full.parquet"]],
    ["convert to .npz, ENOSPC", ["convert", "--from", "tardis", "book.csv", "--out", "c-full.npz"], { code: "ENOSPC", path: /c-full/ }, /^mmlab: cannot write c-full\.npz\S*: no space left on device \(ENOSPC\)$/, ["c-full.npz"]],
    ["convert, EACCES", ["convert", "--from", "tardis", "book.csv", "--out", "c-acc.parquet"], { code: "EACCES", path: /c-acc/ }, /^mmlab: cannot open c-acc\.parquet\S*: permission denied \(EACCES\)$/, ["c-acc.parquet"]],
    ["convert, EROFS", ["convert", "--from", "tardis", "book.csv", "--out", "c-ro.npz"], { code: "EROFS", path: /c-ro/ }, /^mmlab: cannot open c-ro\.npz\S*: read-only file system \(EROFS\)$/, ["c-ro.npz"]],
    ["convert, EACCES reading the input", ["convert", "--from", "tardis", "book.csv", "--out", "c-in.arrow"], { code: "EACCES", path: /book\.csv/ }, /^mmlab: cannot open book\.csv: permission denied \(EACCES\)$/, ["c-in.arrow"]],
    ["convert, EIO reading the input", ["convert", "--from", "tardis", "book.csv", "--out", "c-io.arrow"], { code: "EIO", path: /book\.csv/, ops: ["read"] }, /^mmlab: cannot read book\.csv: input\/output error \(EIO\)$/, ["c-io.arrow"]],
  ];

  // concurrent: each case is a process of its own, in a folder of its own
  it.concurrent.for(cases)("%s", { timeout: TIMEOUT_MS }, async ([, args, fault, line, outputs], { expect }) => {
    const r = await mmlabWithFault(args, dir, fault);
    expect(oneLine(r, 1, expect)).toMatch(line);
    nothingLeft(dir, outputs, expect);
  });

  it("with MMLAB_DEBUG=1 the same line comes with its stack (and still exit 1)", async () => {
    const r = await mmlabWithFault(["generate", "--duration", "1m", "--out", "debug.arrow"], dir, { code: "ENOSPC", path: /debug/ }, { MMLAB_DEBUG: "1" });
    expect(r.code).toBe(1);
    const [first, ...rest] = r.stderr.trimEnd().split("\n");
    expect(first).toMatch(/^mmlab: cannot write debug\.arrow\S*: no space left on device \(ENOSPC\)$/);
    expect(rest.join("\n")).toMatch(/^Error: ENOSPC: no space left on device, write\n\s+at /);
    nothingLeft(dir, ["debug.arrow"]);
  }, TIMEOUT_MS);

  it("grid: a failure in a worker thread keeps its file, operation and cause across the thread boundary", async () => {
    const r = await mmlabWithFault(["grid", "--data", "small.arrow", "--param", "gamma=0.1,0.2", "--workers", "2", "--out", "grid-acc"], dir, { code: "EACCES", path: /small\.arrow/, thread: "worker" });
    expect(r.code, r.stderr).toBe(1);
    // the grid names its plan on stderr first; the failure is the one line after it
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("mmlab: cannot open small.arrow: permission denied (EACCES)");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, TIMEOUT_MS);

  describe("paths that are the wrong kind of thing", () => {
    // [name, args, the line expected, exit code: 1, or 2 for a usage error]
    const wrong: [string, string[], RegExp, number][] = [
      ["backtest --out an existing file", [...BACKTEST, "--out", "a-file.txt"], /^mmlab: output folder a-file\.txt is an existing file, not a folder; choose another --out$/, 1],
      ["backtest --out a file, even with --force", [...BACKTEST, "--out", "a-file.txt", "--force"], /^mmlab: output folder a-file\.txt is an existing file, not a folder/, 1],
      ["backtest --out below a file (ENOTDIR)", [...BACKTEST, "--out", "a-file.txt/run"], /^mmlab: cannot access a-file\.txt\/run: a file stands where a folder should be \(ENOTDIR\)$/, 1],
      ["generate --out below a file (ENOTDIR)", ["generate", "--duration", "1m", "--out", "a-file.txt/x.arrow"], /^mmlab: cannot access a-file\.txt\/x\.arrow: a file stands where a folder should be \(ENOTDIR\)$/, 1],
      ["convert --out an existing file (EEXIST without --force)", ["convert", "--from", "tardis", "book.csv", "--out", "small.arrow"], /^mmlab: small\.arrow already exists; pass --force to replace it$/, 1],
      ["generate --out an existing folder, even with --force", ["generate", "--duration", "1m", "--out", "a-folder", "--force"], /^mmlab: --out a-folder: no file extension/, 2],
      ["convert --out a folder named like a file", ["convert", "--from", "tardis", "book.csv", "--out", "x.arrow", "--force"], /^mmlab: --out x\.arrow: is a folder; name the file to write/, 1],
      ["backtest --config a folder (EISDIR)", [...BACKTEST, "--config", "a-folder", "--out", "cfg"], /^mmlab: config file a-folder: cannot be read \(EISDIR\)$/, 1],
      ["backtest --data a folder", [...BACKTEST, "--data", "a-folder", "--out", "dat"], /^mmlab: a-folder: is a directory, not a data file$/, 1],
      ["convert an input that is a folder", ["convert", "--from", "tardis", "a-folder", "--out", "fold.arrow"], /^mmlab: a-folder: is a directory, not a data file$/, 1],
    ];
    beforeAll(() => mkdirSync(join(dir, "x.arrow")));

    it.concurrent.for(wrong)("%s", { timeout: TIMEOUT_MS }, async ([, args, line, code], { expect }) => {
      const r = await mmlabWithFault(args, dir, undefined);
      expect(oneLine(r, code, expect)).toMatch(line);
      nothingLeft(dir, ["cfg", "dat", "fold.arrow"], expect);
    });
  });
});

describe("a line too long for any real input: a DataError naming file, line and the rule", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-long-line-"));
    // a row whose line break was lost: 5000 bytes where a row has 60
    writeFileSync(join(dir, "long.csv"), tardisBook([`deribit,BTC-PERPETUAL,3000,3010,false,ask,${"1".repeat(5000)},5`]));
    const diff = (u: number, levels: number) =>
      `17231612539${u}0000000 ` + JSON.stringify({ stream: "btcusdt@depth@100ms", data: { e: "depthUpdate", E: 1723161255208 + u, s: "BTCUSDT", U: u, u, b: Array(levels).fill(["61737.63", "0.5"]), a: [] } });
    writeFileSync(join(dir, "capture.txt"), [diff(1, 2), diff(2, 2), diff(3, 400)].join("\n") + "\n");
  });

  // MMLAB_MAX_LINE_BYTES lowers the 64 MiB cap, so the test needs no 64 MiB file
  it.each([
    ["a Tardis CSV", ["convert", "--from", "tardis", "long.csv", "--out", "long.arrow"], /^mmlab: long\.csv: line 5: longer than 4 KiB, the longest line mmlab reads \(a lost line break, or not a text file\?\); MMLAB_MAX_LINE_BYTES raises the limit$/],
    ["a Binance raw capture", ["convert", "--from", "binance", "capture.txt", "--out", "capture.arrow"], /^mmlab: capture\.txt: line 3: longer than 4 KiB/],
  ])("%s", async (_name, args, line) => {
    const r = await mmlabWithFault(args, dir, undefined, { MMLAB_MAX_LINE_BYTES: "4096" });
    expect(oneLine(r)).toMatch(line);
    nothingLeft(dir, [args.at(-1)!]);
    // under the default cap the same files convert (or fail for reasons of their own, not their length)
    const plain = await mmlabWithFault([...args.slice(0, -1), `default-${args.at(-1)}`], dir, undefined);
    expect(plain.stderr).not.toMatch(/longer than/);
  }, TIMEOUT_MS);
});
