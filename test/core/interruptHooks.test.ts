import { describe, expect, it } from "vitest";
import { hasInterruptHooks, onInterrupt, runInterruptHooks } from "../../src/core/interruptHooks.ts";

describe("work stopped before an interrupt removes the temporary files", () => {
  it("runs every hook and waits for the asynchronous ones; a failing hook does not stop the others", async () => {
    const ran: string[] = [];
    onInterrupt(() => ran.push("sync"));
    onInterrupt(async () => {
      await new Promise((r) => setTimeout(r, 20));
      ran.push("async");
    });
    onInterrupt(() => {
      throw new Error("cannot stop");
    });
    expect(hasInterruptHooks()).toBe(true);
    await runInterruptHooks(60_000);
    expect(ran.sort()).toEqual(["async", "sync"]);
    expect(hasInterruptHooks()).toBe(false);
  });

  it("waits no longer than its bound for a hook that never settles", async () => {
    onInterrupt(() => new Promise(() => undefined));
    const started = performance.now();
    await runInterruptHooks(50);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it("a hook unregistered (its work ended) is not run", async () => {
    let ran = false;
    const forget = onInterrupt(() => (ran = true));
    forget();
    expect(hasInterruptHooks()).toBe(false);
    await runInterruptHooks(1000);
    expect(ran).toBe(false);
  });
});
