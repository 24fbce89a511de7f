import { describe, expect, it } from "vitest";
import { turnEventLoop } from "../../src/core/eventLoop.ts";

describe("turnEventLoop", () => {
  it("lets a timer (as a signal handler) run during a loop that awaits only settled promises", async () => {
    let fired = false;
    setTimeout(() => (fired = true), 0);
    const started = performance.now();
    // without the turns, this loop would end (after 60 s) before the timer ran
    while (!fired && performance.now() - started < 60_000) {
      await Promise.resolve();
      await turnEventLoop();
    }
    expect(fired).toBe(true);
  });

  it("turns at most every few tens of milliseconds: between turns it returns nothing to wait for", async () => {
    await new Promise((r) => setTimeout(r, 60));
    expect(turnEventLoop()).toBeInstanceOf(Promise);
    expect(turnEventLoop()).toBeUndefined();
  });
});
