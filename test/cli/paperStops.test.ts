import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnMmlab, type CliExit } from "../support/cliProcess.ts";
import { startReplayServer, type ReplayServer } from "../support/replayServer.ts";
import { describeWithSharedData } from "../support/sharedData.ts";

// `mmlab paper` never hangs: whatever the phase, --duration and SIGINT/SIGTERM end it; what cannot
// start is one line and leaves nothing. None of these runs has a --duration unless it tests one:
// a process still running after its limit is killed and fails the test (CliProcess.exit).

/** Generous: a start of `mmlab` through tsx takes seconds on a slow machine. */
const EXIT_MS = 60_000;

/** A listening 127.0.0.1 server (a port in use), and one released (a port nobody listens on). */
async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
}

async function closedPort(): Promise<number> {
  const { server, port } = await listening();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The feed options of a market-data server that refuses every connection. */
async function refusedFeed(): Promise<string[]> {
  const port = await closedPort();
  return ["--ws-url", `ws://127.0.0.1:${port}`, "--rest-url", `http://127.0.0.1:${port}`];
}

/** Exactly one `mmlab:` line (the last one), no stack trace, nothing on stdout; returns it. */
function oneErrorLine(r: CliExit): string {
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines.filter((l) => l.startsWith("mmlab:")), r.stderr).toHaveLength(1);
  expect(lines[lines.length - 1]).toMatch(/^mmlab: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[lines.length - 1];
}

describe("mmlab paper never hangs (no market data needed)", () => {
  let dir: string;
  const blockers: Server[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-paper-stops-"));
  });
  afterEach(async () => {
    await Promise.all(blockers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("a dashboard port in use, or one that cannot exist: one line, exit 1, nothing left behind", async () => {
    const taken = await listening();
    blockers.push(taken.server);
    const feed = await refusedFeed();
    const [inUse, invalid] = await Promise.all([
      spawnMmlab(["paper", ...feed, "--dashboard", "--dashboard-port", String(taken.port), "--json", "--out", "a"], dir).exit(EXIT_MS),
      spawnMmlab(["paper", ...feed, "--dashboard", "--dashboard-port", "99999", "--json", "--out", "b"], dir).exit(EXIT_MS),
    ]);
    expect(inUse.code, inUse.stderr).toBe(1);
    expect(inUse.stderr).toBe(`mmlab: dashboard: cannot listen on 127.0.0.1:${taken.port}: the port is in use; choose another --dashboard-port, or 0 for any free port\n`);
    expect(invalid.code, invalid.stderr).toBe(1);
    expect(oneErrorLine(invalid)).toMatch(/^mmlab: dashboard: port = 99999: must be an integer in 0\.\.65535/);
    expect(invalid.stderr).toMatch(/^mmlab: [^\n]+\n$/); // --json: nothing else on stderr
    expect(readdirSync(dir)).toEqual([]);
  }, 2 * EXIT_MS);

  it("a malformed --ws-url: one line, exit 1, no folder (not even an empty or hidden one)", async () => {
    const [notUrl, http] = await Promise.all([
      spawnMmlab(["paper", "--ws-url", "notaurl", "--out", "c"], dir).exit(EXIT_MS),
      spawnMmlab(["paper", "--ws-url", "http://127.0.0.1:1", "--out", "d"], dir).exit(EXIT_MS),
    ]);
    expect(notUrl.code).toBe(1);
    expect(oneErrorLine(notUrl)).toMatch(/wsUrl = "notaurl": must be an absolute URL/);
    expect(http.code).toBe(1);
    expect(oneErrorLine(http)).toMatch(/wsUrl = "http:\/\/127\.0\.0\.1:1": must use ws: or wss:/);
    expect(readdirSync(dir)).toEqual([]);
  }, 2 * EXIT_MS);

  it("SIGINT or SIGTERM while the feed cannot connect (before any message, no --duration): exit 130 or 143, one line, nothing left", async () => {
    const runs = await Promise.all(
      (["SIGINT", "SIGTERM"] as const).map(async (signal) => {
        const p = spawnMmlab(["paper", ...(await refusedFeed()), "--out", signal], dir);
        await p.waitForStderr(/could not connect/, EXIT_MS);
        p.kill(signal);
        return { signal, r: await p.exit(EXIT_MS) };
      }),
    );
    for (const { signal, r } of runs) {
      expect(r.signal, r.stderr).toBe(null);
      expect(r.code, r.stderr).toBe(signal === "SIGINT" ? 130 : 143);
      expect(oneErrorLine(r)).toBe(`mmlab: ${signal} before any market data arrived: stopped; nothing was recorded`);
    }
    expect(readdirSync(dir)).toEqual([]);
  }, 3 * EXIT_MS);

  it("SIGTERM at the very start (with a dashboard): exit 143, the dashboard closed, nothing left", async () => {
    const p = spawnMmlab(["paper", ...(await refusedFeed()), "--dashboard", "--out", "e"], dir);
    await p.waitForStderr(/paper trading BTCUSDT/, EXIT_MS);
    p.kill("SIGTERM");
    const r = await p.exit(EXIT_MS);
    expect(r.code, r.stderr).toBe(143);
    expect(oneErrorLine(r)).toBe("mmlab: SIGTERM before any market data arrived: stopped; nothing was recorded");
    expect(readdirSync(dir)).toEqual([]);
  }, 2 * EXIT_MS);
});

describeWithSharedData("mmlab paper never hangs: the feed goes down mid-session", () => {
  let dir: string;
  const servers: ReplayServer[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-paper-down-"));
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  /** A session on a replay server that is shut down once the book synced; `stop` ends it (a signal, or its --duration). */
  async function feedDown(out: string, extra: string[], stop: (p: ReturnType<typeof spawnMmlab>) => void): Promise<CliExit> {
    const server = await startReplayServer({ speed: 25 });
    servers.push(server);
    const p = spawnMmlab(["paper", "--ws-url", server.wsUrl, "--rest-url", server.restUrl, "--out", out, ...extra], dir);
    await p.waitForStderr(/book synced/, EXIT_MS);
    await server.close();
    await p.waitForStderr(/disconnected/, EXIT_MS);
    await p.waitForStderr(/could not connect/, EXIT_MS); // reconnecting, in vain
    stop(p);
    return p.exit(EXIT_MS);
  }

  it("SIGTERM, or --duration, while the feed is down and reconnecting: a clean stop (exit 0) and a finished session", async () => {
    const [signalled, timed] = await Promise.all([
      feedDown("f1", [], (p) => p.kill("SIGTERM")),
      feedDown("f2", ["--duration", "25s"], () => undefined),
    ]);
    for (const [r, out, reason] of [[signalled, "f1", "SIGTERM"], [timed, "f2", "--duration 25s elapsed"]] as const) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`stopping: ${reason}`);
      expect(r.stdout).toMatch(new RegExp(`session folder: ${out}`));
      expect(readdirSync(join(dir, out)).sort()).toEqual(["feed.json", "kpis.json", "paper.log", "session.arrow"]);
      expect(JSON.parse(readFileSync(join(dir, out, "feed.json"), "utf8")).reconnects).toBe(0); // it never got back
    }
  }, 3 * EXIT_MS);
});
