import { tickDecimals } from "../report/context.ts";
import type { LiveSnapshot } from "./snapshot.ts";

/** The longest status line, in characters (terminal width). */
export const STATUS_LINE_MAX = 120;

const ok = (x: number): boolean => Number.isFinite(x);
const signed = (text: string, x: number): string => (x > 0 ? `+${text}` : text);

/** Session time as h:mm:ss (hours keep counting past 24). */
export function sessionClock(tNs: number): string {
  if (!ok(tNs)) return "-:--:--";
  const s = Math.max(0, Math.floor(tNs / 1e9));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** 12345 → "12.3k", 1234567 → "1.23M": counters that fit a narrow column. */
function short(n: number): string {
  if (!ok(n)) return "-";
  if (Math.abs(n) < 10_000) return String(n);
  if (Math.abs(n) < 1e6) return `${(n / 1e3).toFixed(1)}k`;
  return `${(n / 1e6).toFixed(2)}M`;
}

function pauseState(s: LiveSnapshot): string {
  if (!s.paused) return "QUOTING";
  switch (s.pauseReason) {
    case "warming up":
      return "WARMUP";
    case "halted":
      return "HALTED";
    case null:
      return "PAUSED";
    default:
      return `PAUSED(${s.pauseReason})`;
  }
}

function feedState(s: LiveSnapshot): string {
  const f = s.feed;
  const state = !f.connected ? "FEED DOWN " : f.stale ? "FEED STALE " : "";
  const rtt = ok(f.rttMs) ? `${f.rttMs.toFixed(0)}ms` : "-";
  return `${state}msg ${short(f.messages)} ${short(f.gaps)}g ${short(f.reconnects)}rc ${rtt}`;
}

/** 4 significant digits without trailing zeros (0.01230 → 0.0123), signed. */
function baseAmount(x: number): string {
  return ok(x) ? signed(String(Number(x.toPrecision(4))), x) : "-";
}

/**
 * One terminal line (≤ 120 characters) of a paper session's state, always in the same layout so
 * it can be rewritten in place: session time, mid, our bid/ask, inventory q (base), PnL (quote),
 * fills, KPI rules passed, pause state, and the feed (FEED DOWN / FEED STALE when so, messages,
 * gaps "g", reconnects "rc", round trip). No units: a BTCUSDT line would not fit with them. Cut with "…" past 120.
 *
 *   1:02:05 mid 64000.005 b/a 63999.98/64000.03 q +0.0123 pnl +1.2346 fills 12 kpi 4/6 QUOTING msg 12.3k 2g 1rc 43ms
 */
export function formatStatusLine(s: LiveSnapshot): string {
  const dp = tickDecimals(s.tickSize);
  const px = (x: number, extra = 0) => (ok(x) ? x.toFixed(dp + extra) : "-");
  const passed = s.kpis.filter((r) => r.result === "PASS").length;
  const line = [
    sessionClock(s.tNs),
    // the mid can sit between two ticks: one more decimal than the tick
    `mid ${px(s.mid, 1)}`,
    `b/a ${px(s.bid)}/${px(s.ask)}`,
    // 4 significant digits of base, 4 decimals of quote: as the KPI table shows them
    `q ${baseAmount(s.inventory)}`,
    `pnl ${ok(s.pnl) ? signed(s.pnl.toFixed(4), s.pnl) : "-"}`,
    `fills ${short(s.fills)}`,
    `kpi ${passed}/${s.kpis.length}`,
    pauseState(s),
    feedState(s),
  ].join(" ");
  return line.length <= STATUS_LINE_MAX ? line : `${line.slice(0, STATUS_LINE_MAX - 1)}…`;
}
