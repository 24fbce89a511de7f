import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigWatcher } from "../../src/config/watch.ts";
import type { ReloadOutcome } from "../../src/config/watch.ts";

const dir = mkdtempSync(path.join(tmpdir(), "mmlab-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("ConfigWatcher.reload", () => {
  it("valid → valid change → ok with the new value; invalid → ok:false with the error", () => {
    const file = path.join(dir, "reload.json");
    writeFileSync(file, JSON.stringify({ gamma: 0.2 }));
    const outcomes: ReloadOutcome[] = [];
    const w = new ConfigWatcher(file, [], (o) => outcomes.push(o));

    const first = w.reload();
    expect(first.ok).toBe(true);
    if (first.ok) expect(first.config.gamma).toBe(0.2);

    writeFileSync(file, JSON.stringify({ gamma: 0.3, risk: { q_max: 2 } }));
    const second = w.reload();
    expect(second.ok).toBe(true);
    if (second.ok) {
      expect(second.config.gamma).toBe(0.3);
      expect(second.config.risk.q_max).toBe(2);
    }

    writeFileSync(file, JSON.stringify({ gamma: -1 }));
    const third = w.reload();
    expect(third).toEqual({ ok: false, error: `config: gamma = -1: must be > 0 (risk aversion γ, 1/(quote·base)) (in ${file})` });

    writeFileSync(file, "{ not json");
    const fourth = w.reload();
    expect(fourth.ok).toBe(false);
    if (!fourth.ok) expect(fourth.error).toContain(`config file ${file}: not valid JSON`);

    // reload() reports through its return value only; the callback is for watched changes
    expect(outcomes).toEqual([]);
  });

  it("applies its overrides on every reload", () => {
    const file = path.join(dir, "overrides.json");
    writeFileSync(file, JSON.stringify({ risk: { q_max: 5 } }));
    const w = new ConfigWatcher(file, ["risk.q_max=2"], () => {});
    const o = w.reload();
    expect(o.ok && o.config.risk.q_max).toBe(2);
  });

  it("a deleted file is an error outcome", () => {
    const w = new ConfigWatcher(path.join(dir, "gone.json"), [], () => {});
    const o = w.reload();
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error).toContain("cannot be read (ENOENT)");
  });
});

describe("ConfigWatcher.start", () => {
  async function waitFor(outcomes: ReloadOutcome[], n: number): Promise<void> {
    for (let waited = 0; outcomes.length < n && waited < 3000; waited += 20) await sleep(20);
  }

  it("calls back with the new config after the file changes, then with the error of an invalid change", async () => {
    const file = path.join(dir, "watched.json");
    writeFileSync(file, JSON.stringify({ gamma: 0.2 }));
    const outcomes: ReloadOutcome[] = [];
    const w = new ConfigWatcher(file, [], (o) => outcomes.push(o), 20);
    w.start();
    try {
      await sleep(100); // let the first poll record the initial state
      writeFileSync(file, JSON.stringify({ gamma: 0.4 }));
      const later = new Date(Date.now() + 10_000);
      utimesSync(file, later, later); // a clearly different mtime, whatever the filesystem's resolution
      await waitFor(outcomes, 1);
      expect(outcomes.length).toBeGreaterThanOrEqual(1);
      const first = outcomes[0];
      expect(first.ok).toBe(true);
      if (first.ok) expect(first.config.gamma).toBe(0.4);

      const before = outcomes.length;
      writeFileSync(file, JSON.stringify({ gamma: "high" }));
      const evenLater = new Date(Date.now() + 20_000);
      utimesSync(file, evenLater, evenLater);
      await waitFor(outcomes, before + 1);
      const last = outcomes[outcomes.length - 1];
      expect(last.ok).toBe(false);
      if (!last.ok) expect(last.error).toMatch(/^config: gamma = "high": .*expected number/);
    } finally {
      w.stop();
    }
  });

  it("after stop() no more callbacks arrive", async () => {
    const file = path.join(dir, "stopped.json");
    writeFileSync(file, JSON.stringify({ gamma: 0.2 }));
    const outcomes: ReloadOutcome[] = [];
    const w = new ConfigWatcher(file, [], (o) => outcomes.push(o), 20);
    w.start();
    await sleep(100);
    w.stop();
    writeFileSync(file, JSON.stringify({ gamma: 0.5 }));
    const later = new Date(Date.now() + 10_000);
    utimesSync(file, later, later);
    await sleep(200);
    expect(outcomes).toEqual([]);
  });
});
