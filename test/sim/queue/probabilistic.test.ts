import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { queueModelSchema } from "../../../src/config/schema.ts";
import { ConfigError } from "../../../src/core/errors.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { createQueueModel } from "../../../src/sim/queue/index.ts";
import { Log2Prob, LogProb, Power2Prob, Power3Prob, PowerProb, ProbQueue, type QueueProbability } from "../../../src/sim/queue/probabilistic.ts";
import type { QueueModel, QueuePosition } from "../../../src/sim/queue/queueModel.ts";
import { RiskAverseQueue } from "../../../src/sim/queue/riskAverse.ts";

/*
 * Convention (hftbacktest ProbQueueModel): p = prob(front, back) is the probability that a cancel
 * happened BEHIND us; of an unexplained decrease d, (1 − p)·d comes off the queue ahead, p·d off
 * the queue behind (any excess of p·d over `back` also off the queue ahead):
 *   queueAhead' = min(newQty, max(0, front − (1 − p)·d + min(back − p·d, 0)))
 */

const newPos = (): QueuePosition => ({ queueAhead: 0 });

/** Places at 6, the level grows to 10 (4 join behind us): front = 6, back = 4. */
function front6back4(q: QueueModel): QueuePosition {
  const pos = newPos();
  q.onPlaced(pos, 6);
  q.onLevelChange(pos, 6, 10);
  expect(pos.queueAhead).toBe(6);
  return pos;
}

describe("ProbQueue: placement, trades, increases", () => {
  const q = new ProbQueue(new PowerProb(2));

  it("joins behind the whole level; an empty level puts us first", () => {
    const pos: QueuePosition = { queueAhead: -1 };
    q.onPlaced(pos, 3.5);
    expect(pos).toEqual({ queueAhead: 3.5, tradedSinceUpdate: 0 });
    q.onPlaced(pos, 0);
    expect(pos.queueAhead).toBe(0);
  });

  it("trades at our price consume the queue ahead first, the rest reaches us", () => {
    const pos = newPos();
    q.onPlaced(pos, 5);
    // trade 2: ahead 5 − 2 = 3, nothing for us
    expect(q.onTrade(pos, 2)).toBe(0);
    expect(pos.queueAhead).toBe(3);
    expect(pos.tradedSinceUpdate).toBe(2);
    // trade 3.5: ahead 3 − 3.5 < 0 → ahead 0, 0.5 reaches us
    expect(q.onTrade(pos, 3.5)).toBe(0.5);
    expect(pos.queueAhead).toBe(0);
    expect(pos.tradedSinceUpdate).toBe(5.5);
    // queue empty: a whole trade of 1.25 reaches us
    expect(q.onTrade(pos, 1.25)).toBe(1.25);
  });

  it("a level increase joins behind us: queueAhead unchanged", () => {
    const pos = newPos();
    q.onPlaced(pos, 5);
    q.onLevelChange(pos, 5, 9); // +4 behind us
    expect(pos.queueAhead).toBe(5);
    // trade 1 (ahead 4), then the update shows 5 → 7: d = (5 − 7) − 1 = −3 ≤ 0 → ahead stays 4
    q.onTrade(pos, 1);
    q.onLevelChange(pos, 9, 11);
    expect(pos.queueAhead).toBe(4);
    expect(pos.tradedSinceUpdate).toBe(0);
  });

  it("a trade followed by the depth update that shows it is not counted twice", () => {
    const pos = newPos();
    q.onPlaced(pos, 5);
    // trade 2 at our price: ahead 5 → 3; the depth update then shows 5 → 3
    // d = (5 − 3) − 2 = 0: no cancel, ahead stays 3 (counting the trade again would give ≤ 1.x)
    q.onTrade(pos, 2);
    q.onLevelChange(pos, 5, 3);
    expect(pos.queueAhead).toBe(3);
    // the memory was reset: the next decrease 3 → 2 is a cancel of 1 with front 3, back 0:
    // p = 0²/(0² + 3²) = 0 → all from ahead: 3 − 1 = 2
    q.onLevelChange(pos, 3, 2);
    expect(pos.queueAhead).toBe(2);
  });

  it("trade and cancel in one update: only the unexplained part is split (back excludes the traded quantity)", () => {
    const pos = front6back4(q);
    // trade 2: ahead 6 → 4. Update 10 → 5: d = 5 − 2 = 3 on a level of 10 − 2 = 8 with
    // front 4, back 4. power n = 2: p = 16/(16 + 16) = 0.5 → ahead 4 − 0.5·3 = 2.5
    // (back − p·d = 4 − 1.5 ≥ 0: no overflow).
    // [hftbacktest would take back = 10 − 4 = 6: p = 36/52, ahead = 4 − (16/52)·3 ≈ 3.077.]
    q.onTrade(pos, 2);
    q.onLevelChange(pos, 10, 5);
    expect(pos.queueAhead).toBeCloseTo(2.5, 12);
  });

  it("the level shrinking below the queue ahead caps it", () => {
    const pos = newPos();
    q.onPlaced(pos, 5);
    q.onTrade(pos, 4); // ahead 1, traded 4
    // 5 → 0.5: d = 4.5 − 4 = 0.5 on level 1 with front 1, back 0: p = 0 → ahead 1 − 0.5 = 0.5
    q.onLevelChange(pos, 5, 0.5);
    expect(pos.queueAhead).toBe(0.5);
    // the level vanishes: 0.5 → 0, front 0.5, back 0 → ahead 0
    q.onLevelChange(pos, 0.5, 0);
    expect(pos.queueAhead).toBe(0);
  });
});

