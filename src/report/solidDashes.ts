/**
 * Removes the stroke-dasharray attributes of an SVG whose gaps are all zero, such as the "1,0"
 * Vega-Lite writes for the solid series of a strokeDash legend. Such a dash pattern draws a solid
 * line (SVG: no gap between dashes), but resvg rasterises it dash by dash — a day-long series becomes
 * thousands of 1-px segments, a second of work instead of a few milliseconds; without the attribute
 * it strokes the line once (the same line, without faint seams where the dashes met).
 */
export function withoutSolidDashes(svg: string): string {
  return svg.replace(/ stroke-dasharray="([^"]*)"/g, (attr, list: string) => (isSolidDashList(list) ? "" : attr));
}

/** True when a dash list has an even number of lengths, some dash > 0 and every gap 0 (an odd list repeats: its gaps are its dashes). */
export function isSolidDashList(list: string): boolean {
  const lengths = list.trim().split(/[\s,]+/).map(Number);
  if (lengths.length % 2 !== 0 || lengths.some((x) => !Number.isFinite(x) || x < 0)) return false;
  return lengths.some((x, i) => i % 2 === 0 && x > 0) && lengths.every((x, i) => i % 2 === 0 || x === 0);
}
