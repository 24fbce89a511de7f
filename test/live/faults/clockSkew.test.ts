import { expect, it } from "vitest";
import { describeWithSharedData } from "../../support/sharedData.ts";
import { afterBookChecks, FAULT_FRAME, runWithFaults, type FaultRun } from "./faultHarness.ts";
import {
  bookSilences,
  expectBookAgreesAfter,
  expectCleanEnd,
  expectNoOrderOnStaleBook,
  expectReplayGivesLiveHash,
  expectStaleFeedHandled,
  silenceBefore,
} from "./sessionChecks.ts";

/**
 * The exchange's clock jumps ahead: the event times E and T of every frame from FAULT_FRAME on
 * (~10 s of the capture after the engine started quoting) are later by a constant. A session's clock follows the exchange's
 * (local receive times corrected by the running minimum of local − exchange time), so a jump it
 * does not recognise as one moves session time forward at once: for the engine the book is
 * suddenly that much older, as after a silence of the feed.
 */
function runSkewed(ms: number, set: string[] = []): Promise<FaultRun> {
  return runWithFaults({
    set,
    faults: { clockSkew: { atFrame: FAULT_FRAME, ms } },
    until: afterBookChecks(({ proxy }) => proxy.stats.skewed > 0),
  });
}

/** What stays true whatever the skew: the data is all there, the book agrees with bookTicker after the skew began, the replay gives the live hash. */
function expectNothingLost(run: FaultRun): void {
  expect(run.proxy.stats.skewed, "frames with rewritten event times (diffs and trades)").toBeGreaterThan(100);
  expect(run.result.feed.gaps).toBe(0);
  expect(run.result.feed.reconnects).toBe(0);
  expectBookAgreesAfter(run, (h) => h.framesIn > run.proxy.stats.armedAtFrame + FAULT_FRAME);
  // (c)
  expectReplayGivesLiveHash(run);
  expectCleanEnd(run);
}

describeWithSharedData("fault injection: the exchange's clock jumps ahead", () => {
  // The jump session time makes is the skew less however late the first skewed message arrives
  // (its lateness moves the clock correction less): with a 0.5 s limit, 1.5 s is far enough over
  // it on a busy machine, and far enough under the 2 s of a clock jump (live/clockJump.ts).
  it("by 1.5 s (under the 2 s of a clock jump): session time jumps with it, and the engine treats it as a silence (limit 0.5 s here): quotes cancelled in time, none placed on the old book, no burst; the replay gives the live hash", async () => {
    const run = await runSkewed(1500, ["feed.max_silence_ms=500"]);
    expect(run.maxSilenceMs).toBe(500);
    expect((run.result.feed as { clockJumps?: number }).clockJumps ?? 0, "not taken for a clock jump").toBe(0);
    const jump = silenceBefore(run.rows, run.proxy.stats.skewFirstEventMs);
    expect(jump.ms, "the jump, as a silence in session time").toBeGreaterThan(run.maxSilenceMs + 3 * run.loopIntervalMs);
    // (a)
    expectNoOrderOnStaleBook(run);
    expectStaleFeedHandled(run, jump);
    expectNothingLost(run);
  }, 120_000);

  it("by 5 s: recognised as a clock jump, taken out of the exchange's times, session time does not jump; no order on a stale book; the replay gives the live hash", async () => {
    const run = await runSkewed(5000);
    expect((run.result.feed as { clockJumps?: number }).clockJumps, "clock jumps the feed reported").toBe(1);
    expect(run.log.filter((l) => l.includes("exchange clock jump")), "the jump is logged").toHaveLength(1);
    expect(bookSilences(run.rows, 4500), "book silences as long as the jump").toEqual([]);
    // (a)
    expectNoOrderOnStaleBook(run);
    expectNothingLost(run);
  }, 120_000);
});
