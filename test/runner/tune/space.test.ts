import { describe, expect, it } from "vitest";
import { parseRangeArg, rangeText, spaceFromArgs, valueAt } from "../../../src/runner/tune/space.ts";

describe("tune parameter ranges", () => {
  it("parses uniform, log, int and choice ranges", () => {
    expect(parseRangeArg("gamma=0.01..1")).toEqual(["gamma", { kind: "uniform", min: 0.01, max: 1 }]);
    expect(parseRangeArg("gamma=log:0.01..1")).toEqual(["gamma", { kind: "log", min: 0.01, max: 1 }]);
    expect(parseRangeArg("risk.q_max=int:1..5")).toEqual(["risk.q_max", { kind: "int", min: 1, max: 5 }]);
    expect(parseRangeArg("x=-2..-1")).toEqual(["x", { kind: "uniform", min: -2, max: -1 }]);
    expect(parseRangeArg("quoter=as,glft")).toEqual(["quoter", { kind: "choice", choices: ["as", "glft"] }]);
    expect(parseRangeArg("flag=true,false")).toEqual(["flag", { kind: "choice", choices: [true, false] }]);
    expect(parseRangeArg("n=1,2,5")).toEqual(["n", { kind: "choice", choices: [1, 2, 5] }]);
  });

  it("maps u in [0, 1) through each range: the quantile of a uniform draw", () => {
    expect(valueAt({ kind: "uniform", min: 2, max: 4 }, 0.25)).toBe(2.5);
    // log: exp(ln 0.01 + 0.5 (ln 1 − ln 0.01)) = 0.1
    expect(valueAt({ kind: "log", min: 0.01, max: 1 }, 0.5)).toBe(0.1);
    // int 1..5: 5 equal strata of u
    expect([0, 0.19, 0.2, 0.59, 0.6, 0.999].map((u) => valueAt({ kind: "int", min: 1, max: 5 }, u))).toEqual([1, 1, 2, 3, 4, 5]);
    expect([0, 0.49, 0.5, 0.99].map((u) => valueAt({ kind: "choice", choices: ["a", "b"] }, u))).toEqual(["a", "a", "b", "b"]);
    // floats keep 6 significant digits
    expect(valueAt({ kind: "uniform", min: 0, max: 1 }, 1 / 3)).toBe(0.333333);
  });

  it("writes ranges as the report shows them", () => {
    expect(rangeText({ kind: "log", min: 0.01, max: 1 })).toBe("log 0.01..1");
    expect(rangeText({ kind: "uniform", min: 0, max: 1 })).toBe("0..1");
    expect(rangeText({ kind: "choice", choices: ["as", 2] })).toBe("as | 2");
  });

  it("refuses bad ranges with the parameter named", () => {
    expect(() => parseRangeArg("gamma")).toThrow(/expected name=min\.\.max/);
    expect(() => parseRangeArg("gamma=1..0.5")).toThrow(/--param gamma: min 1 must be below max 0\.5/);
    expect(() => parseRangeArg("gamma=log:0..1")).toThrow(/--param gamma: a log range needs min > 0/);
    expect(() => parseRangeArg("n=int:1..2.5")).toThrow(/--param n: an int range needs integer bounds/);
    expect(() => parseRangeArg("gamma=a..b")).toThrow(/--param gamma: bounds must be numbers/);
    expect(() => parseRangeArg("gamma=log:")).toThrow(/--param gamma: expected min\.\.max/);
    expect(() => parseRangeArg("q=as,as")).toThrow(/--param q: "as" is listed twice/);
    expect(() => spaceFromArgs(["gamma=0..1", "gamma=1..2"])).toThrow(/--param gamma: given twice/);
    expect(() => spaceFromArgs([])).toThrow(/name at least one --param/);
  });
});
