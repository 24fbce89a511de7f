import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfigFile, parseConfig, parseConfigValue } from "../../src/config/load.ts";
import { configSchema } from "../../src/config/schema.ts";
import { ConfigError, MmlabError } from "../../src/core/errors.ts";
import { configErrorOf } from "../support/configError.ts";

describe("parseConfig", () => {
  it("an empty object (or undefined) gives the defaults", () => {
    expect(parseConfig({})).toEqual(configSchema.parse({}));
    expect(parseConfig(undefined)).toEqual(configSchema.parse({}));
  });

  it("--set style overrides by dotted path", () => {
    const c = parseConfig({}, ["risk.q_max=2"]);
    expect(c.risk.q_max).toBe(2);
    expect(c.gamma).toBe(0.5); // everything else default
    const d = parseConfig({ gamma: 0.3 }, ["gamma=0.7", "horizon.mode=session", "horizon.session_seconds=3600"]);
    expect(d.gamma).toBe(0.7); // the override wins over the input
    expect(d.horizon).toEqual({ mode: "session", session_seconds: 3600 });
  });

  it("gamma = −1: names field, value and rule", () => {
    const e = configErrorOf(() => parseConfig({ gamma: -1 }));
    expect(e.field).toBe("gamma");
    expect(e.value).toBe(-1);
    expect(e.message).toBe("config: gamma = -1: must be > 0 (risk aversion γ, 1/(quote·base))");
    // the same through an override
    expect(configErrorOf(() => parseConfig({}, ["gamma=-1"])).message).toBe(e.message);
  });

  it("an unknown top-level field", () => {
    const e = configErrorOf(() => parseConfigValue({ gama: 0.2 }));
    expect(e.field).toBe("gama");
    expect(e.message).toBe("config: gama = 0.2: unknown field");
  });

  it("an unknown nested field", () => {
    const e = configErrorOf(() => parseConfigValue({ risk: { qmax: 2 } }));
    expect(e.field).toBe("risk.qmax");
    expect(e.message).toBe("config: risk.qmax = 2: unknown field");
    const f = configErrorOf(() => parseConfig({}, ["risk.latency_guard.pause_ms=5"]));
    expect(f.message).toBe("config: risk.latency_guard.pause_ms = 5: unknown field");
  });

  it("a wrong type", () => {
    const e = configErrorOf(() => parseConfigValue({ gamma: "0.1" }));
    expect(e.field).toBe("gamma");
    expect(e.message).toMatch(/^config: gamma = "0\.1": .*expected number, received string/);
    const b = configErrorOf(() => parseConfigValue({ risk: { latency_guard: { enabled: "yes" } } }));
    expect(b.field).toBe("risk.latency_guard.enabled");
    expect(b.message).toMatch(/^config: risk\.latency_guard\.enabled = "yes": .*expected boolean/);
  });

  it("other range rules: integers, enums, non-negative", () => {
    expect(configErrorOf(() => parseConfig({ ofi: { z_window: 1.5 } })).message).toBe("config: ofi.z_window = 1.5: must be an integer");
    expect(configErrorOf(() => parseConfig({ symbol: { min_notional: -1 } })).message).toMatch(/^config: symbol\.min_notional = -1: must be ≥ 0/);
    expect(configErrorOf(() => parseConfigValue({ horizon: { mode: "weekly" } })).field).toBe("horizon.mode");
    expect(configErrorOf(() => parseConfig({ k: 0 })).message).toMatch(/^config: k = 0: must be > 0/);
  });

  it("cross-field: resume_below_ms > pause_above_ms", () => {
    const e = configErrorOf(() => parseConfig({ risk: { latency_guard: { resume_below_ms: 350 } } }));
    expect(e.field).toBe("risk.latency_guard.resume_below_ms");
    expect(e.message).toBe("config: risk.latency_guard.resume_below_ms = 350: must be ≤ risk.latency_guard.pause_above_ms (300) for hysteresis");
    // equal is allowed
    expect(parseConfig({ risk: { latency_guard: { resume_below_ms: 300 } } }).risk.latency_guard.resume_below_ms).toBe(300);
  });

  it("cross-field: orders.size > q_max", () => {
    const e = configErrorOf(() => parseConfig({}, ["risk.q_max=0.005"]));
    expect(e.field).toBe("orders.size");
    expect(e.message).toBe("config: orders.size = 0.01: must be ≤ risk.q_max (0.005)");
    expect(parseConfig({ orders: { size: 0.5 } }).orders.size).toBe(0.5); // equal to q_max is allowed
  });

  it("cross-field: size below a lot, baseline window, OFI window vs loop", () => {
    expect(configErrorOf(() => parseConfig({ orders: { size: 0.000001 } })).message).toBe("config: orders.size = 0.000001: must be ≥ symbol.lot_size (0.00001)");
    expect(configErrorOf(() => parseConfig({ volatility: { base_window: 100 } })).message).toMatch(/^config: volatility\.base_window = 100: must be > volatility\.window \(100\)/);
    expect(configErrorOf(() => parseConfig({ ofi: { window_seconds: 0.05 } })).message).toBe("config: ofi.window_seconds = 0.05: must cover at least one loop interval (100 ms)");
  });
});

describe("loadConfigFile", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mmlab-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads and validates a JSON file, with overrides", () => {
    const file = path.join(dir, "ok.json");
    writeFileSync(file, JSON.stringify({ gamma: 0.2, risk: { q_max: 3 } }));
    const c = loadConfigFile(file);
    expect(c.gamma).toBe(0.2);
    expect(c.risk.q_max).toBe(3);
    expect(loadConfigFile(file, ["risk.q_max=4"]).risk.q_max).toBe(4);
  });

  it("a missing file: MmlabError naming the file and the reason", () => {
    const file = path.join(dir, "missing.json");
    expect(() => loadConfigFile(file)).toThrow(MmlabError);
    expect(() => loadConfigFile(file)).toThrow(`config file ${file}: cannot be read (ENOENT)`);
  });

  it("invalid JSON: MmlabError naming the file", () => {
    const file = path.join(dir, "bad.json");
    writeFileSync(file, "{ gamma: 0.1, ");
    let err: unknown;
    try {
      loadConfigFile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MmlabError);
    expect(err).not.toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(new RegExp(`^config file ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid JSON \\(`));
  });

  it("an invalid value in a file: ConfigError naming field, value, rule and the file", () => {
    const file = path.join(dir, "gamma.json");
    writeFileSync(file, JSON.stringify({ gamma: -1 }));
    const e = configErrorOf(() => loadConfigFile(file));
    expect(e.field).toBe("gamma");
    expect(e.value).toBe(-1);
    expect(e.message).toBe(`config: gamma = -1: must be > 0 (risk aversion γ, 1/(quote·base)) (in ${file})`);
  });
});
