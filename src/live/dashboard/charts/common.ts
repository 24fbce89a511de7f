import type { Config, TopLevelSpec } from "vega-lite";
import { reportConfig } from "../../../report/charts/common.ts";

/**
 * The named dataset every dashboard chart draws from. The page inserts one row per snapshot
 * (see `DashboardPoint`) and removes rows older than the chart's window, so the specs carry no
 * data of their own.
 */
export const POINTS = "points";

/** One row of the POINTS dataset, built by the page from a snapshot; null where the snapshot has NaN. */
export interface DashboardPoint {
  /** Session time, ms since the session origin (a UTC "date" the time axis prints as h:m:s). */
  t: number;
  mid: number | null;
  bestBid: number | null;
  bestAsk: number | null;
  bid: number | null;
  ask: number | null;
  reservation: number | null;
  q: number | null;
  pnl: number | null;
  /** The engine was not quoting. */
  paused: boolean;
  /** t of the row before (t itself for the first row): a paused row shades [since, t]. */
  since: number;
}

/** A chart of the dashboard: element id, heading, how much history it keeps, and its spec. */
export interface DashboardChart {
  id: string;
  heading: string;
  /** Rows older than this (session time) are dropped from the chart. */
  windowSeconds: number;
  spec: TopLevelSpec;
}

/** What the charts need to know besides their data. */
export interface LiveChartContext {
  base: string;
  quote: string;
  tickSize: number;
}

/** Width of a half-width and of a full-width chart's plot, px. */
export const HALF_WIDTH = 480;
export const FULL_WIDTH = 940;
export const LIVE_HEIGHT = 200;

/** The report's chart config, with the live charts' smaller padding. */
export function liveConfig(): Config {
  return { ...reportConfig(), padding: 4 };
}

/**
 * The x encoding of session time: t is ms since the session origin, drawn on a UTC time scale
 * so the axis reads as elapsed h:m:s (the snapshot carries no wall-clock origin).
 */
export function sessionTimeX() {
  return {
    field: "t",
    type: "temporal" as const,
    title: "session time (h:m:s)",
    scale: { type: "utc" as const, nice: false },
    axis: { format: "%H:%M:%S", labelOverlap: true, tickCount: 6 },
  };
}

/** "last 5 min" / "last 30 min" / "last 45 s" for a window in seconds. */
export function windowText(seconds: number): string {
  return seconds >= 120 ? `last ${Math.round(seconds / 60)} min` : `last ${seconds} s`;
}

/** A layer shading the time the engine was paused: each paused row from the row before it. */
export function pausedLayer() {
  return {
    transform: [{ filter: "datum.paused" }],
    mark: { type: "rect" as const, color: "#cf222e", opacity: 0.15 },
    encoding: { x: { ...sessionTimeX(), field: "since" }, x2: { field: "t" } },
  };
}
