import { describe, expect, it } from "vitest";
import { inventorySpec } from "../../src/report/charts/inventory.ts";
import { pnlSpec } from "../../src/report/charts/pnl.ts";
import { drawChart } from "../../src/report/drawChart.ts";
import { SharedChartCache } from "../../src/report/sharedChartCache.ts";
import { tinyContext, tinyFills, tinyTimeseries } from "./fixtures.ts";

describe("SharedChartCache", () => {
  const pnl = pnlSpec(tinyTimeseries(), tinyFills(), tinyContext());

  it("a chart drawn once is taken from the cache after: the same SVG and PNG bytes as drawing it again", async () => {
    const cache = SharedChartCache.create(8, 4 * 1024 * 1024);
    const first = await drawChart({ spec: pnl, pngScale: 1.5 }, cache);
    expect(cache.get(SharedChartCache.key(pnl, 1.5))).toEqual(first);
    const fresh = await drawChart({ spec: pnl, pngScale: 1.5 });
    expect(first.svg).toBe(fresh.svg);
    expect(first.png!.equals(fresh.png!)).toBe(true);
    // another PNG scale, no PNG, another spec: other charts
    expect(cache.get(SharedChartCache.key(pnl, 2))).toBeUndefined();
    expect(cache.get(SharedChartCache.key(pnl, null))).toBeUndefined();
    expect(cache.get(SharedChartCache.key(inventorySpec(tinyTimeseries(), 0.5, tinyContext()), 1.5))).toBeUndefined();
    const svgOnly = await drawChart({ spec: pnl, pngScale: null }, cache);
    expect(cache.get(SharedChartCache.key(pnl, null))).toEqual({ svg: fresh.svg });
    expect(svgOnly.png).toBeUndefined();
  });

  it("keeps nothing more once full, entries or bytes, and still draws every chart", async () => {
    const few = SharedChartCache.create(1, 4 * 1024 * 1024);
    few.put(SharedChartCache.key("a", null), { svg: "<svg>a</svg>" });
    few.put(SharedChartCache.key("b", null), { svg: "<svg>b</svg>" });
    expect(few.get(SharedChartCache.key("a", null))).toEqual({ svg: "<svg>a</svg>" });
    expect(few.get(SharedChartCache.key("b", null))).toBeUndefined();
    const small = SharedChartCache.create(8, 16);
    small.put(SharedChartCache.key("a", null), { svg: "<svg>a long one</svg>" });
    small.put(SharedChartCache.key("b", null), { svg: "<svg/>" });
    expect(small.get(SharedChartCache.key("a", null))).toBeUndefined();
    expect(small.get(SharedChartCache.key("b", null))).toEqual({ svg: "<svg/>" });
    const drawn = await drawChart({ spec: pnl, pngScale: null }, small);
    expect(drawn.svg).toContain("PnL and its split");
  });

  it("is shared through its buffer: a cache made over it (as a worker thread makes one) gets and puts the same charts", () => {
    const cache = SharedChartCache.create(8, 1024 * 1024);
    cache.put(SharedChartCache.key({ chart: 1 }, 1.5), { svg: "<svg>σ √s</svg>", png: Buffer.from([1, 2, 3]) });
    const other = new SharedChartCache(structuredClone(cache.buffer));
    expect(other.get(SharedChartCache.key({ chart: 1 }, 1.5))).toEqual({ svg: "<svg>σ √s</svg>", png: Buffer.from([1, 2, 3]) });
    other.put(SharedChartCache.key({ chart: 2 }, null), { svg: "<svg>from the other</svg>" });
    expect(cache.get(SharedChartCache.key({ chart: 2 }, null))).toEqual({ svg: "<svg>from the other</svg>" });
  });
});
