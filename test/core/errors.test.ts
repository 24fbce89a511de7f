import { describe, expect, it } from "vitest";
import { ConfigError, DataError, MmlabError } from "../../src/core/errors.ts";

describe("ConfigError", () => {
  it("names the field, the value and the rule in a one-line message", () => {
    const e = new ConfigError("risk.q_max", -2, "must be > 0 (base units)");
    expect(e).toBeInstanceOf(MmlabError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("ConfigError");
    expect(e.field).toBe("risk.q_max");
    expect(e.value).toBe(-2);
    expect(e.rule).toBe("must be > 0 (base units)");
    expect(e.message).toBe("config: risk.q_max = -2: must be > 0 (base units)");
    expect(e.message).not.toContain("\n");
  });

  it("formats strings, objects, undefined and bigints", () => {
    expect(new ConfigError("a", "x", "r").message).toBe('config: a = "x": r');
    expect(new ConfigError("a", { b: 1 }, "r").message).toBe('config: a = {"b":1}: r');
    expect(new ConfigError("a", undefined, "r").message).toBe("config: a = undefined: r");
    expect(new ConfigError("a", 10n, "r").message).toBe("config: a = 10: r");
  });

  it("formats non-finite numbers as themselves (NaN, Infinity), not as JSON null", () => {
    expect(new ConfigError("mid", NaN, "must be a finite price").message).toBe("config: mid = NaN: must be a finite price");
    expect(new ConfigError("mid", -Infinity, "must be a finite price").message).toBe("config: mid = -Infinity: must be a finite price");
  });
});

describe("DataError", () => {
  it("names file, row, field and rule; leaves out what is unknown", () => {
    const e = new DataError("day.arrow", 17, "price", "must be finite");
    expect(e).toBeInstanceOf(MmlabError);
    expect(e.name).toBe("DataError");
    expect(e.message).toBe("day.arrow: row 17: price: must be finite");
    expect(new DataError("day.arrow", undefined, undefined, "truncated").message).toBe("day.arrow: truncated");
    expect(new DataError("x.csv", 0, undefined, "empty").message).toBe("x.csv: row 0: empty");
  });
});

describe("instanceof across copies of mmlab", () => {
  it("knows an error of another copy of the module by its classes' kinds, and nothing else", async () => {
    // the same module loaded again under another URL: another copy, with classes of its own
    const url = new URL("../../src/core/errors.ts?another-copy", import.meta.url).href;
    const other = (await import(/* @vite-ignore */ url)) as typeof import("../../src/core/errors.ts");
    expect(other.MmlabError).not.toBe(MmlabError);
    const config = new other.ConfigError("gamma", -1, "must be > 0");
    expect(config).toBeInstanceOf(ConfigError);
    expect(config).toBeInstanceOf(MmlabError);
    expect(config).not.toBeInstanceOf(DataError);
    expect(new other.DataError("f.csv", 3, "price", "must be > 0")).toBeInstanceOf(DataError);
    expect(new other.MmlabError("plain")).not.toBeInstanceOf(ConfigError);
    // a class declaring no kind of its own is known across copies only as what it extends
    class TheirsWithoutKind extends other.MmlabError {}
    class OursWithoutKind extends MmlabError {}
    expect(new TheirsWithoutKind("x")).toBeInstanceOf(MmlabError);
    expect(new TheirsWithoutKind("x")).not.toBeInstanceOf(OursWithoutKind);
    expect(new Error("x")).not.toBeInstanceOf(MmlabError);
    expect(Object.assign(new Error("x"), { kinds: ["MmlabError"] })).not.toBeInstanceOf(MmlabError);
  });
});