describe("ProbQueue: a cancel of d = 2 with front = 6, back = 4 (level 10 → 8)", () => {
  // Each row: family, p = prob(6, 4) worked by hand, queueAhead = 6 − (1 − p)·2.
  const ln = Math.log;
  const cases: [string, QueueProbability, number, number][] = [
    // power n=2: p = 4²/(4² + 6²) = 16/52 = 4/13 → 6 − (9/13)·2 = 60/13 ≈ 4.6154
    ["power n=2", new PowerProb(2), 4 / 13, 60 / 13],
    // power n=3: p = 64/(64 + 216) = 8/35 → 6 − (27/35)·2 = 156/35 ≈ 4.4571
    ["power n=3", new PowerProb(3), 8 / 35, 156 / 35],
    // power2 n=2: p = 4²/10² = 0.16 → 6 − 0.84·2 = 4.32
    ["power2 n=2", new Power2Prob(2), 0.16, 4.32],
    // power2 n=3: p = 64/1000 = 0.064 → 6 − 0.936·2 = 4.128
    ["power2 n=3", new Power2Prob(3), 0.064, 4.128],
    // power3 n=2: p = 1 − (6/10)² = 0.64 → 6 − 0.36·2 = 5.28
    ["power3 n=2", new Power3Prob(2), 0.64, 5.28],
    // power3 n=3: p = 1 − 0.216 = 0.784 → 6 − 0.216·2 = 5.568
    ["power3 n=3", new Power3Prob(3), 0.784, 5.568],
    // log: p = ln 5/(ln 5 + ln 7) = 1.609438/3.555348 ≈ 0.452681 → 6 − 2·1.945910/3.555348 ≈ 4.905362
    ["log", new LogProb(), ln(5) / ln(35), 6 - (2 * ln(7)) / ln(35)],
    // log2: p = ln 5/ln 11 = 1.609438/2.397895 ≈ 0.671188 → 6 − 2·0.788457/2.397895 ≈ 5.342375
    ["log2", new Log2Prob(), ln(5) / ln(11), 6 - (2 * ln(11 / 5)) / ln(11)],
  ];

  for (const [name, prob, p, ahead] of cases) {
    it(`${name}: p = ${p.toFixed(5)}, queueAhead = ${ahead.toFixed(5)}`, () => {
      expect(prob.prob(6, 4)).toBeCloseTo(p, 12);
      const q = new ProbQueue(prob);
      const pos = front6back4(q);
      q.onLevelChange(pos, 10, 8);
      expect(pos.queueAhead).toBeCloseTo(ahead, 12);
    });
  }

  it("the hand-worked decimals: 60/13 ≈ 4.615385, log ≈ 4.905362, log2 ≈ 5.342375", () => {
    expect(60 / 13).toBeCloseTo(4.615385, 5);
    expect(6 - (2 * Math.log(7)) / Math.log(35)).toBeCloseTo(4.905362, 5);
    expect(6 - (2 * Math.log(11 / 5)) / Math.log(11)).toBeCloseTo(5.342375, 5);
  });

  it("overflow: what is assigned behind us beyond `back` comes from ahead (power3 n=2, front 6, back 1, d 4)", () => {
    // p = 1 − (6/7)² = 13/49; behind share p·d = 52/49 > back = 1 → overflow 1 − 52/49 = −3/49
    // ahead = 6 − (36/49)·4 − 3/49 = 6 − 147/49 = 3 = the whole new level (everything left is ahead)
    const q = new ProbQueue(new Power3Prob(2));
    const pos = newPos();
    q.onPlaced(pos, 6);
    q.onLevelChange(pos, 6, 7);
    q.onLevelChange(pos, 7, 3);
    expect(pos.queueAhead).toBeCloseTo(3, 12);
  });

  it("at the back of the queue (back = 0) every cancel is ahead of us, for every family", () => {
    for (const [, prob] of cases) {
      const q = new ProbQueue(prob);
      const pos = newPos();
      q.onPlaced(pos, 5);
      q.onLevelChange(pos, 5, 3); // front 5, back 0: p = 0 → ahead 5 − 2 = 3
      expect(pos.queueAhead).toBe(3);
    }
  });

  it("first in line (front = 0): stays 0, and 0/0 probabilities do not leak NaN", () => {
    for (const [, prob] of cases) {
      const q = new ProbQueue(prob);
      const pos = newPos();
      q.onPlaced(pos, 0);
      q.onLevelChange(pos, 0, 0); // front = back = 0
      q.onLevelChange(pos, 0, 4);
      q.onLevelChange(pos, 4, 1);
      expect(pos.queueAhead).toBe(0);
    }
  });
});

