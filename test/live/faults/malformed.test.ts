import { expect, it } from "vitest";
import { EventKind } from "../../../src/core/eventKind.ts";
import { MALFORMED_FRAMES } from "../../support/faultProxy.ts";
import { describeWithSharedData } from "../../support/sharedData.ts";
import { afterBookChecks, FAULT_DIFF, FAULT_FRAME, runWithFaults } from "./faultHarness.ts";
import { bookSilences, expectBookAgreesAfter, expectCleanEnd, expectNoOrderOnStaleBook, expectReplayGivesLiveHash, expectResyncAfterGaps } from "./sessionChecks.ts";

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

  // A malformed diff (no update ids) whose event time E is far ahead: the clocks read E before the
  // converter rejects the message (live/clockJump.ts, then CaptureConverter.onMessage's clock
  // correction), so one far-off time must neither count as a clock jump nor move session time.
  it("a malformed diff with a far-off event time changes nothing else: no clock jump, exchange times untouched", async () => {
    const E = 1_723_161_500_000; // minutes after any event time the session sees before it
    const bogus = `{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":${E},"s":"BTCUSDT","b":[],"a":[]}}`;
    const run = await runWithFaults({
      faults: { malformed: { atFrame: FAULT_FRAME, frames: [bogus] } },
      until: afterBookChecks(({ proxy }) => proxy.stats.injected > 0),
    });
    expect(run.result.feed.malformed).toBe(1);
    expect((run.result.feed as { clockJumps?: number }).clockJumps ?? 0, "clock jumps").toBe(0);
    expect(run.log.filter((l) => /clock jump/.test(l))).toEqual([]);
    // session time did not jump to the far-off time, and the exchange times after the frame were not
    // taken back by it: the last quarter of the depth rows (all after it) are stamped as usual, a
    // few ms before their receive times (taken back, they would sit on the heartbeats' 1 s lag)
    expect(bookSilences(run.rows, 10_000), "book silences of 10 s or more").toEqual([]);
    const lateness: number[] = [];
    for (let i = 0; i < run.rows.length; i++) if (run.rows.kind[i] === EventKind.DEPTH) lateness.push(Number(run.rows.localTs[i] - run.rows.exchTs[i]) / 1e6);
    const lastQuarter = lateness.slice(Math.floor(lateness.length * 0.75)).sort((a, b) => a - b);
    expect(lastQuarter[lastQuarter.length >> 1], "median local_ts − exch_ts of the last quarter of depth rows, ms").toBeLessThan(300);
    expectNoOrderOnStaleBook(run);
    expectReplayGivesLiveHash(run);
  }, 120_000);

  // A diff that continues the sequence but cannot be applied (a level's price is not a number) is
  // refused whole before the book sync sees it (captureLine.ts requireLevels), so the next diff
  // shows a gap and the book is resynced. (It used to be taken as applied, the book missing the
  // update: diff 500's loss later crossed the book and stopped the session.)
  it("a corrupt diff inside the sequence is a lost update: the book is emptied and resynced, no order on a stale or empty book; the replay gives the live hash", async () => {
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
});
