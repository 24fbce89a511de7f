import { describe, expect, it } from "vitest";
import { OnlineCalibration } from "../../src/estimators/onlineCalibration.ts";
import { testMarket } from "../../src/calibration/testMarket.ts";
import { testMarketData } from "../../src/calibration/testMarketData.ts";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { runBacktest } from "../../src/runner/backtest.ts";

const ONLINE = { enabled: true, window_seconds: 600, every_seconds: 60, offset_ticks: 0, step_ticks: 5, levels: 31 };
const rel = (x: number, truth: number) => Math.abs(x - truth) / truth;

describe("OnlineCalibration", () => {
  const settings = parseConfig({ calibration: { online: ONLINE } }).calibration.online;

  it("a fit comes into force only once the clock has passed its window; bad fits are recorded, not applied", () => {
    const online = new OnlineCalibration(settings, 0.01);
    // fed ahead of the engine: the whole 20 minutes at once
    for (const b of testMarket({ A: 1.5, k: 2, sigma: 0.5, durationS: 1200 }, rootRng(7)).batches) online.update(b);
    expect(online.due(599e9)).toBeUndefined(); // the first window ends at 600 s
    const first = online.due(600e9)!;
    expect(rel(first.k, 2)).toBeLessThan(0.15);
    expect(online.history.map((h) => h.tS)).toEqual([600]);
    online.due(1000e9); // 660 … 960 s come due together; the last good one is in force
    expect(online.history.map((h) => h.tS)).toEqual([600, 660, 720, 780, 840, 900, 960]);
    expect(online.current).toEqual({ k: online.history[6].k, A: online.history[6].A });
    expect(online.history.every((h) => h.applied)).toBe(true);

    const strict = new OnlineCalibration({ ...settings, min_r2: 1 }, 0.01); // no fit is perfect
    for (const b of testMarket({ A: 1.5, k: 2, sigma: 0.5, durationS: 700 }, rootRng(7)).batches) strict.update(b);
    expect(strict.due(700e9)).toBeUndefined();
    expect(strict.history.map((f) => [f.tS, f.applied])).toEqual([[600, false], [660, false]]);
    expect(strict.current).toBeUndefined();
  });

  it("the config checks that the window is a whole number of re-fit periods", () => {
    expect(() => parseConfig({ calibration: { online: { window_seconds: 600, every_seconds: 70 } } })).toThrow(
      "config: calibration.online.window_seconds = 600: must be a whole multiple of calibration.online.every_seconds (70)",
    );
    expect(parseConfig({}).calibration.online.enabled).toBe(false);
  });
});

describe("online re-calibration in a backtest", () => {
  /** A 30 min backtest on the test market of known A = 1.5 /s, k = 2 /quote, σ = 0.5 quote/√s, starting from the default k = 0.7. */
  async function run(online: object) {
    const rng = rootRng("5");
    const data = testMarketData({ A: 1.5, k: 2, sigma: 0.5, durationS: 1800 }, rng);
    return runBacktest({ config: parseConfig({ calibration: { online }, symbol: { name: "TEST" } }), data, rng });
  }

  it("k converges to the market's k (within 10 %) and the quotes tighten as the model says; deterministic", async () => {
    const r = await run(ONLINE);
    const h = r.onlineCalibration!;
    expect(h.map((f) => f.tS)).toEqual(Array.from({ length: 20 }, (_, i) => 600 + 60 * i)); // every minute from 10 min on (the data ends before 30 min)
    expect(h.every((f) => f.applied)).toBe(true);
    for (const f of h.slice(-5)) {
      expect(rel(f.k, 2)).toBeLessThan(0.1);
      expect(rel(f.A, 1.5)).toBeLessThan(0.1);
    }
    // A–S spread δ = γσ²τ + (2/γ)·ln(1 + γ/k): the liquidity part falls from 4·ln(1 + 0.5/0.7) = 2.16 to 4·ln(1.25) = 0.89 quote
    const { t_ns: t, bid, ask } = r.timeseries as Record<string, Float64Array>;
    const meanSpread = (from: number, to: number) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < t.length; i++) if (t[i] >= from * 1e9 && t[i] < to * 1e9 && Number.isFinite(ask[i] - bid[i])) (s += ask[i] - bid[i]), n++;
      return s / n;
    };
    const before = meanSpread(60, 600);
    const after = meanSpread(1200, 1800);
    expect(after).toBeLessThan(before - 1);
    const again = await run(ONLINE);
    expect(again.resultsHash).toBe(r.resultsHash);
    expect(again.onlineCalibration).toEqual(h);
  }, 60_000);

  it("off by default: no fits, the same results as without the section", async () => {
    const off = await run({ enabled: false });
    expect(off.onlineCalibration).toEqual([]);
    const rng = rootRng("5");
    const plain = await runBacktest({ config: parseConfig({ symbol: { name: "TEST" } }), data: testMarketData({ A: 1.5, k: 2, sigma: 0.5, durationS: 1800 }, rng), rng });
    expect(plain.resultsHash).toBe(off.resultsHash);
  }, 60_000);
});
