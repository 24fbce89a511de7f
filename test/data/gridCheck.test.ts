import { describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.ts";
import { finerSizeGrid, GridCheck, gridKind, onGrid } from "../../src/data/gridCheck.ts";
import { EventKind } from "../../src/data/schema.ts";
import { SessionKind } from "../../src/data/sessionKinds.ts";

/*
 * The one grid rule of every source: a price is a positive whole number of ticks, a size a whole
 * number of lots, within 1e-9 of a step (widened only by float64's resolution for large counts).
 */
const at = () => ({ file: "in.csv", row: 7 });

function errorOf(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error("expected a DataError");
}

describe("the grid rule", () => {
  it("takes decimal prices and sizes as they parse, and nothing off the grid by more than 1e-9 of a step", () => {
    for (const [value, step] of [[61837.64, 0.01], [0.00123, 0.00001], [25.426189, 0.000001], [99999999.99, 0.01], [2147483647 * 0.01, 0.01], [123456.789, 0.001]] as const) {
      expect(onGrid(value / step)).toBe(true);
      expect(onGrid(value * (1 / step))).toBe(true);
    }
    expect(onGrid(61837.645 / 0.01)).toBe(false); // half a tick
    expect(onGrid(61837.64 / 0.03)).toBe(false); // --tick 0.03
    expect(onGrid(0.001 / 0.01)).toBe(false); // a bid of 0.001 on a 0.01 grid (was rounded to price 0)
    expect(onGrid((1999.99 + 1e-9) / 0.01)).toBe(false); // 1e-7 of a tick off
    expect(onGrid(1e-8 + 6183764)).toBe(true); // float noise of a large count
  });

  it("applies to market rows, not to clears and session rows", () => {
    for (const k of [EventKind.DEPTH, EventKind.TRADE, EventKind.SNAPSHOT, EventKind.L3_ADD, EventKind.L3_CANCEL, EventKind.L3_MODIFY, EventKind.L3_FILL]) expect(gridKind(k)).toBe(true);
    for (const k of [EventKind.DEPTH_CLEAR, SessionKind.HEARTBEAT, SessionKind.ROUND_TRIP, SessionKind.CONTROL, SessionKind.ORDER_FILL]) expect(gridKind(k)).toBe(false);
  });

  it("an off-grid price or size, or a price ≤ 0, is an error naming file, row, field and value", () => {
    const g = new GridCheck(0.01, 0.00001);
    expect(g.price(61837.64, at)).toBe(61837.64);
    const half = errorOf(() => g.price(61837.645, at, "p"));
    expect([half.file, half.row, half.field]).toEqual(["in.csv", 7, "p"]);
    expect(half.message).toBe("in.csv: row 7: p: price 61837.645 is not on the tick grid of 0.01 (6183764.5 ticks); pass --tick if the instrument's tick differs, or --snap-to-grid to round such prices");
    expect(errorOf(() => g.price(0, at)).message).toBe("in.csv: row 7: price: price must be > 0, found 0");
    expect(errorOf(() => new GridCheck(0.01, 0.01).size(0.015, at, "q")).message).toBe(
      "in.csv: row 7: q: size 0.015 is not on the lot grid of 0.01 (1.5 lots); pass --lot if the instrument's lot differs, or --snap-to-grid to round such sizes",
    );
    expect(g.size(0.015, at)).toBe(0.015); // 1,500 lots of 0.00001
  });

  it("with snap, rounds to the nearest grid value (the decimal itself) and counts it in a note", () => {
    const g = new GridCheck(0.01, 0.01, true);
    expect(g.price(61837.645, at)).toBe(61837.65);
    expect(g.price(61837.644, at)).toBe(61837.64);
    expect(g.size(0.014, at)).toBe(0.01);
    expect(g.size(2.5, at)).toBe(2.5);
    expect(g.note()).toBe("--snap-to-grid: rounded 2 prices to the tick grid of 0.01 (largest move 0.5 tick) and 1 sizes to the lot grid of 0.01 (largest move 0.4 lot); the first at in.csv: row 7: price 61837.645");
    // a price that would snap to 0, or a size that would vanish, stays an error
    expect(errorOf(() => g.price(0.001, at)).message).toMatch(/price 0\.001 rounds to 0 on the tick grid of 0\.01 \(prices must be > 0\)/);
    expect(errorOf(() => g.size(0.004, at)).message).toMatch(/size 0\.004 rounds to 0 on the lot grid of 0\.01/);
    expect(new GridCheck(0.01, 0.01, true).note()).toBeNull();
  });

  it("a size grid finer than the lot holds only while the lot is a whole number of its steps", () => {
    expect(finerSizeGrid(0.000001, 0.00001)).toBe(0.000001);
    expect(finerSizeGrid(0.000001, 0.01)).toBe(0.000001);
    expect(finerSizeGrid(0.001, 0.00001)).toBeUndefined(); // coarser than the lot
    expect(finerSizeGrid(0.0003, 0.001)).toBeUndefined(); // the lot is not a multiple
    expect(finerSizeGrid(undefined, 1)).toBeUndefined();
    const g = new GridCheck(0.01, 0.00001, false, 0.000001);
    expect(g.size(25.426189, at)).toBe(25.426189);
    expect(() => g.size(25.4261895, at)).toThrow(/not on the lot grid of 0\.000001/);
  });
});
