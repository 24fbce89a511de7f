import { expect, it } from "vitest";
import { describeWithSharedData } from "../../support/sharedData.ts";
import { afterBookChecks, FAULT_FRAME, runWithFaults } from "./faultHarness.ts";
import {
  expectBookAgreesAfter,
  expectCleanEnd,
  expectNoOrderOnEmptyBook,
  expectNoOrderOnStaleBook,
  expectReplayGivesLiveHash,
  expectResynced,
} from "./sessionChecks.ts";

/** The restart comes FAULT_FRAME frames after the engine started quoting; connections are refused for 1.5 s of wall time. */
const DOWN_MS = 1500;

describeWithSharedData("fault injection: the exchange restarts", () => {
  it("every connection dropped and refused for 1.5 s: the book is emptied at once, the feed reconnects with backoff and resyncs, no order on a stale or empty book; the replay gives the live hash", async () => {
    const run = await runWithFaults({
      faults: { restart: { atFrame: FAULT_FRAME, downMs: DOWN_MS } },
      until: afterBookChecks(({ health }) => health.reconnects >= 1),
    });
    expect(run.proxy.stats.restarts).toBe(1);
    expect(run.proxy.stats.refused, "connection attempts refused while down").toBeGreaterThanOrEqual(1);
    expect(run.result.feed.reconnects, "reconnects").toBe(1);
    expect(run.log.some((l) => l.includes("disconnected") && l.includes("the book is cleared")), "the disconnect is logged").toBe(true);
    expect(run.feedStats.snapshots, "REST snapshots: the first sync and one after the reconnect").toBe(2);
    // the disconnect emptied the book; the snapshot after the reconnect filled it
    const empty = expectNoOrderOnEmptyBook(run);
    expect(empty.length).toBe(1);
    expectResynced(run, empty);
    expect((empty[0].resyncedNs - empty[0].clearedNs) / 1e6, "ms of session time with an empty book: at least the time connections were refused").toBeGreaterThan(DOWN_MS);
    // (a)
    expectNoOrderOnStaleBook(run);
    // (b) a reconnect is no sequence gap; the book agrees with bookTicker after it
    expect(run.result.feed.gaps).toBe(0);
    expectBookAgreesAfter(run, (h) => h.reconnects >= 1);
    // (c)
    expectReplayGivesLiveHash(run);
    expectCleanEnd(run);
  }, 120_000);
});
