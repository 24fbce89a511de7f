import { describe, expect, it } from "vitest";
import { MmlabError } from "../../src/core/errors.ts";
import { NS_PER_MS, NS_PER_S, parseDurationNs, VirtualClock } from "../../src/core/time.ts";

describe("parseDurationNs", () => {
  it("parses the documented units", () => {
    expect(parseDurationNs("24h")).toBe(24 * 3600 * 1e9); // 8.64e13
    expect(parseDurationNs("90m")).toBe(5400 * 1e9);
    expect(parseDurationNs("250ms")).toBe(250 * 1e6);
    expect(parseDurationNs("1.5s")).toBe(1.5e9);
    expect(parseDurationNs("2d")).toBe(2 * 86_400 * 1e9);
    expect(parseDurationNs("750us")).toBe(750_000);
    expect(parseDurationNs("10ns")).toBe(10);
  });

  it("a bare number means seconds; spaces are allowed", () => {
    expect(parseDurationNs("10")).toBe(10 * NS_PER_S);
    expect(parseDurationNs(" 5 ms ")).toBe(5 * NS_PER_MS);
  });

  it("rejects bad input with an MmlabError quoting it", () => {
    for (const bad of ["", "h", "abc", "5x", "1e3s", "5 s s", "1.s", "24H"]) {
      expect(() => parseDurationNs(bad)).toThrow(MmlabError);
      expect(() => parseDurationNs(bad)).toThrow(`duration "${bad}": expected a number with a unit`);
    }
  });

  it("a negative duration: the rule and an example, under the name given", () => {
    for (const bad of ["-5s", "-5m", " -0.5h", "-.5s", "-5"]) {
      expect(() => parseDurationNs(bad)).toThrow(`duration "${bad}": must be a positive duration such as 90s, 15m, 8h`);
    }
    expect(() => parseDurationNs("-5m", "--duration")).toThrow('--duration "-5m": must be a positive duration such as 90s, 15m, 8h');
    expect(() => parseDurationNs("soon", "--duration")).toThrow('--duration "soon": expected a number with a unit');
  });

  it("rejects zero", () => {
    expect(() => parseDurationNs("0s")).toThrow('duration "0s": must be greater than zero');
    expect(() => parseDurationNs("0.0")).toThrow("must be greater than zero");
  });
});

describe("VirtualClock", () => {
  it("starts at 0 and never goes back", () => {
    const c = new VirtualClock();
    expect(c.nowNs()).toBe(0);
    c.advanceTo(5e9);
    expect(c.nowNs()).toBe(5e9);
    c.advanceTo(1e9);
    expect(c.nowNs()).toBe(5e9);
    c.advanceTo(5e9 + 1);
    expect(c.nowNs()).toBe(5e9 + 1);
  });
});
