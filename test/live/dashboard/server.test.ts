import { get, request, type IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { MmlabError } from "../../../src/core/errors.ts";
import { startDashboard, type Dashboard, type DashboardOptions } from "../../../src/live/dashboard/server.ts";
import { publicSnapshot } from "../../../src/live/dashboard/snapshotJson.ts";
import { fakeSnapshot, steppingProvider } from "./fixtures.ts";

const open: Dashboard[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

async function start(o: Partial<DashboardOptions> = {}): Promise<Dashboard> {
  const d = await startDashboard({ snapshot: steppingProvider(), intervalMs: 40, ...o });
  open.push(d);
  return d;
}

/** An open event stream: its response, the frames received so far, and a wait for more. */
function events(url: string, headers: Record<string, string> = {}) {
  const frames: string[] = [];
  let buffer = "";
  let ended = false;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    const req = get(new URL("events", url), { headers }, (res) => {
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        const parts = buffer.split("\n\n");
        buffer = parts.pop() ?? "";
        frames.push(...parts);
        wake();
      });
      res.on("close", () => {
        ended = true;
        wake();
      });
      resolve(res);
    });
    req.on("error", reject);
  });
  const until = async (ok: () => boolean, what: string) => {
    const deadline = setTimeout(() => wake(), 5000);
    const start = Date.now();
    while (!ok()) {
      if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(frames.slice(-3))}`);
      await new Promise<void>((r) => waiters.push(r));
    }
    clearTimeout(deadline);
  };
  const data = () => frames.flatMap((f) => f.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6))));
  return { response, frames, data, until, ended: () => ended };
}

describe("startDashboard", () => {
  it("listens on 127.0.0.1 only, on a free port when asked for port 0", async () => {
    const d = await start();
    expect(d.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(new URL(d.url).port).not.toBe("0");
    await expect(startDashboard({ snapshot: steppingProvider(), host: "0.0.0.0" as "127.0.0.1" })).rejects.toThrow(/host = "0.0.0.0": must be 127.0.0.1/);
  });

  it("refuses an interval above 1 s (or ≤ 0) and a bad port", async () => {
    await expect(startDashboard({ snapshot: steppingProvider(), intervalMs: 1500 })).rejects.toThrow(/intervalMs = 1500: must be > 0 and ≤ 1000/);
    await expect(startDashboard({ snapshot: steppingProvider(), intervalMs: 0 })).rejects.toThrow(/intervalMs = 0/);
    await expect(startDashboard({ snapshot: steppingProvider(), port: 70000 })).rejects.toThrow(/port = 70000/);
  });

  it("a port in use is one line naming it, not a stack trace", async () => {
    const taken = await start();
    const port = Number(new URL(taken.url).port);
    const err = await startDashboard({ snapshot: steppingProvider(), port }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MmlabError);
    expect((err as Error).message).toBe(`dashboard: cannot listen on 127.0.0.1:${port}: the port is in use; choose another --dashboard-port, or 0 for any free port`);
  });

  it("GET / serves the self-contained page, uncached, that may connect only to its own origin", async () => {
    const d = await start({ title: "paper <BTC>" });
    const res = await fetch(d.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("<title>paper &lt;BTC&gt;</title>");
    expect(html).toContain('new EventSource("events")');
    expect(/<script[^>]*\ssrc=/i.test(html)).toBe(false);
    expect(/<link[^>]*\shref=/i.test(html)).toBe(false);
  });

  it("GET /snapshot.json gives the current snapshot, with NaN as null", async () => {
    const s = fakeSnapshot(3, { bid: NaN, ask: NaN, mid: NaN, feed: { ...fakeSnapshot(3).feed, rttMs: NaN } });
    const d = await start({ snapshot: () => s });
    const res = await fetch(new URL("snapshot.json", d.url));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text).not.toContain("NaN");
    const json = JSON.parse(text);
    expect(json.bid).toBeNull();
    expect(json.mid).toBeNull();
    expect(json.feed.rttMs).toBeNull();
    expect(json.pnl).toBe(s.pnl);
    expect(json.kpis).toEqual(s.kpis);
    expect(json).toEqual(JSON.parse(JSON.stringify(publicSnapshot(s))));
  });

  it("sends only the snapshot's own fields: anything else the provider's object carries stays in the process", async () => {
    const leaky = { ...fakeSnapshot(1), config: { api_key: "SECRET-KEY-123" }, apiSecret: "SECRET-KEY-456" };
    leaky.feed = { ...leaky.feed, token: "SECRET-KEY-789" } as typeof leaky.feed;
    const d = await start({ snapshot: () => leaky });
    const page = await (await fetch(d.url)).text();
    const json = await (await fetch(new URL("snapshot.json", d.url))).text();
    const stream = events(d.url);
    await stream.until(() => stream.data().length >= 2, "two snapshots");
    for (const text of [page, json, stream.frames.join("\n")]) expect(text.includes("SECRET-KEY")).toBe(false);
  });

  it("/events streams one snapshot per interval (values changing) plus comment heartbeats, uncached", async () => {
    const d = await start({ intervalMs: 30, heartbeatMs: 50 });
    const stream = events(d.url);
    const res = await stream.response;
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(res.headers["cache-control"]).toContain("no-cache");
    await stream.until(() => stream.data().length >= 3 && stream.frames.some((f) => f.startsWith(": heartbeat")), "three snapshots and a heartbeat");
    const [a, b] = stream.data();
    expect(b.tNs).toBeGreaterThan(a.tNs);
    expect(b.kpis[0].value).not.toBe(a.kpis[0].value); // "Spread captured" moves with every step
    expect(b.kpis[0].kpi).toBe("Spread captured");
  });

  it("takes snapshots only while a page listens, and forgets a page that went away", async () => {
    let calls = 0;
    const provider = steppingProvider();
    const d = await start({ snapshot: () => (calls++, provider()), intervalMs: 20 });
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(0);
    const stream = events(d.url);
    await stream.until(() => stream.data().length >= 3, "three snapshots");
    (await stream.response).destroy();
    await new Promise((r) => setTimeout(r, 60));
    const after = calls;
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toBe(after);
  });

  it("answers 404 for any other path, 405 for other methods, 403 for a foreign Host header", async () => {
    const d = await start();
    for (const path of ["nope", "events/x", "snapshot.json/", "index.html", "favicon.ico"]) expect((await fetch(new URL(path, d.url))).status, path).toBe(404);
    expect((await fetch(d.url, { method: "POST", body: "x" })).status).toBe(405);
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL("snapshot.json", d.url);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, headers: { host: "attacker.example:80" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it("answers 503 while the provider throws, and the stream keeps going with a comment", async () => {
    let ready = false;
    const provider = steppingProvider();
    const d = await start({
      snapshot: () => {
        if (!ready) throw new Error("not started");
        return provider();
      },
    });
    expect((await fetch(new URL("snapshot.json", d.url))).status).toBe(503);
    const stream = events(d.url);
    await stream.until(() => stream.frames.some((f) => f.includes(": snapshot unavailable")), "a comment");
    ready = true;
    await stream.until(() => stream.data().length >= 1, "a snapshot");
  });

  it("close() ends open event streams and the server, so the process can exit", async () => {
    const d = await startDashboard({ snapshot: steppingProvider(), intervalMs: 20 });
    const a = events(d.url);
    const b = events(d.url);
    await a.until(() => a.data().length >= 1, "a snapshot on a");
    await b.until(() => b.data().length >= 1, "a snapshot on b");
    await fetch(d.url); // an idle keep-alive connection must not hold close() open
    await d.close();
    await a.until(() => a.ended(), "stream a to end");
    await b.until(() => b.ended(), "stream b to end");
    await expect(fetch(d.url)).rejects.toThrow();
    await d.close(); // twice is fine
  });
});
