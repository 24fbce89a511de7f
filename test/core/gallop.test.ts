import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gallopPast } from "../../src/core/gallop.ts";

/** The same question row by row. */
function scan(times: Float64Array, from: number, to: number, afterNs: number, atOrAfterNs: number): number {
  let i = from;
  while (i < to && !(times[i] > afterNs || times[i] >= atOrAfterNs)) i++;
  return i;
}

describe("gallopPast", () => {
  const times = Float64Array.from([1, 2, 2, 2, 5, 8, 8, 9, 20]);

  it("finds the first row after one bound or at or after the other (hand-checked)", () => {
    expect(gallopPast(times, 0, 9, 2, Infinity)).toBe(4); // first time > 2 is 5 at row 4
    expect(gallopPast(times, 0, 9, Infinity, 2)).toBe(1); // first time ≥ 2 is row 1
    expect(gallopPast(times, 0, 9, 8, 9)).toBe(7); // > 8 or ≥ 9: 9 at row 7
    expect(gallopPast(times, 5, 9, 7, Infinity)).toBe(5); // the first row itself
    expect(gallopPast(times, 2, 9, 100, Infinity)).toBe(9); // none: `to`
    expect(gallopPast(times, 2, 6, 100, Infinity)).toBe(6); // none before `to`
    expect(gallopPast(times, 3, 3, 0, 0)).toBe(3); // an empty range
  });

  it("equals the row-by-row scan on ascending times (ties, any range and bounds)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: -5, max: 700 }),
        fc.integer({ min: -5, max: 700 }),
        (steps, a, b, after, atOrAfter) => {
          let t = 0;
          const times = Float64Array.from(steps, (d) => (t += d));
          const from = times.length === 0 ? 0 : a % (times.length + 1);
          const to = from + (times.length === 0 ? 0 : b % (times.length - from + 1));
          expect(gallopPast(times, from, to, after, atOrAfter)).toBe(scan(times, from, to, after, atOrAfter));
        },
      ),
      { seed: 5, numRuns: 1000 },
    );
  });
});
