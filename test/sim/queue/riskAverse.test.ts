import { describe, expect, it } from "vitest";
import { RiskAverseQueue } from "../../../src/sim/queue/riskAverse.ts";
import type { QueuePosition } from "../../../src/sim/queue/queueModel.ts";

describe("RiskAverseQueue", () => {
  const q = new RiskAverseQueue();

  it("onPlaced puts the whole level ahead of us", () => {
    const pos: QueuePosition = { queueAhead: -1 };
    q.onPlaced(pos, 3.5);
    expect(pos.queueAhead).toBe(3.5);
    q.onPlaced(pos, 0); // an empty level: first in line
    expect(pos.queueAhead).toBe(0);
  });

  it("trades at our price consume the queue first, then reach us with the remainder", () => {
    const pos: QueuePosition = { queueAhead: 0 };
    q.onPlaced(pos, 5);
    // trade 2: ahead 5 − 2 = 3, nothing for us
    expect(q.onTrade(pos, 2)).toBe(0);
    expect(pos.queueAhead).toBe(3);
    // trade 3: ahead 3 − 3 = 0 exactly, still nothing for us
    expect(q.onTrade(pos, 3)).toBe(0);
    expect(pos.queueAhead).toBe(0);
    // trade 1.25: queue empty, the whole trade reaches us
    expect(q.onTrade(pos, 1.25)).toBe(1.25);
    expect(pos.queueAhead).toBe(0);
  });

  it("a trade larger than the queue ahead fills only the remainder (partial, capped by the trade)", () => {
    const pos: QueuePosition = { queueAhead: 0 };
    q.onPlaced(pos, 4);
    // trade 6 against 4 ahead: 6 − 4 = 2 reaches us
    expect(q.onTrade(pos, 6)).toBe(2);
    expect(pos.queueAhead).toBe(0);
    // what reaches us never exceeds the trade itself
    const pos2: QueuePosition = { queueAhead: 0 };
    q.onPlaced(pos2, 0);
    expect(q.onTrade(pos2, 0.7)).toBe(0.7);
  });

  it("a level shrink caps the queue ahead at the new level size", () => {
    const pos: QueuePosition = { queueAhead: 0 };
    q.onPlaced(pos, 10);
    // 10 → 6: cancels assumed behind us, but the queue ahead cannot exceed the level: ahead = 6
    q.onLevelChange(pos, 10, 6);
    expect(pos.queueAhead).toBe(6);
    // 6 → 8 → 7: both sizes ≥ 6, so the queue ahead stays 6
    q.onLevelChange(pos, 6, 8);
    q.onLevelChange(pos, 8, 7);
    expect(pos.queueAhead).toBe(6);
    // 7 → 2: ahead = 2
    q.onLevelChange(pos, 7, 2);
    expect(pos.queueAhead).toBe(2);
    // level deleted: ahead = 0, the next trade at our price reaches us in full
    q.onLevelChange(pos, 2, 0);
    expect(pos.queueAhead).toBe(0);
    expect(q.onTrade(pos, 0.5)).toBe(0.5);
  });

  it("level growth never increases the queue ahead (new orders join behind us)", () => {
    const pos: QueuePosition = { queueAhead: 0 };
    q.onPlaced(pos, 3);
    q.onLevelChange(pos, 3, 9);
    expect(pos.queueAhead).toBe(3);
    // after a trade advanced us to 1 ahead, growth to 20 leaves us at 1
    expect(q.onTrade(pos, 2)).toBe(0);
    q.onLevelChange(pos, 7, 20);
    expect(pos.queueAhead).toBe(1);
  });
});
