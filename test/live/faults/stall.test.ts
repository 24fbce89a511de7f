import { expect, it } from "vitest";
import { describeWithSharedData } from "../../support/sharedData.ts";
import { afterBookChecks, FAULT_FRAME, runWithFaults, type FaultRun } from "./faultHarness.ts";
import {
  bookSilences,
  expectBookAgreesAfter,
  expectCleanEnd,
  expectNoOrderOnStaleBook,
  expectReplayGivesLiveHash,
  expectResyncAfterGaps,
  expectStaleFeedHandled,
  feedEvents,
  type Silence,
} from "./sessionChecks.ts";

/**
 * The exchange's market data stops for 3 s of wall time while the WebSocket stays up (pings still
 * answered: the round trip stays normal; the connection's own stale check, 10 s without data,
 * does not fire). Only the engine's feed-health rule (feed.max_silence_ms, 1 s) can tell that
 * the book is old. The stall comes FAULT_FRAME frames after the engine started quoting.
 */
const STALL_MS = 3000;

/** The stall as the session saw it: its longest book silence, longer than the feed-health limit. */
function stallSilence(run: FaultRun): Silence {
  const silences = bookSilences(run.rows, run.maxSilenceMs);
  expect(silences.length, "book silences longer than feed.max_silence_ms").toBeGreaterThanOrEqual(1);
  expect(silences[0].ms, "the stall's silence in session time, ms").toBeGreaterThan(STALL_MS * 0.8);
  return silences[0];
}

/** The rule's pause during the silence and its resume at its end (result.feedEvents). */
function expectPauseAndResume(run: FaultRun, silence: Silence): void {
  const stepNs = run.loopIntervalMs * 1e6;
  const during = feedEvents(run).filter((e) => e.tNs > silence.fromNs && e.tNs <= silence.toNs + stepNs);
  expect(during.map((e) => e.kind), "feed-health pauses and resumes during the stall").toEqual(["pause", "resume"]);
}

describeWithSharedData("fault injection: the market data stalls for 3 s while the connection stays up", () => {
  it("backlog released at once: quotes are cancelled once the book is older than feed.max_silence_ms, nothing is placed on it, no burst on resume, nothing lost; the replay gives the live hash", async () => {
    const run = await runWithFaults({
      faults: { stall: { atFrame: FAULT_FRAME, ms: STALL_MS } },
      until: afterBookChecks(({ proxy }) => proxy.stats.framesIn >= proxy.stats.stallEndedFrame),
    });
    expect(run.proxy.stats.held, "frames held by the stall").toBeGreaterThan(1000);
    expect(run.proxy.stats.released).toBe(run.proxy.stats.held);
    const stall = stallSilence(run);
    // (a) no order on a stale book; the stall itself: cancelled in time, no burst on resume
    expectNoOrderOnStaleBook(run);
    expectStaleFeedHandled(run, stall);
    expectPauseAndResume(run, stall);
    // nothing was lost: no gap, no reconnect, and the book kept agreeing with bookTicker after the stall
    expect(run.result.feed.gaps).toBe(0);
    expect(run.result.feed.reconnects).toBe(0);
    expectBookAgreesAfter(run, (h) => h.framesIn >= run.proxy.stats.stallEndedFrame);
    // (c)
    expectReplayGivesLiveHash(run);
    expectCleanEnd(run);
  }, 120_000);

  it("backlog dropped: the stale book is cancelled in time, the sequence gap after the stall is found and resynced; the replay gives the live hash", async () => {
    const run = await runWithFaults({
      faults: { stall: { atFrame: FAULT_FRAME, ms: STALL_MS, backlog: "drop" } },
      until: afterBookChecks(({ health }) => health.gaps >= 1),
    });
    expect(run.proxy.stats.discarded, "frames discarded by the stall").toBeGreaterThan(1000);
    const stall = stallSilence(run);
    // (a)
    expectNoOrderOnStaleBook(run);
    expectStaleFeedHandled(run, stall);
    // (b) one gap, found when the data came back, and resynced
    expectResyncAfterGaps(run, 1);
    // (c)
    expectReplayGivesLiveHash(run);
    expectCleanEnd(run);
  }, 120_000);
});