describe("queue config and factory", () => {
  const rng = rootRng(1).fork("queue");

  it("every kind is selectable by config, with n defaulting to 3", () => {
    expect(queueModelSchema.parse({ kind: "prob_power" })).toEqual({ kind: "prob_power", n: 3 });
    expect(queueModelSchema.parse({ kind: "prob_power2", n: 2 })).toEqual({ kind: "prob_power2", n: 2 });
    expect(queueModelSchema.parse({ kind: "prob_power3" })).toEqual({ kind: "prob_power3", n: 3 });
    expect(queueModelSchema.parse({ kind: "prob_log" })).toEqual({ kind: "prob_log" });
    expect(createQueueModel({ kind: "risk_averse" }, rng)).toBeInstanceOf(RiskAverseQueue);
    const kinds = [
      [{ kind: "prob_power", n: 2 }, PowerProb],
      [{ kind: "prob_power2", n: 2 }, Power2Prob],
      [{ kind: "prob_power3", n: 2 }, Power3Prob],
      [{ kind: "prob_log" }, LogProb],
      [{ kind: "prob_log2" }, Log2Prob],
    ] as const;
    for (const [config, cls] of kinds) {
      const model = createQueueModel(queueModelSchema.parse(config), rng);
      expect(model).toBeInstanceOf(ProbQueue);
      expect((model as ProbQueue).probability).toBeInstanceOf(cls);
    }
  });

  it("rejects n ≤ 0 (schema and constructors)", () => {
    expect(queueModelSchema.safeParse({ kind: "prob_power", n: 0 }).success).toBe(false);
    expect(queueModelSchema.safeParse({ kind: "prob_power3", n: -1 }).success).toBe(false);
    expect(queueModelSchema.safeParse({ kind: "prob_log", n: 2 }).success).toBe(false); // strict: no n
    for (const make of [(n: number) => new PowerProb(n), (n: number) => new Power2Prob(n), (n: number) => new Power3Prob(n)]) {
      for (const n of [0, -2, Number.NaN, Infinity]) {
        let error: unknown;
        try {
          make(n);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).field).toBe("sim.queue.n");
      }
    }
  });
});

/* ---------------------------------------------------------------------------------------------
 * Properties over random event sequences at our level.
 * ------------------------------------------------------------------------------------------- */

type Ev = { t: "trade"; q: number } | { t: "level"; qty: number };
const qtyArb = fc.double({ min: 0, max: 50, noNaN: true, noDefaultInfinity: true });
const evArb: fc.Arbitrary<Ev> = fc.oneof(
  fc.record({ t: fc.constant("trade" as const), q: fc.double({ min: 0, max: 20, noNaN: true, noDefaultInfinity: true }) }),
  fc.record({ t: fc.constant("level" as const), qty: qtyArb }),
);
const nArb = fc.constantFrom(0.5, 1, 2, 3, 7);

