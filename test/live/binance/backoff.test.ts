import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/core/errors.ts";
import { Rng } from "../../../src/core/rng.ts";
import { Backoff, backoffCapMs, checkBackoffOptions, fullJitterDelayMs } from "../../../src/live/binance/backoff.ts";

const OPTIONS = { initialMs: 100, maxMs: 1000, factor: 2 };

describe("backoff with full jitter", () => {
  it("caps grow by the factor up to maxMs: 100, 200, 400, 800, 1000, 1000", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffCapMs(n, OPTIONS))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("a wait is the draw times the cap", () => {
    expect(fullJitterDelayMs(0, OPTIONS, 0)).toBe(0);
    expect(fullJitterDelayMs(0, OPTIONS, 0.5)).toBe(50);
    expect(fullJitterDelayMs(3, OPTIONS, 0.25)).toBe(200);
    expect(fullJitterDelayMs(9, OPTIONS, 0.75)).toBe(750);
    expect(fullJitterDelayMs(2, { initialMs: 250, maxMs: 10_000, factor: 3 }, 0.5)).toBe(1125);
  });

  it("draws its waits from the seeded stream: the same seed gives the same waits", () => {
    // the first draws of Rng("backoff-test"): 0.7870942773297429, 0.1734791046474129, 0.11111347936093807,
    // 0.08745782426558435, 0.6613489231094718, 0.28694151691161096; times the caps above
    const expected = [78.70942773297429, 34.69582092948258, 44.44539174437523, 69.96625941246748, 661.3489231094718, 286.94151691161096];
    const b = new Backoff(OPTIONS, new Rng("backoff-test"));
    const waits = expected.map(() => b.nextDelayMs());
    waits.forEach((w, i) => expect(w).toBeCloseTo(expected[i], 9));
    expect(b.attempts).toBe(6);
  });

  it("reset goes back to the first cap (the draws continue)", () => {
    const b = new Backoff(OPTIONS, new Rng("backoff-test"));
    b.nextDelayMs();
    b.nextDelayMs();
    b.reset();
    expect(b.attempts).toBe(0);
    // third draw of the stream, first cap
    expect(b.nextDelayMs()).toBeCloseTo(0.11111347936093807 * 100, 9);
  });

  it("rejects invalid options with a ConfigError naming the field", () => {
    expect(() => checkBackoffOptions({ initialMs: -1, maxMs: 10, factor: 2 })).toThrow(ConfigError);
    expect(() => checkBackoffOptions({ initialMs: 100, maxMs: 10, factor: 2 })).toThrow(/backoff\.maxMs/);
    expect(() => checkBackoffOptions({ initialMs: 1, maxMs: 10, factor: 0.5 })).toThrow(/backoff\.factor/);
    expect(() => checkBackoffOptions({ initialMs: 1, maxMs: 10, factor: NaN })).toThrow(/backoff\.factor/);
  });
});
