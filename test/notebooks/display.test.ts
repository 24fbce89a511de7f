import { existsSync, rmSync } from "node:fs";
import type { TopLevelSpec } from "vega-lite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { chartBundle, scopeSvgIds, showChart, showTable } from "../../notebooks/lib/display.ts";
import { outPath } from "../../notebooks/lib/paths.ts";

const NAME = "test-display-chart";
const spec: TopLevelSpec = {
  title: { text: "A test chart" },
  data: { values: [{ x: 1, y: 2, c: "a" }, { x: 2, y: 3, c: "b" }] },
  mark: "line",
  encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, color: { field: "c", type: "nominal" } },
};

type Bundle = Record<string, string>;

/** Runs `f` as if in Jupyter's Deno kernel: `Deno.jupyter.display` records what it is given. */
async function inFakeJupyter(f: () => Promise<unknown>): Promise<{ shown: { bundle: Bundle; raw?: boolean }[]; value: unknown }> {
  const shown: { bundle: Bundle; raw?: boolean }[] = [];
  const g = globalThis as { Deno?: unknown };
  g.Deno = { jupyter: { display: (bundle: Bundle, opts?: { raw?: boolean }) => void shown.push({ bundle, raw: opts?.raw }) } };
  try {
    return { shown, value: await f() };
  } finally {
    delete g.Deno;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(outPath(`${NAME}.svg`), { force: true });
});

describe("notebooks/lib/display.ts", () => {
  it("in Jupyter, shows a chart as an image/svg+xml bundle, with a one-line text/plain and no value for the cell to echo", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const { shown, value } = await inFakeJupyter(() => showChart(NAME, spec));
    expect(value).toBeUndefined(); // a cell ending in `await showChart(…)` has no result for Jupyter to print
    expect(shown).toHaveLength(1);
    const { bundle, raw } = shown[0];
    expect(raw).toBe(true);
    expect(Object.keys(bundle).sort()).toEqual(["image/svg+xml", "text/plain"]);
    expect(bundle["image/svg+xml"]).toMatch(/^<svg /);
    expect(bundle["text/plain"]).toMatch(/^chart "A test chart": \d+×\d+ px, \d+ KiB → notebooks\/out\/test-display-chart\.svg$/);
    expect(bundle["text/plain"]).not.toContain("<");
    expect(log).not.toHaveBeenCalled(); // nothing printed besides the display
    expect(existsSync(outPath(`${NAME}.svg`))).toBe(true);
  });

  it("headless, prints one line per chart and writes the SVG", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    expect(await showChart(NAME, spec)).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^chart "A test chart": .* → notebooks\/out\/test-display-chart\.svg$/);
  });

  it("in Jupyter, shows a table as HTML with its text form beside it", async () => {
    const { shown } = await inFakeJupyter(() => showTable(["a", "b"], [["x", 1]]));
    expect(Object.keys(shown[0].bundle).sort()).toEqual(["text/html", "text/plain"]);
    expect(shown[0].bundle["text/html"]).toContain("<table>");
  });

  it("gives each displayed chart's SVG ids of its own (a front-end that inlines SVG puts all in one page)", () => {
    const svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath><linearGradient id="gradient_0"/></defs><g clip-path="url(#clip1)" fill="url(#gradient_0)"><use href="#clip1"/></g></svg>';
    expect(scopeSvgIds(svg, "p-")).toBe(
      '<svg><defs><clipPath id="p-clip1"><rect/></clipPath><linearGradient id="p-gradient_0"/></defs><g clip-path="url(#p-clip1)" fill="url(#p-gradient_0)"><use href="#p-clip1"/></g></svg>',
    );
    const a = chartBundle("x", spec, svg, "f.svg")["image/svg+xml"];
    const b = chartBundle("x", spec, svg, "f.svg")["image/svg+xml"];
    expect(a).not.toBe(b);
    expect(a.match(/id="([^"]+)"/g)).not.toEqual(b.match(/id="([^"]+)"/g));
  });
});
