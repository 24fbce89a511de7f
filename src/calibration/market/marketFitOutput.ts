import type { MarketFit } from "./marketFitTypes.ts";

/** The files `mmlab calibrate --market` adds to the output folder. */
export const MARKET_FIT_FILES = ["market.json", "market-fit.json"] as const;

const g = (x: number): string => (Number.isInteger(x) ? String(x) : Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x));

/** market.json: the fitted parameters alone, exactly the object `syntheticSchema` accepts (`--scenario market.json` loads it). */
export function marketJson(fit: MarketFit): Record<string, unknown> {
  return { ...fit.params };
}

/** market-fit.json: how each parameter was obtained (estimates with unit, method and notes), the warnings, and the simulated-moments fit's moments (data vs fitted). */
export function marketFitJson(label: string, data: Record<string, unknown>, fit: MarketFit): Record<string, unknown> {
  return { source: label, data, estimates: fit.estimates, warnings: fit.warnings, moments: fit.moments ?? null };
}

/** The fitted parameters as a text table: parameter, value, unit and method (the part before its colon). */
export function formatMarketFit(fit: MarketFit): string {
  const rows = fit.estimates.map((e) => [e.param, g(e.value), e.unit, e.method.split(":")[0]]);
  const widths = [0, 1, 2].map((k) => Math.max(...rows.map((r) => r[k].length)));
  const lines = rows.map((r) => `  ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`);
  return [`synthetic market fitted to the data (market.json; methods and notes in market-fit.json):`, ...lines].join("\n");
}
