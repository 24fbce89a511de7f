import { describe, expect, it } from "vitest";
import { joinDashValues } from "../../src/cli/dashValues.ts";

const VALUE_OPTIONS = new Set(["duration", "seed", "on-gap"]);
const takesValue = (name: string) => VALUE_OPTIONS.has(name);

describe("joinDashValues", () => {
  it("joins a value option and a value that starts with a dash and a digit", () => {
    expect(joinDashValues(["backtest", "--duration", "-5m"], takesValue)).toEqual(["backtest", "--duration=-5m"]);
    expect(joinDashValues(["backtest", "--seed", "-1", "--duration", "-.5h"], takesValue)).toEqual(["backtest", "--seed=-1", "--duration=-.5h"]);
  });

  it("leaves flags, other options, values without a digit, joined values and everything after -- alone", () => {
    const cases: string[][] = [
      ["backtest", "--json", "-5"], // a boolean flag
      ["backtest", "--duration", "5m", "--force"],
      ["backtest", "--duration", "-x"],
      ["backtest", "--duration=-5m"],
      ["backtest", "--set", "gamma=-1"],
      ["backtest", "--", "--duration", "-5m"],
      ["backtest", "--duration"],
    ];
    for (const argv of cases) expect(joinDashValues(argv, takesValue)).toEqual(argv);
  });
});
