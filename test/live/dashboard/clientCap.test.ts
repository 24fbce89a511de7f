import { get, type ClientRequest, type IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startDashboard, type Dashboard } from "../../../src/live/dashboard/server.ts";
import { MAX_EVENT_CLIENTS } from "../../../src/live/dashboard/sse.ts";
import { steppingProvider } from "./fixtures.ts";

const open: Dashboard[] = [];
const requests: ClientRequest[] = [];
afterEach(async () => {
  for (const r of requests.splice(0)) r.destroy();
  await Promise.all(open.splice(0).map((d) => d.close()));
});

/** A live-stream client: its status, its body (the refusal's), and the snapshots it got so far. */
interface Client {
  status: number;
  body: string;
  snapshots: number;
  close(): void;
}

/** Opens /events and resolves once the response's headers are in. */
function connect(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const req = get(new URL("events", url), (res: IncomingMessage) => {
      const client: Client = { status: res.statusCode ?? 0, body: "", snapshots: 0, close: () => req.destroy() };
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        client.body += chunk;
        client.snapshots += chunk.split("\n").filter((l) => l.startsWith("data: ")).length;
      });
      res.on("error", () => undefined);
      resolve(client);
    });
    req.on("error", reject);
    requests.push(req);
  });
}

/** Polls `ok` until it holds, failing after `timeoutMs` with `what`. */
async function until(ok: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("dashboard live stream (/events): at most 32 clients", () => {
  it("serves 32 at the full rate, refuses the 33rd with HTTP 503 and one line, and frees a slot when a client leaves", async () => {
    expect(MAX_EVENT_CLIENTS).toBe(32);
    const d = await startDashboard({ snapshot: steppingProvider(), intervalMs: 50 });
    open.push(d);
    const clients: Client[] = [];
    for (let i = 0; i < MAX_EVENT_CLIENTS; i++) clients.push(await connect(d.url));
    expect(clients.map((c) => c.status)).toEqual(Array(MAX_EVENT_CLIENTS).fill(200));

    // every client gets every snapshot: counted from a common start, none falls behind the first
    // (a few frames may still be on their way: 1,000 clients got 60 % of the rate, not 70 %)
    await until(() => clients.every((c) => c.snapshots >= 2), "a snapshot on every client");
    const start = clients.map((c) => c.snapshots);
    await until(() => clients[0].snapshots - start[0] >= 10, "ten more snapshots on the first client");
    const got = clients.map((c, i) => c.snapshots - start[i]);
    expect(Math.min(...got)).toBeGreaterThanOrEqual(7);

    const refused = await connect(d.url);
    expect(refused.status).toBe(503);
    await until(() => refused.body.endsWith("\n"), "the refusal's body");
    expect(refused.body).toMatch(/^too many live-stream clients: 32 are connected; [^\n]+\n$/);

    // one leaves: the next one is served
    clients[5].close();
    let next: Client | undefined;
    await until(async () => {
      const c = await connect(d.url);
      if (c.status === 200) next = c;
      else c.close();
      return next !== undefined;
    }, "a slot to free");
    await until(() => next!.snapshots >= 2, "snapshots on the new client");
    expect((await connect(d.url)).status).toBe(503); // and it was the only free slot
  }, 60_000);
});
