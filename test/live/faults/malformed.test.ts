import { expect, it } from "vitest";
import { MALFORMED_FRAMES } from "../../support/faultProxy.ts";
import { describeWithSharedData } from "../../support/sharedData.ts";
import { afterBookChecks, FAULT_DIFF, FAULT_FRAME, runWithFaults } from "./faultHarness.ts";
import { expectBookAgreesAfter, expectCleanEnd, expectNoOrderOnStaleBook, expectReplayGivesLiveHash, expectResyncAfterGaps } from "./sessionChecks.ts";

describeWithSharedData("fault injection: malformed frames in the stream", () => {
  it("truncated JSON, a JSON array, a binary frame and a diff without update ids are each counted and logged, and change nothing else; the replay gives the live hash", async () => {
    const run = await runWithFaults({
      faults: { malformed: { atFrame: FAULT_FRAME } },
      until: afterBookChecks(({ health }) => health.malformed >= MALFORMED_FRAMES.length),
    });
    expect(run.proxy.stats.injected).toBe(MALFORMED_FRAMES.length);
    expect(run.result.feed.malformed, "malformed messages counted").toBe(MALFORMED_FRAMES.length);
    expect(run.log.filter((l) => l.includes("malformed message ignored")), "one log line each").toHaveLength(MALFORMED_FRAMES.length);
    // nothing else changed: no gap, no reconnect, the book agrees with bookTicker after the frames
    expect(run.result.feed.gaps).toBe(0);
    expect(run.result.feed.reconnects).toBe(0);
    expectBookAgreesAfter(run, (h) => h.malformed >= MALFORMED_FRAMES.length);
    // (a)
    expectNoOrderOnStaleBook(run);
    // (c)
    expectReplayGivesLiveHash(run);
    expectCleanEnd(run);
  }, 120_000);

  // Known bugs (reported; `it.fails` until fixed: when one starts passing, make it a plain `it`).

  // A diff that continues the sequence but cannot be applied (a level's price is not a number) is
  // counted as malformed and skipped, but the book sync has already taken it as applied
  // (BinanceBookSync.process sets lastApplied before CaptureConverter.applyDiff parses the levels),
  // so no gap is seen and no resync made: the local book misses the update. Diff 500 of the
  // capture is one whose loss later crosses the book, and the live simulation stops on it ("the
  // book is crossed"): the session cannot be stopped cleanly.
  it.fails("a corrupt diff inside the sequence is a lost update: the book is emptied and resynced, no order on a stale or empty book; the replay gives the live hash", async () => {
    const run = await runWithFaults({
      armWhen: () => true, // positions from the start: diff 500 of the capture
      faults: { corruptDiffAt: 500 },
      until: afterBookChecks(({ proxy }) => proxy.stats.corruptedDiffs > 0),
    });
    expect(run.proxy.stats.corruptedDiffs).toBe(1);
    expect(run.result.feed.malformed).toBe(1);
    expectResyncAfterGaps(run, 1);
    expectNoOrderOnStaleBook(run);
    expectReplayGivesLiveHash(run);
    expectCleanEnd(run);
  }, 120_000);

  // A malformed diff (no update ids) whose event time E is far ahead is rejected by the converter,
  // but its E has already been read as the exchange's clock: by the clock-jump watch
  // (live/clockJump.ts, before the converter: every later exchange time is taken back by the
  // "jump") and by the clock correction (CaptureConverter.onMessage observes E before validating).
  it.fails("a malformed diff with a far-off event time changes nothing else: no clock jump, exchange times untouched", async () => {
    const E = 1_723_161_500_000; // minutes after any event time the session sees before it
    const bogus = `{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":${E},"s":"BTCUSDT","b":[],"a":[]}}`;
    const run = await runWithFaults({
      faults: { malformed: { atFrame: FAULT_FRAME, frames: [bogus] } },
      until: afterBookChecks(({ proxy }) => proxy.stats.injected > 0),
    });
    expect(run.result.feed.malformed).toBe(1);
    expect((run.result.feed as { clockJumps?: number }).clockJumps ?? 0, "clock jumps").toBe(0);
    expect(run.log.filter((l) => /clock jump/.test(l))).toEqual([]);
    // the depth rows' exchange times stay within a second of their (corrected) receive times, before and after
    let worstMs = 0;
    for (let i = 0; i < run.rows.length; i++) if (run.rows.kind[i] === 1) worstMs = Math.max(worstMs, Math.abs(Number(run.rows.localTs[i] - run.rows.exchTs[i])) / 1e6);
    expect(worstMs, "largest |local_ts − exch_ts| of a depth row, ms").toBeLessThan(500);
    expectNoOrderOnStaleBook(run);
    expectReplayGivesLiveHash(run);
  }, 120_000);
});
