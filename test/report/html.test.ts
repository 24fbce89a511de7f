import { describe, expect, it } from "vitest";
import { pnlSpec } from "../../src/report/charts/pnl.ts";
import { escapeHtml, renderHtml, scriptJson } from "../../src/report/html.ts";
import { inlineLibraries } from "../../src/report/libs.ts";
import { tinyContext, tinyFills, tinyTimeseries } from "./fixtures.ts";

function page() {
  return renderHtml({
    title: "Report <test>",
    sections: [
      { id: "kpis", heading: "KPIs", html: "<table><tr><td>x</td></tr></table>" },
      { id: "pnl", heading: "PnL", spec: pnlSpec(tinyTimeseries(), tinyFills(), tinyContext()) },
      { id: "tricky", heading: "Tricky", spec: { title: "</script><script>alert(1)</script>", mark: "point", data: { values: [] } } },
    ],
    footer: [["seed", "1"], ["results hash", "abc"]],
  });
}

/** The page with the inlined library sources cut out. */
function withoutLibraries(html: string): string {
  let out = html;
  for (const lib of inlineLibraries()) {
    expect(out.includes(lib.source)).toBe(true);
    out = out.replace(lib.source, "");
  }
  return out;
}

describe("renderHtml", () => {
  const html = page();

  it("inlines vega, vega-lite and vega-embed (in that order) and loads nothing from anywhere", () => {
    const libs = inlineLibraries();
    expect(libs.map((l) => l.name)).toEqual(["vega", "vega-lite", "vega-embed"]);
    for (const l of libs) expect(l.source.length).toBeGreaterThan(50_000);
    const at = libs.map((l) => html.indexOf(l.source));
    expect(at[0]).toBeGreaterThan(0);
    expect(at[0] < at[1] && at[1] < at[2]).toBe(true);
    // (booleans, so a failure does not print the megabyte page)
    expect(/<script[^>]*\ssrc=/i.test(html)).toBe(false);
    expect(/<link[^>]*href=/i.test(html)).toBe(false);
    expect(/<iframe|<img|<object|<embed/i.test(withoutLibraries(html))).toBe(false);
    expect(/sourceMappingURL/.test(html)).toBe(false);
    expect(/@import|url\(/i.test(withoutLibraries(html))).toBe(false);
  });

  it("has no http:// or https:// outside the inlined library sources", () => {
    const rest = withoutLibraries(html);
    expect(rest.match(/https?:\/\/\S{0,40}/gi)).toBeNull();
  });

  it("embeds each chart with vegaEmbed, actions off, and the KPI/HTML sections as given", () => {
    expect(html).toContain('<div class="chart" id="vis-pnl"');
    expect(html).toContain("vegaEmbed(el, specs[id], { actions: false");
    expect(html).toContain("<table><tr><td>x</td></tr></table>");
    expect(html).toContain('<a href="#pnl">PnL</a>');
    expect(html).toContain("<dt>seed</dt><dd>1</dd>");
    expect(html).toContain("<title>Report &lt;test&gt;</title>");
  });

  it("cannot be broken out of by text in a spec", () => {
    const rest = withoutLibraries(html);
    expect(rest.match(/<\/script>/g)!.length).toBe(4); // the three libraries and the boot script
    expect(rest).not.toContain("<script>alert(1)");
    expect(scriptJson({ a: "</script>\u2028" })).toBe('{"a":"\\u003c/script>\\u2028"}');
    expect(escapeHtml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  });

  it("is deterministic", () => {
    expect(page()).toBe(html);
  });
});
