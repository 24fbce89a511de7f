import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openEventReader, readAllEvents } from "../../src/data/arrow/reader.ts";
import { ControlCode, SessionKind } from "../../src/data/sessionKinds.ts";
import { pollUntil, spawnMmlab, type CliExit } from "../support/cliProcess.ts";
import { FS_FAULTS } from "../support/faultyMmlab.ts";
import { startReplayServer, type ReplayServer } from "../support/replayServer.ts";
import { describeWithSharedData } from "../support/sharedData.ts";

// A session that dies (SIGKILL) or runs out of disk leaves what it recorded readable: the session
// file ends without its footer, the reader takes its complete batches, and `mmlab backtest`
// replays them (the hot reloads from the sidecar), saying in one line that the file is unfinished.

const EXIT_MS = 60_000;

/** Complete record batches in a session file being written (0 while it does not exist yet). */
async function batchesIn(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const reader = await openEventReader(path);
  await reader.close();
  return reader.numBatches;
}

/** Replays `session` with mmlab backtest into `out`: its exit, and the run's manifest and run log. */
async function replay(dir: string, session: string, out: string): Promise<{ r: CliExit; manifest: Record<string, any>; runlog: Record<string, any> }> {
  const r = await spawnMmlab(["backtest", "--data", session, "--json", "--no-report", "--out", out], dir).exit(EXIT_MS);
  expect(r.code, r.stderr).toBe(0);
  const read = (name: string) => JSON.parse(readFileSync(join(dir, out, name), "utf8")) as Record<string, any>;
  return { r, manifest: read("manifest.json"), runlog: read("runlog.json") };
}

/** The (code, argument) of every CONTROL row of a session file. */
async function controls(path: string): Promise<number[][]> {
  const rows = await readAllEvents(path);
  return [...rows.kind.keys()].filter((i) => rows.kind[i] === SessionKind.CONTROL).map((i) => [rows.side[i], rows.qty[i]]);
}

describeWithSharedData("mmlab paper killed or out of disk space", () => {
  let dir: string;
  let server: ReplayServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-paper-crash-"));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Starts a paper session with a hot-reloadable config on a replay server; resolves once its book synced. */
  async function start(out: string, options: Parameters<typeof spawnMmlab>[2] = {}) {
    server = await startReplayServer({ speed: 25 });
    const config = join(dir, `${out}.json`);
    writeFileSync(config, JSON.stringify({ gamma: 0.5 }));
    const p = spawnMmlab(["paper", "--ws-url", server.wsUrl, "--rest-url", server.restUrl, "--config", config, "--out", out], dir, options);
    await p.waitForStderr(/book synced/, EXIT_MS);
    return { p, config, file: join(dir, out, "session.arrow") };
  }

  it("SIGKILL: the session file is read up to its last batch and replays, with its hot reload; the replay says it is unfinished", async () => {
    const { p, config, file } = await start("k1");
    writeFileSync(config, JSON.stringify({ gamma: 0.1 }));
    await p.waitForStderr(/config reloaded/, EXIT_MS);
    const afterReload = await batchesIn(file);
    await pollUntil(async () => (await batchesIn(file)) >= afterReload + 40, "40 batches on disk after the reload", EXIT_MS);
    p.kill("SIGKILL");
    const r = await p.exit(EXIT_MS);
    expect(r.signal).toBe("SIGKILL");

    expect(readdirSync(join(dir, "k1")).sort()).toEqual(["paper.log", "session.arrow", "session.configs.json"]);
    const rows = await readAllEvents(file);
    expect(rows.length).toBeGreaterThan(1000);
    expect(await controls(file)).toEqual([[ControlCode.CONFIG, 1]]); // the reload; no halt: it never stopped

    const { r: replayed, manifest, runlog } = await replay(dir, "k1/session.arrow", "rk1");
    expect(replayed.stderr).toMatch(/^note: k1\/session\.arrow is unfinished \(its writer stopped before the footer: killed, or the disk was full\): read its [\d,]+ complete record batches/m);
    expect(manifest.data.description.unfinished).toMatch(/is unfinished/);
    // the reload's config came from the sidecar: the engine knew config 1
    expect(JSON.stringify(runlog)).not.toMatch(/session config 1 is unknown/);
    expect(JSON.parse(replayed.stdout).ordersSubmitted).toBeGreaterThan(0);
  }, 3 * EXIT_MS);

  it("a full disk (ENOSPC) while writing: one line, exit 1, the session file readable up to its last batch, and it replays", async () => {
    // the sidecar is the write that hits the full disk: after the session file has recorded a while
    const { p, config, file } = await start("e1", {
      nodeArgs: ["--import", FS_FAULTS.href],
      env: { MMLAB_TEST_FAULT: "ENOSPC", MMLAB_TEST_FAULT_PATH: "session\\.configs\\.json" },
    });
    await pollUntil(async () => (await batchesIn(file)) >= 40, "40 batches on disk", EXIT_MS);
    writeFileSync(config, JSON.stringify({ gamma: 0.1 }));
    const r = await p.exit(EXIT_MS);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("mmlab:"))).toHaveLength(1);
    expect(lines[lines.length - 1]).toMatch(
      /^mmlab: paper: cannot write e1\/session\.configs\.json: no space left on device \(ENOSPC\); the session stopped: e1\/session\.arrow keeps the [\d,]+ rows written before, up to its last complete batch \(replay: mmlab backtest --data e1\/session\.arrow\)$/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // no finished-session files, no temp file: the recording and its log
    expect(readdirSync(join(dir, "e1")).sort()).toEqual(["paper.log", "session.arrow"]);
    const reader = await openEventReader(file);
    expect(reader.unfinished?.batches).toBeGreaterThanOrEqual(40);
    expect(reader.unfinished?.droppedBytes).toBe(0);
    await reader.close();
    expect(await controls(file)).toEqual([]); // the reload failed before its row was written
    const { r: replayed } = await replay(dir, "e1/session.arrow", "re1");
    expect(replayed.stderr).toMatch(/^note: e1\/session\.arrow is unfinished/m);
  }, 3 * EXIT_MS);
});
