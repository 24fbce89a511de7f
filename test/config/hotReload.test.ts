import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import type { MmConfig } from "../../src/config/schema.ts";
import { ConfigWatcher } from "../../src/config/watch.ts";
import { rootRng } from "../../src/core/rng.ts";
import type { MarketFeed } from "../../src/live/marketFeed.ts";
import { PaperSession } from "../../src/live/paperSession.ts";
import type { ResolvedStrategy } from "../../src/strategy/load.ts";
import halfSpread from "../strategy/fixtures/halfSpread.ts";

const dir = mkdtempSync(path.join(tmpdir(), "mmlab-reload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A feed that is never started: the session takes reloads without market data. */
const idleFeed = (): MarketFeed => ({
  start() {},
  requestSnapshot() {},
  stop: async () => {},
  stats: { messages: 0, malformed: 0, snapshots: 0, snapshotErrors: 0, reconnects: 0, connected: false, rttMs: NaN },
});

/** A paper session that is never started, and its log. */
function session(config: MmConfig = parseConfig({}), strategy?: ResolvedStrategy) {
  const log: string[] = [];
  const s = new PaperSession({
    config,
    strategy,
    rng: rootRng(1),
    feed: idleFeed,
    rule: "spot",
    feedDescription: "none",
    sessionPath: path.join(dir, "never-written.arrow"),
    nowNs: () => 0n,
    log: (line) => log.push(line),
  });
  return { s, log };
}

const REJECTED = "config reload rejected, the config in force stays: ";

describe("a paper session's hot reload is checked by building the engine parts before it says reloaded", () => {
  it("the issue's reload (ofi.window_seconds = 1e12) is rejected with the rule, and the config in force stays", () => {
    const { s, log } = session();
    const before = s.currentConfig();
    const bad: MmConfig = { ...before, ofi: { ...before.ofi, window_seconds: 1e12 } };
    s.reloadConfig(bad);
    expect(log).toEqual([
      `${REJECTED}config: ofi.window_seconds = 1000000000000: must span at most 100000 steps of loop.interval_ms (100 ms), not 10000000000000: the engine keeps one OFI value per step of the window`,
    ]);
    expect(log.some((l) => l.includes("reloaded"))).toBe(false);
    expect(s.currentConfig()).toBe(before);
  });

  it("a valid reload is still said and taken", () => {
    const { s, log } = session();
    const next = parseConfig({ gamma: 0.05 });
    s.reloadConfig(next);
    expect(log).toEqual(["config reloaded (before the first step)"]);
    expect(s.currentConfig()).toBe(next);
  });

  it("params the running strategy refuses are rejected; so is a change of the built-in quoter, which the engine would not make", () => {
    const withModule = session(parseConfig({ strategy: { params: { half_spread_ticks: 20 } } }), { definition: halfSpread, params: { half_spread_ticks: 20 } });
    withModule.s.reloadConfig(parseConfig({ strategy: { params: { half_spread_ticks: -1 } } }));
    expect(withModule.log).toEqual([`${REJECTED}config: strategy.params.half_spread_ticks = -1: Too small: expected number to be >0 (params of strategy half_spread)`]);

    const builtin = session();
    builtin.s.reloadConfig(parseConfig({ quoter: "glft" }));
    expect(builtin.log).toEqual([`${REJECTED}quoter cannot change during a session (avellaneda_stoikov runs)`]);
  });

  it("a watched file with a schema-invalid change is an error outcome naming the rule and the file, so nothing reaches the session", () => {
    const file = path.join(dir, "watched.json");
    writeFileSync(file, JSON.stringify({ ofi: { window_seconds: 1e12 } }));
    const outcome = new ConfigWatcher(file, [], () => {}).reload();
    expect(outcome).toEqual({
      ok: false,
      error: `config: ofi.window_seconds = 1000000000000: must span at most 100000 steps of loop.interval_ms (100 ms), not 10000000000000: the engine keeps one OFI value per step of the window (in ${file})`,
    });
    writeFileSync(file, JSON.stringify({ loop: { interval_ms: 1e-9 } }));
    const tiny = new ConfigWatcher(file, [], () => {}).reload();
    expect(tiny.ok).toBe(false);
    if (!tiny.ok) expect(tiny.error).toMatch(/^config: loop\.interval_ms = 1e-9: must be ≥ 1 \(/);
  });
});
