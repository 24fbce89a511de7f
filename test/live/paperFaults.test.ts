import { afterEach, expect, it } from "vitest";
import { rootRng } from "../../src/core/rng.ts";
import type { MmlabError } from "../../src/core/errors.ts";
import { openEventReader } from "../../src/data/arrow/reader.ts";
import { fileData } from "../../src/data/sources/fileData.ts";
import { formatStatusLine } from "../../src/live/statusLine.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { pollUntil } from "../support/cliProcess.ts";
import { describeWithSharedData } from "../support/sharedData.ts";
import { fillDiskAfter, restoreDisk } from "../support/writeFaults.ts";
import { startPaper } from "./paperHarness.ts";

afterEach(() => restoreDisk());

describeWithSharedData("paper session faults", () => {
  it("a full disk while writing the session file: recording and trading stop, one line, the file replays up to its last batch", async () => {
    const budgetBytes = 300_000;
    const disk = fillDiskAfter(/session\.arrow$/, budgetBytes);
    const faults: MmlabError[] = [];
    const paper = await startPaper({ session: { onFault: (e) => faults.push(e) } });
    try {
      await pollUntil(() => faults.length > 0, "the write to fail");
      expect(disk.failures()).toBe(1); // nothing is written after the failure
      expect(faults).toHaveLength(1);
      const message = faults[0].message;
      expect(message).not.toContain("\n");
      expect(message).toMatch(/^paper: cannot write .*session\.arrow: no space left on device \(ENOSPC\); the session stopped: .*session\.arrow keeps the [\d,]+ rows written before/);
      await expect(paper.session.stop()).rejects.toBe(faults[0]);
    } finally {
      await paper.server.close();
    }
    restoreDisk();
    const path = `${paper.dir}/session.arrow`;
    const reader = await openEventReader(path);
    // cut back to the last complete batch: nothing to drop, and within the disk's room
    expect(reader.unfinished?.batches).toBeGreaterThan(5);
    expect(reader.unfinished?.droppedBytes).toBe(0);
    await reader.close();
    const data = await fileData(path);
    expect(data.description.unfinished).toMatch(/session\.arrow is unfinished .*: read its [\d,]+ complete record batches$/);
    const replayed = await data.session!();
    const replay = await runBacktest({ config: replayed.configs[0], data, rng: rootRng("1") });
    expect(replay.events).toBeGreaterThan(1000);
    expect(replay.stepErrors).toEqual([]);
  }, 60_000);

  it("the feed down: the status line keeps the last PnL and fills and says FEED DOWN; a stop then still finishes a session that replays", async () => {
    const paper = await startPaper({});
    await pollUntil(() => paper.session.snapshot().fills > 0, "a paper fill", 30_000);
    await paper.server.close(); // every client dropped, nothing listens: the feed reconnects in vain
    await pollUntil(() => !paper.session.snapshot().feed.connected, "the feed to be down");
    const down = paper.session.snapshot();
    expect(down.fills).toBeGreaterThan(0);
    expect(down.pnl).not.toBe(0);
    const line = formatStatusLine(down);
    expect(line).toContain(` fills ${down.fills} `);
    expect(line).toContain("FEED DOWN");
    expect(line).toContain("PAUSED(no book)");
    const run = await paper.finish();
    expect(run.result.openOrders).toBe(0);
    expect(run.result.feed.clockJumps).toBe(0);
    expect(run.replay.resultsHash).toBe(run.result.resultsHash);
  }, 60_000);
});
