import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { openEventReader, readAllEvents } from "../../src/data/arrow/reader.ts";
import { ControlCode, SessionKind } from "../../src/data/sessionKinds.ts";
import { pollUntil, spawnMmlab, type CliExit } from "../support/cliProcess.ts";
import { startReplayServer, type ReplayServer } from "../support/replayServer.ts";
import { describeWithSharedData } from "../support/sharedData.ts";


/** Runs `mmlab …` to its end. */
function mmlab(args: string[], cwd: string): Promise<CliExit> {
  return spawnMmlab(args, cwd).done;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/** The files of a finished session folder. */
const SESSION_FILES = ["feed.json", "kpis.json", "paper.log", "session.arrow"];

/** `dir` is empty: no session folder, and no hidden temporary one either. */
function expectNoFolderLeft(dir: string): void {
  expect(readdirSync(dir)).toEqual([]);
}

/** A 127.0.0.1 port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Replays a session file with `mmlab backtest` and returns its KPIs and results hash. */
async function replay(dir: string, session: string, out: string): Promise<{ kpis: Record<string, unknown>; resultsHash: string }> {
  const result = await mmlab(["backtest", "--data", session, "--json", "--no-report", "--out", out], dir);
  expect(result.code, result.stderr).toBe(0);
  const kpis = JSON.parse(result.stdout) as Record<string, unknown>;
  const resultsHash = readJson(join(dir, out, "manifest.json")).resultsHash as string;
  return { kpis, resultsHash };
}

describeWithSharedData("mmlab paper on the replayed Binance spot capture", () => {
  let dir: string;
  let server: ReplayServer | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-paper-cli-"));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** `--ws-url … --rest-url …` of a fresh replay server at 25× the capture's pace. */
  async function feedArgs(): Promise<string[]> {
    server = await startReplayServer({ speed: 25 });
    return ["--ws-url", server.wsUrl, "--rest-url", server.restUrl];
  }

  it("--duration --json: one JSON object (kpis.json's fields and the feed's health), a complete folder, and a replay with the same KPIs and results hash", async () => {
    const r = await mmlab(["paper", ...(await feedArgs()), "--duration", "8s", "--json", "--out", "p1"], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>; // the whole of stdout is one JSON value
    expect(r.stdout.trimStart().startsWith("{")).toBe(true);
    expect(readdirSync(join(dir, "p1")).sort()).toEqual(SESSION_FILES);
    const kpis = readJson(join(dir, "p1/kpis.json"));
    for (const key of Object.keys(kpis)) expect(out[key], key).toEqual(kpis[key]);
    for (const key of ["messages", "gaps", "resyncs", "reconnects", "bboChecked", "bboMatched", "clockJumps", "fills"]) expect(typeof out[key], key).toBe("number");
    expect(out.clockJumps).toBe(0);
    expect(out.gaps).toBe(0);
    expect(out.bboChecked).toBeGreaterThan(100);
    expect(out.bboMatched).toBe(out.bboChecked);
    expect(out.messages).toBeGreaterThan(1000);
    expect(out.fills).toBeGreaterThan(0);
    expect(out.openOrders).toBe(0);
    expect(out.resultsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(readJson(join(dir, "p1/feed.json")).resultsHash).toBe(out.resultsHash);

    const again = await replay(dir, "p1/session.arrow", "r1");
    expect(again.kpis).toEqual(kpis);
    expect(again.resultsHash).toBe(out.resultsHash);
  }, 120_000);

  it("--strategy: a user's strategy trades on the live feed, and the session replays to the same results with it", async () => {
    const strategy = fileURLToPath(new URL("../../experiments/strategies/fixedSpread.ts", import.meta.url));
    const r = await mmlab(["paper", ...(await feedArgs()), "--strategy", strategy, "--set", "strategy.params.half_spread_ticks=5", "--duration", "8s", "--json", "--out", "ps"], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.stepErrors ?? []).toEqual([]);
    expect(out.fills).toBeGreaterThan(0);
    const again = await replay(dir, "ps/session.arrow", "rs");
    expect(again.resultsHash).toBe(out.resultsHash);
  }, 120_000);

  it("Ctrl-C cancels the paper orders, prints the final KPIs, and leaves a complete session file that replays to the same results", async () => {
    const p = spawnMmlab(["paper", ...(await feedArgs()), "--out", "p2"], dir);
    await p.waitForStderr(/book synced/);
    await sleep(3000);
    // written in place as it runs: the unfinished file is readable, the folder not yet marked finished
    expect(readdirSync(join(dir, "p2")).sort()).toEqual(["paper.log", "session.arrow"]);
    const partial = await openEventReader(join(dir, "p2/session.arrow"));
    expect(partial.unfinished?.batches).toBeGreaterThan(10);
    await partial.close();
    p.kill("SIGINT");
    const r = await p.done;
    expect(r.code, r.stderr).toBe(0);
    for (const label of ["Spread captured", "RMS inventory", "Fill ratio", "Cancel ratio", "Latency P99", "PnL"]) expect(r.stdout).toMatch(new RegExp(label));
    expect(r.stdout).toMatch(/session folder: p2/);
    expect(r.stderr).toMatch(/stopping: SIGINT/);
    expect(r.stderr).toMatch(/every paper order is closed/);
    expect(readdirSync(join(dir, "p2")).sort()).toEqual(SESSION_FILES);
    expect(readJson(join(dir, "p2/kpis.json")).ordersSubmitted).toBeGreaterThan(0); // there were orders to cancel
    const log = readFileSync(join(dir, "p2/paper.log"), "utf8");
    expect(log).toMatch(/stopping: SIGINT/);
    expect(log).toMatch(/every paper order is closed/);

    const rows = await readAllEvents(join(dir, "p2/session.arrow"));
    expect(rows.kind.length).toBeGreaterThan(1000);
    const halts = [...rows.kind.keys()].filter((i) => rows.kind[i] === SessionKind.CONTROL && rows.side[i] === ControlCode.HALT);
    expect(halts.length).toBe(1);
    const feed = readJson(join(dir, "p2/feed.json"));
    expect(feed.rows).toBe(rows.kind.length);
    const again = await replay(dir, "p2/session.arrow", "r2");
    expect(again.resultsHash).toBe(feed.resultsHash);
    expect(again.kpis).toEqual(readJson(join(dir, "p2/kpis.json")));
  }, 120_000);

  it("hot reload: a valid edit of --config is taken, invalid ones rejected while the session goes on; the replay gives the same results", async () => {
    const configPath = join(dir, "hot.json");
    writeFileSync(configPath, JSON.stringify({ gamma: 0.5 }));
    const p = spawnMmlab(["paper", ...(await feedArgs()), "--config", configPath, "--duration", "20s", "--out", "p3"], dir);
    await p.waitForStderr(/book synced/);
    await sleep(1500);
    writeFileSync(configPath, JSON.stringify({ gamma: 0.1 }));
    await p.waitForStderr(/config reloaded/, 20_000);
    // each edit is seen (the file is polled) before the next one is written
    writeFileSync(configPath, JSON.stringify({ gamma: -1 }));
    await p.waitForStderr(/config reload rejected.*gamma/, 20_000);
    // valid for the schema, not for the session: a symbol Binance cannot have, another tick size
    writeFileSync(configPath, JSON.stringify({ gamma: 0.2, symbol: { name: "BTC-USDT" } }));
    await p.waitForStderr(/config reload rejected.*BTC-USDT/, 20_000);
    writeFileSync(configPath, JSON.stringify({ gamma: 0.2, symbol: { tick_size: 0.1 } }));
    await p.waitForStderr(/config reload rejected.*symbol\.tick_size/, 20_000);
    // the simulator is built once: its loop interval cannot change either
    writeFileSync(configPath, JSON.stringify({ gamma: 0.2, loop: { interval_ms: 50 } }));
    await p.waitForStderr(/config reload rejected.*loop: .*cannot change while the session runs/, 20_000);
    const r = await p.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/every paper order is closed/);
    const log = readFileSync(join(dir, "p3/paper.log"), "utf8");
    expect(log.match(/config reloaded/g)).toHaveLength(1);
    expect(log.match(/config reload rejected/g)).toHaveLength(4);
    // the session went on after the rejections: the end of the duration stopped it
    expect(log.indexOf("stopping: --duration 20s elapsed")).toBeGreaterThan(log.lastIndexOf("config reload rejected"));
    const feed = readJson(join(dir, "p3/feed.json"));
    expect(feed.configReloads).toBe(1);
    // the reload's sidecar is gone: the finished file's footer carries every config
    expect(readdirSync(join(dir, "p3")).sort()).toEqual(SESSION_FILES);
    const rows = await readAllEvents(join(dir, "p3/session.arrow"));
    const controls = [...rows.kind.keys()].filter((i) => rows.kind[i] === SessionKind.CONTROL).map((i) => [rows.side[i], rows.qty[i]]);
    expect(controls).toEqual([[ControlCode.CONFIG, 1], [ControlCode.HALT, 0]]);
    const again = await replay(dir, "p3/session.arrow", "r3");
    expect(again.resultsHash).toBe(feed.resultsHash);
    expect(again.kpis).toEqual(readJson(join(dir, "p3/kpis.json")));
  }, 120_000);

  it("a second signal while the session finishes exits at once (130, 143) and leaves the session file as recorded: readable, and it replays", async () => {
    for (const [signal, code, out] of [["SIGINT", 130, "p5"], ["SIGTERM", 143, "p6"]] as const) {
      const p = spawnMmlab(["paper", ...(await feedArgs()), "--out", out], dir);
      await p.waitForStderr(/book synced/);
      await sleep(500);
      p.kill(signal);
      await p.waitForStderr(new RegExp(`stopping: ${signal}`));
      p.kill(signal);
      const r = await p.exit(20_000);
      expect(r.signal).toBe(null);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(/interrupted again: exiting without finishing the session file/);
      // no finished-session files, no hidden or temporary ones: the recording as it was
      expect(readdirSync(dir).filter((f) => f.includes(out) && f !== out)).toEqual([]);
      expect(readdirSync(join(dir, out)).sort()).toEqual(["paper.log", "session.arrow"]);
      const replayed = await mmlab(["backtest", "--data", `${out}/session.arrow`, "--json", "--no-report", "--out", `r-${out}`], dir);
      expect(replayed.code, replayed.stderr).toBe(0);
      expect(replayed.stderr).toMatch(/note: .*session\.arrow is unfinished/);
      await server?.close();
      server = undefined;
    }
  }, 150_000);

  it("secrets in the config are never printed, logged or written; a config error about a secret does not repeat it", async () => {
    const configPath = join(dir, "secret.json");
    writeFileSync(configPath, JSON.stringify({ credentials: { api_key: "SEKRET-KEY-123", api_secret: "SEKRET-SECRET-456" } }));
    const badPath = join(dir, "bad-secret.json");
    writeFileSync(badPath, JSON.stringify({ api_token: "SEKRET-789" }));
    const [r, bad] = await Promise.all([
      mmlab(["paper", ...(await feedArgs()), "--config", configPath, "--duration", "5s", "--out", "p4"], dir),
      mmlab(["backtest", "--config", badPath, "--duration", "1m", "--out", "b4"], dir),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const places: [string, string][] = [
      ["stdout", r.stdout],
      ["stderr", r.stderr],
      ...SESSION_FILES.map((f): [string, string] => [f, readFileSync(join(dir, "p4", f)).toString("latin1")]),
    ];
    for (const [where, text] of places) {
      expect(text, where).not.toContain("SEKRET-KEY-123");
      expect(text, where).not.toContain("SEKRET-SECRET-456");
    }
    // the session file's configs carry the credentials' fields, redacted
    const sessionBytes = readFileSync(join(dir, "p4/session.arrow")).toString("latin1");
    expect(sessionBytes).toMatch(/"credentials":\{"api_key":"\[redacted\]","api_secret":"\[redacted\]"\}/);
    // and the file still replays with its own (redacted) config
    const again = await replay(dir, "p4/session.arrow", "r4");
    expect(again.resultsHash).toBe(readJson(join(dir, "p4/feed.json")).resultsHash);

    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^mmlab: \S.*\n$/); // one line
    expect(bad.stderr).toMatch(/api_token/);
    expect(bad.stderr).toMatch(/\[redacted\]/);
    expect(bad.stderr).not.toContain("SEKRET-789");
    expect(existsSync(join(dir, "b4"))).toBe(false);
  }, 120_000);
});

describe("mmlab paper: bad input", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-paper-bad-"));
  });

  it("a negative --duration or an unknown --market: exit 1 or a usage error (2), a one-line message, no folder", async () => {
    const [flag, negative, market] = await Promise.all([
      // yargs reads `-5s` as the short flags -5 -s: a usage error
      mmlab(["paper", "--duration", "-5s", "--out", "neg"], dir),
      mmlab(["paper", "--duration=-5s", "--out", "neg"], dir),
      mmlab(["paper", "--market", "nope", "--duration", "5s", "--out", "nope"], dir),
    ]);
    for (const r of [flag, negative, market]) {
      expect([1, 2]).toContain(r.code);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^mmlab: \S.*\n$/); // one line
    }
    expect(negative.code).toBe(1);
    expect(negative.stderr).toMatch(/duration "-5s"/);
    expect(market.stderr).toMatch(/market.*nope/);
    expectNoFolderLeft(dir);
  }, 120_000);

  it("no market data (nothing listening): exit 1, 'no market data arrived', no folder", async () => {
    const port = await closedPort();
    const r = await mmlab(["paper", "--ws-url", `ws://127.0.0.1:${port}`, "--rest-url", `http://127.0.0.1:${port}`, "--duration", "3s", "--out", "none"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no market data arrived/);
    expect(r.stdout).toBe("");
    expectNoFolderLeft(dir);
  }, 120_000);
});
