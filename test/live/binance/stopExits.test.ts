import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { describeWithSharedData } from "../../support/sharedData.ts";

const FIXTURE = fileURLToPath(new URL("./stopExits.fixture.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

describeWithSharedData("BinanceFeed.stop", () => {
  it("leaves nothing running: the process exits by itself once the feeds are stopped", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let stoppedAt = 0;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stoppedAt === 0 && stdout.includes("stopped ")) stoppedAt = performance.now();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exit = await new Promise<{ code: number | null; killed: boolean }>((resolve) => {
      // a handle left open would keep the child alive: kill it after a generous wait and fail
      const guard = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.on("exit", (code, signal) => {
        clearTimeout(guard);
        resolve({ code, killed: signal !== null });
      });
    });
    expect(stderr).toBe("");
    expect(exit).toEqual({ code: 0, killed: false });
    expect(stoppedAt).toBeGreaterThan(0);
    // exit follows the last line at once (well under the 1 s close grace or any retry wait)
    expect(performance.now() - stoppedAt).toBeLessThan(1500);
    const stats = JSON.parse(stdout.slice(stdout.indexOf("stopped ") + 8));
    expect(stats.live).toMatchObject({ connected: false, malformed: 0, snapshots: 1 });
    expect(stats.dead).toMatchObject({ connected: false, messages: 0, snapshots: 0 });
  });
});
