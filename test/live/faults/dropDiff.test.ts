import { expect, it } from "vitest";
import { describeWithSharedData } from "../../support/sharedData.ts";
import { afterBookChecks, FAULT_DIFF, runWithFaults } from "./faultHarness.ts";
import { expectCleanEnd, expectNoOrderOnStaleBook, expectReplayGivesLiveHash, expectResyncAfterGaps } from "./sessionChecks.ts";

describeWithSharedData("fault injection: one depth diff is lost on the way", () => {
  it("the sequence gap is found, the book emptied and resynced from a fresh snapshot, no order on a stale or empty book; the replay gives the live hash", async () => {
    const run = await runWithFaults({
      faults: { dropDiffAt: FAULT_DIFF },
      until: afterBookChecks(({ health }) => health.gaps >= 1),
    });
    expect(run.proxy.stats.droppedDiffs).toBe(1);
    expect(run.log.some((l) => l.includes("gap in the depth stream")), "the gap is logged").toBe(true);
    expect(run.feedStats.snapshots, "REST snapshots: the first sync and the resync").toBe(2);
    // (a)
    expectNoOrderOnStaleBook(run);
    // (b)
    expectResyncAfterGaps(run, 1);
    expect(run.result.feed.reconnects, "a gap needs no reconnect").toBe(0);
    // (c)
    expectReplayGivesLiveHash(run);
    expectCleanEnd(run);
  }, 120_000);
});
