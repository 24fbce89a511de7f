import { describe, expect, it } from "vitest";
import { newHasher, hashView } from "../../../src/core/hash.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { EventBatchPool, toEventBatch } from "../../../src/data/batch.ts";
import { syntheticParamsData } from "../../../src/data/sources/syntheticData.ts";
import { syntheticMarket } from "../../../src/data/synthetic/generator.ts";
import type { SyntheticParamsInput } from "../../../src/data/synthetic/params.ts";
import { rowsOf } from "../../support/batchRows.ts";

/** What syntheticData gives must be the file form converted (toEventBatch), and its hash the file columns' hash. */
async function expectSameAsFileForm(params: SyntheticParamsInput): Promise<void> {
  const market = syntheticMarket(params, rootRng(3));
  const expected = [];
  const hasher = newHasher();
  hasher.update(JSON.stringify(market.meta));
  for (const c of market.batches) {
    expected.push(rowsOf(toEventBatch(c, market.originNs, market.meta.tickSize)));
    for (const col of [c.exchTs, c.localTs, c.kind, c.side, c.price, c.qty, c.orderId]) hashView(hasher, col);
  }
  const data = syntheticParamsData(params, rootRng(3), "test");
  const pool = new EventBatchPool();
  const actual = [];
  for await (const b of data.batches(pool)) {
    actual.push(rowsOf(b));
    b.orderId.fill(7); // a consumer's scribbles on a pooled batch must not reach a later one
    pool.give(b);
  }
  const digest = hasher.digest("hex");
  expect(actual.length).toBeGreaterThan(1);
  expect(actual).toEqual(expected);
  expect(await data.hash()).toBe(digest);
  // hashed without being streamed (a run that stopped at once): the same
  expect(await syntheticParamsData(params, rootRng(3), "test").hash()).toBe(digest);
}

describe("syntheticData: engine batches straight from the generator", () => {
  it("the rows and the hash are those of the file form converted, batch for batch", async () => {
    await expectSameAsFileForm({ durationS: 120, batchRows: 997 });
  });

  it("also with depth published in fractional intervals, a tick that is not 1/integer, and sweeps larger than a batch", async () => {
    await expectSameAsFileForm({ durationS: 90.5, depthIntervalMs: 100 / 3, feedLatencyMs: 0, batchRows: 600 });
    await expectSameAsFileForm({ durationS: 60, tickSize: 0.3, lotSize: 0.001, initialPrice: 100, batchRows: 1000 });
    await expectSameAsFileForm({ durationS: 20, batchRows: 3 });
  });
});
