import type { TopLevelSpec } from "vega-lite";
import type { ChartContext } from "../context.ts";
import { pausedIntervals } from "../pausedIntervals.ts";
import { round } from "../rows.ts";
import type { RunLog, TimeseriesData } from "../../runfolder/format.ts";
import { CHART_WIDTH, count, noData, originNote, reportConfig } from "./common.ts";

/** The causes the `paused` column records (engine/recorder.ts PausedCode), as the chart names and colours them. */
const CAUSES: Readonly<Record<number, { name: string; color: string }>> = {
  1: { name: "latency guard", color: "#d62728" },
  2: { name: "stale feed", color: "#ff7f0e" },
  3: { name: "halted", color: "#7f7f7f" },
};

/**
 * Periods with quoting paused (paused ≠ 0) as spans shaded by cause, the pauses and resumes of
 * the latency guard and the feed-health rule as rules; "no pauses" when none, and then (without
 * events either) marked as having no data (noData).
 */
export function pausedSpec(ts: Pick<TimeseriesData, "t_ns" | "paused">, ctx: ChartContext, guardEvents: RunLog["guardEvents"] = [], feedEvents: RunLog["feedEvents"] = []): TopLevelSpec {
  const n = ts.t_ns.length;
  const u = ctx.time;
  const tu = (ns: number) => round(ns / 1e9 / u.seconds, u.decimals);
  const intervals = pausedIntervals(ts.t_ns, ts.paused);
  const spans = intervals.map((p) => ({ start: tu(p.startNs), end: tu(p.endNs), seconds: round((p.endNs - p.startNs) / 1e9, 3), cause: CAUSES[p.code]?.name ?? `code ${p.code}` }));
  const events = [
    ...guardEvents.map((e) => ({ t: tu(e.tNs), kind: e.kind, rule: "latency guard", detail: `ack P99 ${round(e.p99Ms, 1)} ms` })),
    ...feedEvents.map((e) => ({ t: tu(e.tNs), kind: e.kind, rule: "stale feed", detail: `${round(e.silenceMs, 1)} ms since the last book update` })),
  ];
  const causes = Object.values(CAUSES);
  const totalS = intervals.reduce((s, p) => s + (p.endNs - p.startNs) / 1e9, 0);
  const runS = n > 1 ? (ts.t_ns[n - 1] - ts.t_ns[0]) / 1e9 : 0;
  const summary =
    spans.length === 0
      ? "no pauses"
      : `${count(spans.length)} pause${spans.length === 1 ? "" : "s"}, ${count(round(totalS, 1) ?? 0)} s paused in total (${round((100 * totalS) / Math.max(runS, 1e-9), 2)} % of the run)`;
  const domain: [number, number] = n > 0 ? [tu(ts.t_ns[0]) ?? 0, tu(ts.t_ns[n - 1]) ?? 0] : [0, 1];
  return {
    title: {
      text: "Paused quoting",
      subtitle: [`${summary}; shaded by cause (latency guard red, stale feed orange, halted grey); rules: pause (red) and resume (green) of the latency guard or the feed-health rule`, ...originNote(ctx)],
    },
    ...noData(spans.length === 0 && events.length === 0 ? "quoting never paused" : undefined),
    config: reportConfig(),
    width: CHART_WIDTH,
    height: 70,
    // causes and pause/resume are two colour scales
    resolve: { scale: { color: "independent" } },
    layer: [
      {
        data: { values: spans },
        mark: { type: "rect", opacity: 0.35 },
        encoding: {
          x: { field: "start", type: "quantitative", title: `time since start (${u.unit})`, scale: { domain, nice: false, zero: false }, axis: { tickCount: 12 } },
          x2: { field: "end" },
          color: { field: "cause", type: "nominal", scale: { domain: causes.map((c) => c.name), range: causes.map((c) => c.color) }, legend: null },
          tooltip: [
            { field: "cause", type: "nominal", title: "cause" },
            { field: "start", type: "quantitative", title: `paused from (${u.unit})`, format: ",.4f" },
            { field: "end", type: "quantitative", title: `to (${u.unit})`, format: ",.4f" },
            { field: "seconds", type: "quantitative", title: "duration (s)", format: ",.1f" },
          ],
        },
      },
      {
        data: { values: events },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: {
          x: { field: "t", type: "quantitative" },
          color: { field: "kind", type: "nominal", scale: { domain: ["pause", "resume"], range: ["#d62728", "#2ca02c"] }, legend: null },
          tooltip: [
            { field: "t", type: "quantitative", title: `time (${u.unit})`, format: ",.4f" },
            { field: "rule", type: "nominal", title: "rule" },
            { field: "kind", type: "nominal", title: "event" },
            { field: "detail", type: "nominal", title: "why" },
          ],
        },
      },
    ],
  };
}
