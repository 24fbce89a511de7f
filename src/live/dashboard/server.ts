import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MmlabError } from "../../core/errors.ts";
import type { LiveSnapshot } from "../snapshot.ts";
import { dashboardPage } from "./page.ts";
import { publicSnapshot, snapshotJson } from "./snapshotJson.ts";
import { eventStream } from "./sse.ts";

/** Options of `startDashboard`. */
export interface DashboardOptions {
  /** Only the loopback interface: the dashboard has no authentication. */
  host?: "127.0.0.1";
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** The current state of the session; called once per interval while a page listens, and per request. */
  snapshot: () => LiveSnapshot;
  /** Time between two snapshots sent to a page, ms (default 500, at most 1000). */
  intervalMs?: number;
  /** Time between two heartbeat comments on the event stream, ms (default 15 000). */
  heartbeatMs?: number;
  /** Page title (default "mmlab paper — <symbol>"). */
  title?: string;
}

/** A running dashboard. */
export interface Dashboard {
  /** "http://127.0.0.1:<port>/". */
  url: string;
  /** Ends the open event streams and closes the server (the process can then exit). */
  close(): Promise<void>;
}

const HOST = "127.0.0.1";

// The page runs inline scripts only (vega compiles expressions with Function, hence
// 'unsafe-eval') and may connect only to its own origin: no request can leave the machine.
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval'",
  "style-src 'unsafe-inline'",
  "img-src data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

function checkOptions(o: DashboardOptions): { port: number; intervalMs: number; heartbeatMs: number } {
  const host = o.host ?? HOST;
  if (host !== HOST) throw new MmlabError(`dashboard: host = ${JSON.stringify(host)}: must be ${HOST} (the dashboard has no authentication)`);
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MmlabError(`dashboard: port = ${port}: must be an integer in 0..65535 (0 = any free port)`);
  const intervalMs = o.intervalMs ?? 500;
  if (!(intervalMs > 0 && intervalMs <= 1000)) throw new MmlabError(`dashboard: intervalMs = ${intervalMs}: must be > 0 and ≤ 1000`);
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  if (!(heartbeatMs > 0)) throw new MmlabError(`dashboard: heartbeatMs = ${heartbeatMs}: must be > 0`);
  return { port, intervalMs, heartbeatMs };
}

/** The snapshot provider's answer, or null when it throws (the session may not be ready). */
function tryJson(snapshot: () => LiveSnapshot): string | null {
  try {
    return snapshotJson(snapshot());
  } catch {
    return null;
  }
}

/**
 * Starts the paper-trading dashboard on 127.0.0.1: `/` the page, `/events` a server-sent
 * event stream of snapshots, `/snapshot.json` the current snapshot; anything else is 404.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { port, intervalMs, heartbeatMs } = checkOptions(options);
  const events = eventStream({ intervalMs, heartbeatMs, message: () => tryJson(options.snapshot) });
  let allowedHosts: string[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // a page on another site reaching 127.0.0.1 through a rebound DNS name sends its own Host
    if (!allowedHosts.includes(req.headers.host ?? "")) return text(res, 403, "forbidden host\n");
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const route = path === "/" || path === "/events" || path === "/snapshot.json";
    if (!route) return text(res, 404, "not found\n");
    if (req.method !== "GET") {
      res.setHeader("allow", "GET");
      return text(res, 405, "method not allowed\n");
    }
    if (path === "/events") return events.add(res);
    let snapshot: LiveSnapshot;
    try {
      snapshot = publicSnapshot(options.snapshot());
    } catch {
      return text(res, 503, "snapshot unavailable, retry\n");
    }
    if (path === "/snapshot.json") return send(res, 200, "application/json; charset=utf-8", JSON.stringify(snapshot));
    const title = options.title ?? `mmlab paper — ${snapshot.symbol}`;
    res.setHeader("content-security-policy", PAGE_CSP);
    return send(res, 200, "text/html; charset=utf-8", dashboardPage({ title, snapshot }));
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) text(res, 500, "internal error\n");
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => reject(listenError(port, e)));
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  allowedHosts = [`${HOST}:${bound}`, `localhost:${bound}`];

  let closing: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${bound}/`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        // keep-alive sockets would hold close() open until they time out
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The one line for a port the dashboard cannot listen on. */
function listenError(port: number, e: NodeJS.ErrnoException): MmlabError {
  const why = e.code === "EADDRINUSE" ? "the port is in use" : e.code === "EACCES" ? "permission denied (ports below 1024 need privileges)" : e.message;
  return new MmlabError(`dashboard: cannot listen on ${HOST}:${port}: ${why}; choose another --dashboard-port, or 0 for any free port`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...NO_STORE, "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function text(res: ServerResponse, status: number, body: string): void {
  send(res, status, "text/plain; charset=utf-8", body);
}
