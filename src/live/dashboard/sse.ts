import type { ServerResponse } from "node:http";

/** A client this far behind (bytes buffered, unsent) is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * Live-stream clients served at once by default. Every client costs a write per interval on the
 * session's own thread: past a few dozen (1,000 pages got 1.2 updates a second instead of 2) the
 * dashboard would slow the session and every page; the next client is refused (HTTP 503) instead.
 */
export const MAX_EVENT_CLIENTS = 32;

/** The open server-sent-event responses of the dashboard and the timers that feed them. */
export interface EventStream {
  /** Takes over a response: writes the event-stream headers and the current message, then one per interval. */
  add(res: ServerResponse): void;
  /** Open clients. */
  readonly size: number;
  /** Ends every open response and stops the timers. */
  close(): void;
}

/**
 * Server-sent events to every open client: `message()` once per interval (shared by all
 * clients, taken only while someone listens) as one `data:` line, and a comment line as a
 * heartbeat. `message()` returning null (no snapshot) sends a comment instead. At most
 * `maxClients` (default MAX_EVENT_CLIENTS) at once: the next gets HTTP 503 and a one-line body,
 * until one of them leaves.
 */
export function eventStream(o: { intervalMs: number; heartbeatMs: number; message: () => string | null; maxClients?: number }): EventStream {
  const maxClients = o.maxClients ?? MAX_EVENT_CLIENTS;
  const clients = new Set<ServerResponse>();
  let tick: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;

  const frame = (): string => {
    const data = o.message();
    return data === null ? ": snapshot unavailable\n\n" : `data: ${data}\n\n`;
  };
  const send = (res: ServerResponse, chunk: string) => {
    if (res.writableLength > MAX_BUFFERED_BYTES) return res.destroy();
    res.write(chunk);
  };
  const broadcast = (chunk: string) => {
    for (const res of clients) send(res, chunk);
  };
  const stopTimers = () => {
    clearInterval(tick);
    clearInterval(heartbeat);
    tick = heartbeat = undefined;
  };
  const remove = (res: ServerResponse) => {
    clients.delete(res);
    if (clients.size === 0) stopTimers();
  };

  return {
    add(res) {
      if (closed) {
        res.writeHead(503).end();
        return;
      }
      if (clients.size >= maxClients) {
        const body = `too many live-stream clients: ${maxClients} are connected; close a dashboard page and reload\n`;
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), "cache-control": "no-store", "retry-after": "5" });
        res.end(body);
        return;
      }
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-store, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      clients.add(res);
      res.on("close", () => remove(res));
      res.on("error", () => remove(res));
      // the retry hint keeps a page's reconnect quick; the first snapshot goes out at once
      send(res, `retry: 1000\n: mmlab dashboard\n\n${frame()}`);
      if (!tick) {
        tick = setInterval(() => clients.size > 0 && broadcast(frame()), o.intervalMs);
        heartbeat = setInterval(() => broadcast(": heartbeat\n\n"), o.heartbeatMs);
      }
    },
    get size() {
      return clients.size;
    },
    close() {
      closed = true;
      stopTimers();
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
