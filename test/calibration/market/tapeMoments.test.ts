import { describe, expect, it } from "vitest";
import { ImpactResidual } from "../../../src/calibration/market/impactResidual.ts";
import { MarketTape } from "../../../src/calibration/market/marketTape.ts";
import { referenceKernel } from "../../../src/calibration/market/referenceKernel.ts";
import { tapeMoments } from "../../../src/calibration/market/tapeMoments.ts";
import { rootRng } from "../../../src/core/rng.ts";

const S = 1e9;

/** Two orders and four mids, as a MarketOrderFeed hands them over (orders of a timestamp before its mid). */
function smallTape(): MarketTape {
  const tape = new MarketTape();
  tape.onMid(0, 1 * S, 100);
  tape.onMarketOrder(1 * S, 1, 100, 0.5, 4); // a buy of 4: v^½ = 2
  tape.onMid(1 * S, 2 * S, 102);
  tape.onMarketOrder(2 * S, -1, 102, 0.5, 1); // a sell of 1: v^½ = 1
  tape.onMid(2 * S, 3 * S, 101);
  tape.onMid(3 * S, 5 * S, 104);
  tape.onMid(5 * S, 10 * S, 104); // unchanged, no order between: one entry with the previous
  tape.finish(10 * S);
  return tape;
}

describe("impact residual, tape and moments", () => {
  it("the reference impact: η·v^ψ at once, ρ of it for good, the rest decaying with T", () => {
    const c = new ImpactResidual({ etaTicks: 10, exponent: 0.5, permanentShare: 0.5, decayS: 1 });
    c.onMarketOrder(1 * S, 1, 100, 0.5, 4);
    expect(c.before(1 * S)).toBe(0);
    expect(c.at(1 * S)).toBe(20);
    expect(c.at(2 * S)).toBeCloseTo(10 + 10 * Math.exp(-1), 12);
  });

  it("the tape merges unchanged mids and replays the rest in order", () => {
    expect(smallTape().length).toBe(6);
  });

  it("response and variance of the mid and of the residual, by hand", () => {
    const spec = { lagsS: [1], horizonsS: [1], sizeExponent: 0.5, reachTicks: 25 };
    const m = tapeMoments(smallTape(), { etaTicks: 1, exponent: 0.5, permanentShare: 1, decayS: 1 }, spec);
    // mid: the buy at 100 sees 101 a second later (+1), the sell at 102 sees 104 (−2): points (x, y) = (2, 1), (1, −2)
    expect(m.responses[0].n).toBe(2);
    expect(m.responses[0].slope).toBeCloseTo(3, 12);
    expect(m.responses[0].intercept).toBeCloseTo(-5, 12);
    // residual (mid − C, C = +2 after the buy, +1 after the sell): 100 → 100 (0) and 100 → 103 (−3): (2, 0), (1, −3)
    expect(m.residualResponses[0].slope).toBeCloseTo(3, 12);
    expect(m.residualResponses[0].intercept).toBeCloseTo(-6, 12);
    // the mid sampled each second from 0 to 9 s: 100, 102, 101, 104 × 7: Σ Δ² = 4 + 1 + 9 over 9 changes
    expect(m.horizons[0].changes).toBe(9);
    expect(m.horizons[0].midTicks2PerS).toBeCloseTo(14 / 9, 12);
    // the residual: 100, 100, 100, 103 × 7
    expect(m.horizons[0].residualTicks2PerS).toBeCloseTo(9 / 9, 12);
    expect(m.vector.names).toEqual(["rv.mid.1", "rv.residual.1", "a.1", "b.1", "reach.1"]);
    expect(m.vector.values.slice(0, 4).map((x) => Number(x.toFixed(9)))).toEqual([1.555555556, 1, -6, 3]);
    expect(m.vector.values[4]).toBeNaN(); // no order reached 25 ticks
  });

  it("the reference kernel's η explains the mid's moves: a mid that is 3 × the unit kernel's impact gives η = 3", () => {
    const shape = { exponent: 0.5, permanentShare: 0.6, decayS: 20 };
    const unit = new ImpactResidual({ ...shape, etaTicks: 1 });
    const rng = rootRng("kernel");
    const tape = new MarketTape();
    let t = 0;
    tape.onMid(0, 0.3 * S, 1000);
    for (let i = 0; i < 2000; i++) {
      t += 0.3 * S;
      const side = rng.next() < 0.5 ? 1 : -1;
      const qty = 0.01 + rng.next();
      tape.onMarketOrder(t, side, NaN, 0.5, qty);
      unit.onMarketOrder(t, side, NaN, 0.5, qty);
      tape.onMid(t, t + 0.3 * S, 1000 + 3 * unit.at(t));
    }
    tape.finish(t + 0.3 * S);
    expect(referenceKernel(tape, shape, 10).etaTicks).toBeCloseTo(3, 6);
  });
});
