import { drawChart, type ChartToDraw } from "../../report/drawChart.ts";
import { SharedChartCache, type RenderedChart } from "../../report/sharedChartCache.ts";
import { fromSuiteRunError, toSuiteRunError } from "./suiteErrors.ts";
import type { ChartOutcome } from "./suiteProtocol.ts";

/** Draws a chart of another thread's report (with the plan's chart cache, if any): its outcome, to post back. */
export async function drawForAnotherThread(chart: ChartToDraw, cache: SharedArrayBuffer | undefined): Promise<ChartOutcome> {
  try {
    return { drawn: await drawChart(chart, cache === undefined ? undefined : new SharedChartCache(cache)) };
  } catch (e) {
    return { error: toSuiteRunError(e) };
  }
}

/** A posted chart outcome as this thread's board takes it (a PNG is a Buffer again, an error the error thrown). */
export function receivedOutcome(outcome: ChartOutcome): { drawn: RenderedChart } | { error: unknown } {
  if ("error" in outcome) return { error: fromSuiteRunError(outcome.error) };
  const { svg, png } = outcome.drawn;
  return { drawn: png === undefined ? { svg } : { svg, png: Buffer.from(png.buffer, png.byteOffset, png.byteLength) } };
}
