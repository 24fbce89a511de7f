import type { TopLevelSpec } from "vega-lite";
import { chartContext, type ChartContext } from "../../src/report/context.ts";
import type { FillsData, TimeseriesData } from "../../src/runfolder/format.ts";

/** A 10-row timeseries at 1 s (t = 1…10 s) with hand-picked values, and 3 fills. */
export function tinyTimeseries(): TimeseriesData {
  const t_ns = Array.from({ length: 10 }, (_, i) => (i + 1) * 1e9);
  const mid = [100, 100.01, 100.02, 100.015, 100.0, 99.99, 99.98, 100.0, 100.02, 100.03];
  return {
    t_ns,
    mid,
    bid: mid.map((m, i) => (i < 2 ? NaN : Math.floor((m - 0.02) * 100) / 100)),
    ask: mid.map((m, i) => (i < 2 ? NaN : Math.ceil((m + 0.02) * 100) / 100)),
    reservation: mid.map((m, i) => (i < 2 ? NaN : m - 0.001)),
    q: [0, 0, 0.01, 0.01, 0.02, 0.02, 0.01, 0.01, -0.01, -0.01],
    pnl: [0, 0, 0.0002, 0.0003, 0.0001, -0.0002, 0.0004, 0.0006, 0.0007, 0.0005],
    sigma: [0, 0.01, 0.012, 0.011, 0.02, 0.03, 0.02, 0.015, 0.012, 0.01],
    sigma_base: [0, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.01, 0.01, 0.01],
    ofi_z: [0, 0.5, -1, 2.5, 3, -3, 0.2, -0.4, 1, -2],
    paused: [0, 0, 0, 1, 1, 0, 0, 0, 1, 0],
  };
}

/** Three fills: buy at 3 s, buy at 5 s, sell at 9 s. */
export function tinyFills(): FillsData {
  return {
    t_ns: [3e9, 5e9, 9e9],
    side: [1, 1, -1],
    price: [100.0, 99.99, 100.04],
    qty: [0.01, 0.01, 0.02],
    fee: [0.0001, 0.0001, -0.0002],
    mid_at_fill: [100.01, 100.0, 100.03],
    half_spread_at_placement: [0.02, 0.02, 0.02],
  };
}

/** A chart context for the tiny data: BTC/USDT, tick 0.01. */
export function tinyContext(maxRows?: number): ChartContext {
  return chartContext({ symbol: "BTCUSDT", tickSize: 0.01, spanSeconds: 9, originEpochNs: "1723161600000000000", maxRows });
}

type AnySpec = Record<string, unknown>;

/** Every unit spec (one with a mark) inside a layered/concatenated spec, with the data it sees. */
export function units(spec: TopLevelSpec | AnySpec, data?: unknown): { unit: AnySpec; data: unknown }[] {
  const s = spec as AnySpec;
  const d = s.data ?? data;
  if (s.mark) return [{ unit: s, data: d }];
  const children = [...((s.layer as AnySpec[]) ?? []), ...((s.vconcat as AnySpec[]) ?? []), ...((s.hconcat as AnySpec[]) ?? [])];
  return children.flatMap((c) => units(c, d));
}

/** The values of a unit's inline data. */
export function valuesOf(data: unknown): Record<string, unknown>[] {
  return ((data as { values?: Record<string, unknown>[] }) ?? {}).values ?? [];
}

/** Every x/y axis title set in the spec's encodings (with the encoding channel). */
export function axisTitles(spec: TopLevelSpec): { channel: "x" | "y"; title: string }[] {
  const out: { channel: "x" | "y"; title: string }[] = [];
  for (const { unit } of units(spec)) {
    const enc = (unit.encoding ?? {}) as Record<string, { title?: unknown }>;
    for (const channel of ["x", "y"] as const) if (typeof enc[channel]?.title === "string") out.push({ channel, title: enc[channel].title as string });
  }
  return out;
}

/** The tooltip field titles of every unit. */
export function tooltipTitles(spec: TopLevelSpec): string[] {
  return units(spec).flatMap(({ unit }) => {
    const tip = (unit.encoding as { tooltip?: { title?: string }[] } | undefined)?.tooltip;
    return Array.isArray(tip) ? tip.map((t) => t.title ?? "") : [];
  });
}

/** The title text and subtitle lines of a spec. */
export function titleOf(spec: TopLevelSpec): { text: string; subtitle: string[] } {
  const t = (spec as { title?: { text: string; subtitle?: string | string[] } }).title;
  const sub = t?.subtitle;
  return { text: t?.text ?? "", subtitle: sub === undefined ? [] : Array.isArray(sub) ? sub : [sub] };
}