function families(n: number): [string, ProbQueue][] {
  return [
    ["power", new ProbQueue(new PowerProb(n))],
    ["power2", new ProbQueue(new Power2Prob(n))],
    ["power3", new ProbQueue(new Power3Prob(n))],
    ["log", new ProbQueue(new LogProb())],
    ["log2", new ProbQueue(new Log2Prob())],
  ];
}

const params = { seed: 42, numRuns: 300 };

describe("queue models: properties (fast-check, seed 42)", () => {
  it("0 ≤ queueAhead ≤ level size; queueAhead never increases; risk-averse ahead ≥ every probabilistic one and fills no more", () => {
    fc.assert(
      fc.property(qtyArb, fc.array(evArb, { maxLength: 60 }), nArb, (level0, events, n) => {
        const models: [string, QueueModel][] = [["risk_averse", new RiskAverseQueue()], ...families(n)];
        const pos = models.map(() => newPos());
        const filled = models.map(() => 0);
        models.forEach(([, m], i) => m.onPlaced(pos[i], level0));
        let level = level0;
        for (const ev of events) {
          const before = pos.map((p) => p.queueAhead);
          if (ev.t === "trade") {
            models.forEach(([, m], i) => {
              const got = m.onTrade(pos[i], ev.q);
              expect(got).toBeGreaterThanOrEqual(0);
              expect(got).toBeLessThanOrEqual(ev.q);
              filled[i] += got;
            });
          } else {
            models.forEach(([, m], i) => m.onLevelChange(pos[i], level, ev.qty));
            level = ev.qty;
          }
          pos.forEach((p, i) => {
            expect(p.queueAhead).toBeGreaterThanOrEqual(0);
            expect(p.queueAhead).toBeLessThanOrEqual(level);
            expect(p.queueAhead).toBeLessThanOrEqual(before[i]); // never increases at all
            expect(p.queueAhead).toBeLessThanOrEqual(pos[0].queueAhead); // risk-averse is the most behind
            expect(filled[i]).toBeGreaterThanOrEqual(filled[0]); // …so it never fills earlier
          });
        }
      }),
      params,
    );
  });

  it("while the level only shrinks (cancels and trades), queueAhead never increases", () => {
    const shrinkArb = fc.array(fc.record({ cut: fc.double({ min: 0, max: 1, noNaN: true }), trade: fc.boolean() }), { maxLength: 40 });
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }), shrinkArb, nArb, (level0, steps, n) => {
        for (const [, q] of families(n)) {
          const pos = newPos();
          q.onPlaced(pos, level0);
          let level = level0;
          for (const s of steps) {
            const next = level * (1 - s.cut);
            const before = pos.queueAhead;
            // a shrink is either a trade (reported first) plus its depth update, or a bare cancel
            if (s.trade) q.onTrade(pos, level - next);
            q.onLevelChange(pos, level, next);
            level = next;
            expect(pos.queueAhead).toBeLessThanOrEqual(before);
            expect(pos.queueAhead).toBeGreaterThanOrEqual(0);
            expect(pos.queueAhead).toBeLessThanOrEqual(level);
          }
        }
      }),
      params,
    );
  });

  it("pure cancels advance a probabilistic queue by no more than the decrease, and at most the risk-averse cap", () => {
    fc.assert(
      fc.property(qtyArb, qtyArb, fc.double({ min: 0, max: 1, noNaN: true }), nArb, (front, back, frac, n) => {
        const prev = front + back;
        const next = prev * (1 - frac);
        const d = prev - next;
        for (const [, q] of families(n)) {
          const pos = newPos();
          q.onPlaced(pos, front);
          q.onLevelChange(pos, front, prev); // back joins behind
          q.onLevelChange(pos, prev, next);
          expect(pos.queueAhead).toBeGreaterThanOrEqual(front - d - 1e-9); // moved at most d
          expect(pos.queueAhead).toBeLessThanOrEqual(Math.min(front, next)); // the risk-averse value
        }
      }),
      params,
    );
  });
});
