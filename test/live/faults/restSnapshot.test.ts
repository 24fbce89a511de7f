import { expect, it } from "vitest";
import { describeWithSharedData } from "../../support/sharedData.ts";
import { afterBookChecks, FAULT_DIFF, runWithFaults } from "./faultHarness.ts";
import { emptyBooks, expectCleanEnd, expectNoOrderOnStaleBook, expectReplayGivesLiveHash, expectResyncAfterGaps } from "./sessionChecks.ts";

/**
 * The REST depth snapshot a resync needs fails or comes late. A dropped diff makes the gap; REST
 * requests are counted from the arming (the engine quoting, long after the first sync's snapshot),
 * so request 1 is the resync's.
 */
describeWithSharedData("fault injection: the REST depth snapshot fails or is slow", () => {
  it("HTTP 502 three times in a row on the resync: retried with backoff, no order while the book is empty, resynced; the replay gives the live hash", async () => {
    const run = await runWithFaults({
      faults: { dropDiffAt: FAULT_DIFF, restErrors: { count: 3, status: 502 } },
      until: afterBookChecks(({ health }) => health.gaps >= 1),
    });
    expect(run.proxy.stats.restFailed).toBe(3);
    expect(run.feedStats.snapshotErrors, "failed snapshot fetches the feed counted").toBe(3);
    expect(run.log.filter((l) => /depth snapshot failed \(HTTP 502/.test(l)), "each failure logged with its retry").toHaveLength(3);
    // (a)
    expectNoOrderOnStaleBook(run);
    // (b) the book stayed empty through the failures and was resynced after them
    expectResyncAfterGaps(run, 1);
    // (c)
    expectReplayGivesLiveHash(run);
    expectCleanEnd(run);
  }, 120_000);

  it("a snapshot answered 1.2 s late (its book as old as the request): the diffs received meanwhile bring it up to date, no order before it; the replay gives the live hash", async () => {
    // At 8× the capture's pace, 1.2 s is ~100 diffs: well within the 256 the book sync keeps for a
    // late snapshot, even with a second of lag on a busy machine. (A snapshot later than 256 diffs
    // never syncs: each one is found older than the diffs kept, and the next one is as late.)
    const speed = 8;
    const delayMs = 1200;
    const run = await runWithFaults({
      server: { speed },
      faults: { dropDiffAt: FAULT_DIFF, restDelay: { ms: delayMs } },
      until: afterBookChecks(({ health }) => health.gaps >= 1),
    });
    expect(run.proxy.stats.restDelayed).toBeGreaterThanOrEqual(1);
    expect(run.feedStats.snapshots, "REST snapshots: the first sync and one resync").toBe(2);
    // the book stayed empty while the snapshot was late (session time follows the capture's, 8× the wall clock's)
    const [gap] = emptyBooks(run.rows);
    expect((gap.resyncedNs - gap.clearedNs) / 1e6, "ms of session time with an empty book").toBeGreaterThan(0.8 * delayMs * speed);
    // (a)
    expectNoOrderOnStaleBook(run);
    // (b)
    expectResyncAfterGaps(run, 1);
    // (c)
    expectReplayGivesLiveHash(run);
    expectCleanEnd(run);
  }, 120_000);
});
