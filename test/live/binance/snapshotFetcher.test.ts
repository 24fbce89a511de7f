import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Rng } from "../../../src/core/rng.ts";
import type { CaptureMessage } from "../../../src/data/importers/binance/captureLine.ts";
import { SnapshotFetcher } from "../../../src/live/binance/snapshotFetcher.ts";

const SNAPSHOT = (id: number): string => JSON.stringify({ lastUpdateId: id, bids: [["100.00", "1"]], asks: [["100.01", "2"]] });

/** A fetch answering from a script of [status, body, headers?] replies; a null reply hangs until aborted. */
function scriptedFetch(replies: ([number, string, Record<string, string>?] | null)[]): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push(String(url));
    const reply = replies.shift();
    if (reply === undefined) throw new Error("no more scripted replies");
    if (reply === null) {
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    }
    return new Response(reply[1], { status: reply[0], headers: reply[2] });
  }) as typeof fetch;
  return { fetch: fn, calls };
}

describe("SnapshotFetcher", () => {
  let delivered: CaptureMessage[];
  let errors: string[];

  beforeEach(() => {
    vi.useFakeTimers();
    delivered = [];
    errors = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function fetcher(replies: Parameters<typeof scriptedFetch>[0], minIntervalMs = 0, onSnapshot?: (m: CaptureMessage) => void) {
    const script = scriptedFetch(replies);
    const f = new SnapshotFetcher({
      url: "http://127.0.0.1:1/api/v3/depth?symbol=BTCUSDT&limit=1000",
      nowNs: () => BigInt(Date.now()) * 1_000_000n,
      rng: new Rng("snapshot-test"),
      backoff: { initialMs: 100, maxMs: 1000, factor: 2 },
      minIntervalMs,
      timeoutMs: 5000,
      onSnapshot: onSnapshot ?? ((m) => delivered.push(m)),
      onError: (detail) => errors.push(detail),
      log: () => {},
      fetch: script.fetch,
    });
    return { f, calls: script.calls };
  }

  it("joins concurrent requests into one fetch and stamps the snapshot with its receive time", async () => {
    const { f, calls } = fetcher([[200, SNAPSHOT(7)]]);
    const t0 = BigInt(Date.now()) * 1_000_000n;
    f.request();
    f.request();
    f.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ type: "snapshot", stream: "", data: { lastUpdateId: 7 } });
    expect(delivered[0].localNs).toBe(t0);
    expect(f.isPending).toBe(false);
  });

  it("retries HTTP errors and bad bodies with backoff until a snapshot arrives", async () => {
    const { f, calls } = fetcher([[500, "oops"], [200, '{"not":"a snapshot"}'], [200, "{garbage"], [200, SNAPSHOT(9)]]);
    f.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(errors).toEqual(["HTTP 500: oops"]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(4);
    expect(errors.slice(1)).toEqual(["response is not a depth snapshot (no lastUpdateId)", expect.stringMatching(/^response: invalid JSON/)]);
    expect(delivered.map((m) => m.data.lastUpdateId)).toEqual([9]);
  });

  it("waits at least as long as Retry-After asks", async () => {
    const { f, calls } = fetcher([[429, '{"code":-1003}', { "retry-after": "2" }], [200, SNAPSHOT(1)]]);
    f.request();
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(calls).toHaveLength(2);
    expect(delivered).toHaveLength(1);
  });

  it("spaces fetches by minIntervalMs, and a request made while delivering starts the next one", async () => {
    const { f, calls } = fetcher([[200, SNAPSHOT(1)], [200, SNAPSHOT(2)]], 1000, (m) => {
      delivered.push(m);
      if (delivered.length === 1) f.request();
    });
    f.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(f.isPending).toBe(true);
    await vi.advanceTimersByTimeAsync(998);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(calls).toHaveLength(2);
    expect(delivered.map((m) => m.data.lastUpdateId)).toEqual([1, 2]);
  });

  it("aborts a fetch that takes longer than timeoutMs and retries", async () => {
    const { f, calls } = fetcher([null, [200, SNAPSHOT(3)]]);
    f.request();
    await vi.advanceTimersByTimeAsync(5000);
    expect(errors).toEqual(["no answer within 5000 ms"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    expect(delivered).toHaveLength(1);
  });

  it("stop aborts the fetch in flight, delivers nothing and ignores later requests", async () => {
    const { f, calls } = fetcher([null, [200, SNAPSHOT(4)]]);
    f.request();
    await vi.advanceTimersByTimeAsync(0);
    await f.stop();
    f.request();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    expect(delivered).toEqual([]);
    expect(errors).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
