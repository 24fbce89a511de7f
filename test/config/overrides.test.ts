import { describe, expect, it } from "vitest";
import { applyOverrides, setPath } from "../../src/config/overrides.ts";
import { MmlabError } from "../../src/core/errors.ts";

describe("applyOverrides", () => {
  it("sets dotted paths, parsing values as JSON (numbers, booleans, objects) or else text", () => {
    const out = applyOverrides({ risk: { q_max: 1 } }, ["risk.q_max=2", "risk.latency_guard.enabled=false", "horizon.mode=session", "symbol.name=\"ETHUSDT\"", "ofi={\"beta\":1}"]);
    expect(out).toEqual({
      risk: { q_max: 2, latency_guard: { enabled: false } },
      horizon: { mode: "session" },
      symbol: { name: "ETHUSDT" },
      ofi: { beta: 1 },
    });
  });

  it("does not modify its input", () => {
    const input = { risk: { q_max: 1 } };
    applyOverrides(input, ["risk.q_max=5"]);
    expect(input).toEqual({ risk: { q_max: 1 } });
  });

  it("returns the input itself when there are no overrides; treats undefined as {}", () => {
    const input = { a: 1 };
    expect(applyOverrides(input, [])).toBe(input);
    expect(applyOverrides(undefined, ["a.b=3"])).toEqual({ a: { b: 3 } });
  });

  it("trims around the path and value; keeps '=' inside the value", () => {
    expect(applyOverrides({}, [" gamma = 0.2 "])).toEqual({ gamma: 0.2 });
    expect(applyOverrides({}, ["symbol.name=a=b"])).toEqual({ symbol: { name: "a=b" } });
  });

  it("rejects text without '=' or with an empty path", () => {
    expect(() => applyOverrides({}, ["gamma"])).toThrow(MmlabError);
    expect(() => applyOverrides({}, ["gamma"])).toThrow('override "gamma": expected path=value, e.g. risk.q_max=2');
    expect(() => applyOverrides({}, ["=3"])).toThrow("expected path=value");
  });
});

describe("setPath", () => {
  it("creates intermediate objects", () => {
    const root: Record<string, unknown> = {};
    setPath(root, "a.b.c", 1);
    expect(root).toEqual({ a: { b: { c: 1 } } });
  });

  it("refuses to walk through a non-object", () => {
    const root: Record<string, unknown> = { gamma: 0.1, list: [1] };
    expect(() => setPath(root, "gamma.x", 1)).toThrow('override path "gamma.x": "gamma" is not an object');
    expect(() => setPath(root, "list.x", 1)).toThrow('"list" is not an object');
  });

  it("refuses empty segments and prototype keys", () => {
    for (const p of ["a..b", "", "__proto__.polluted", "constructor.prototype.x", "a.prototype"]) {
      expect(() => setPath({}, p, 1)).toThrow("not a valid dotted path");
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
