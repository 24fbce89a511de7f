import { describe, expect, it } from "vitest";
import { POINTS } from "../../../src/live/dashboard/charts/common.ts";
import { LIMITS, limitRows } from "../../../src/live/dashboard/charts/inventory.ts";
import { FIELD_KEYS, dashboardCharts, dashboardPage } from "../../../src/live/dashboard/page.ts";
import { inlineLibraries } from "../../../src/report/libs.ts";
import { compileSpec } from "../../../src/report/render.ts";
import { fakeSnapshot } from "./fixtures.ts";

describe("dashboardPage", () => {
  const html = dashboardPage({ title: "paper <BTCUSDT>", snapshot: fakeSnapshot(2, { symbol: "</script><script>alert(1)</script>", bid: NaN }) });

  it("inlines vega, vega-lite and vega-embed once each, in load order, and references no URL", () => {
    const at = inlineLibraries().map((l) => {
      const first = html.indexOf(l.source);
      expect(first).toBeGreaterThan(0);
      expect(html.indexOf(l.source, first + 1)).toBe(-1);
      return first;
    });
    expect(at[0] < at[1] && at[1] < at[2]).toBe(true);
    expect(/<script[^>]*\ssrc=/i.test(html)).toBe(false);
    expect(/<link[^>]*\shref=/i.test(html)).toBe(false);
  });

  it("escapes the title and keeps snapshot text from closing its script", () => {
    expect(html).toContain("<title>paper &lt;BTCUSDT&gt;</title>");
    const scripts = html.split("<script>").length - 1;
    expect(scripts).toBe(inlineLibraries().length + 2); // the libraries, the config, the client
    expect(html).toContain("\\u003c/script>\\u003cscript>alert(1)");
  });

  it("embeds the first snapshot with NaN as null, and a place for every figure", () => {
    const config = html.match(/<script>var DASHBOARD = (.*);<\/script>/);
    expect(config).not.toBeNull();
    const parsed = JSON.parse(config![1]);
    expect(parsed.initial.bid).toBeNull();
    expect(parsed.initial.tNs).toBe(1e9);
    expect(parsed.charts.map((c: { id: string }) => c.id)).toEqual(["pnl", "inventory", "quotes", "offsets"]);
    for (const key of FIELD_KEYS) expect(html, key).toContain(`data-field="${key}"`);
    expect(html).toContain('id="kpi-rows"');
    expect(html).toContain('id="pause"');
  });
});

describe("the dashboard charts", () => {
  const charts = dashboardCharts(fakeSnapshot(0));

  it("compile without a Vega-Lite warning and draw from the snapshot rows", () => {
    for (const c of charts) {
      const warnings: string[] = [];
      const vega = compileSpec(c.spec, warnings);
      expect(warnings, c.id).toEqual([]);
      expect(vega.data?.some((d) => d.name === POINTS), c.id).toBe(true);
      expect(c.windowSeconds).toBeGreaterThan(0);
    }
  });

  it("draws ±q_max from a dataset the page can replace on a hot reload", () => {
    const inventory = charts.find((c) => c.id === "inventory")!;
    const vega = compileSpec(inventory.spec);
    const limits = vega.data?.find((d) => d.name === LIMITS) as { values?: unknown } | undefined;
    expect(limits?.values).toEqual(limitRows(0.5, "BTC"));
    expect(limitRows(0.5, "BTC").map((r) => r.label)).toEqual(["+q_max = 0.5 BTC", "−q_max = −0.5 BTC"]);
  });
});
