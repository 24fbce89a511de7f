import { describe, expect, it } from "vitest";
import { renderPng } from "../../src/report/render.ts";
import { isSolidDashList, withoutSolidDashes } from "../../src/report/solidDashes.ts";

const line = (dash: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><path d="M0,25L200,25" stroke="#1f77b4" stroke-width="1"${dash}/></svg>`;

describe("solid dash patterns", () => {
  it("knows a dash list without gaps from a dashed one", () => {
    expect(isSolidDashList("1,0")).toBe(true);
    expect(isSolidDashList("4 0 2 0")).toBe(true);
    expect(isSolidDashList("4,3")).toBe(false);
    expect(isSolidDashList("1")).toBe(false); // an odd list repeats: "1" is "1,1"
    expect(isSolidDashList("0,0")).toBe(false);
    expect(isSolidDashList("a,0")).toBe(false);
  });

  it("drops only the gapless stroke-dasharray attributes", () => {
    const svg = `${line(' stroke-dasharray="1,0"')}${line(' stroke-dasharray="4,3"')}`;
    expect(withoutSolidDashes(svg)).toBe(`${line("")}${line(' stroke-dasharray="4,3"')}`);
  });

  it("rasterises a gapless dash pattern as the solid line", () => {
    expect(renderPng(line(' stroke-dasharray="1,0"')).equals(renderPng(line("")))).toBe(true);
    expect(renderPng(line(' stroke-dasharray="4,3"')).equals(renderPng(line("")))).toBe(false);
  });
});
