import { PAGE_CSS, escapeHtml, libraryScripts, scriptJson } from "../../report/html.ts";
import type { LiveSnapshot } from "../snapshot.ts";
import { inventoryChart, LIMITS } from "./charts/inventory.ts";
import { POINTS, type DashboardChart } from "./charts/common.ts";
import { pnlChart } from "./charts/pnl.ts";
import { quoteOffsetsChart } from "./charts/quoteOffsets.ts";
import { quotesChart } from "./charts/quotes.ts";
import { CLIENT_SCRIPT, type ClientConfig } from "./client.ts";
import { DASHBOARD_CSS } from "./style.ts";

/** Most rows a chart keeps, whatever its window: 1 h of 1 s snapshots. */
export const MAX_CHART_POINTS = 3600;

/** The dashboard's charts, in page order. */
export function dashboardCharts(s: LiveSnapshot): DashboardChart[] {
  const ctx = { base: s.base, quote: s.quote, tickSize: s.tickSize };
  return [pnlChart(ctx), inventoryChart(ctx, s.qMax), quotesChart(ctx), quoteOffsetsChart(ctx)];
}

/** The panels of figures: heading, element id, and [data-field key, label] pairs (the page's script formats each key). */
const PANELS: { id: string; heading: string; fields: [string, string][] }[] = [
  {
    id: "market",
    heading: "Market and our quotes",
    fields: [
      ["mid", "mid"],
      ["bestBid", "best bid"],
      ["bestAsk", "best ask"],
      ["spread", "market spread"],
      ["bid", "our bid"],
      ["ask", "our ask"],
      ["inventory", "inventory q"],
      ["qMax", "limit"],
      ["pnl", "PnL"],
      ["fills", "fills"],
    ],
  },
  {
    id: "params",
    heading: "Parameters in force",
    fields: [
      ["reservation", "r (reservation)"],
      ["halfSpread", "δ (half-spread)"],
      ["gamma", "γ"],
      ["k", "k"],
      ["sigma", "σ"],
      ["ofiZ", "OFI z"],
      ["quoter", "quoter"],
    ],
  },
  {
    id: "feed",
    heading: "Feed health",
    fields: [
      ["connected", "connected"],
      ["stale", "book"],
      ["messages", "messages"],
      ["malformed", "malformed"],
      ["gaps", "gaps"],
      ["resyncs", "resyncs"],
      ["reconnects", "reconnects"],
      ["bbo", "BBO matched / checked"],
      ["rtt", "round trip"],
    ],
  },
];

/** The `data-field` keys the page shows (the page's script must format every one). */
export const FIELD_KEYS: string[] = ["time", ...PANELS.flatMap((p) => p.fields.map(([key]) => key))];

function panelHtml(p: (typeof PANELS)[number]): string {
  const rows = p.fields.map(([key, label]) => `<dt>${escapeHtml(label)}</dt><dd data-field="${key}"></dd>`).join("\n");
  return `<section class="panel" id="${p.id}">\n<h2>${escapeHtml(p.heading)}</h2>\n<dl>\n${rows}\n</dl>\n</section>`;
}

/**
 * The dashboard page: one self-contained HTML document (vega, vega-lite and vega-embed inlined
 * as in the run report; it loads nothing but its own `events` stream). `snapshot` gives the
 * first figures and the charts' units and q_max; the script keeps everything current.
 */
export function dashboardPage(o: { title: string; snapshot: LiveSnapshot }): string {
  const charts = dashboardCharts(o.snapshot);
  const config: ClientConfig = {
    charts: charts.map((c) => ({ id: c.id, windowSeconds: c.windowSeconds, spec: c.spec })),
    points: POINTS,
    limits: LIMITS,
    maxPoints: MAX_CHART_POINTS,
    initial: o.snapshot,
  };
  const kpiTable = [
    '<table class="kpi">',
    "<thead><tr><th>KPI</th><th>value</th><th>target</th><th>result</th><th>rule definition</th></tr></thead>",
    '<tbody id="kpi-rows"></tbody>',
    "</table>",
    '<p class="verdict" id="verdict"></p>',
  ].join("\n");
  const chartDivs = charts.map((c) => `<div class="chart" id="vis-${c.id}" aria-label="${escapeHtml(c.heading)}"></div>`).join("\n");
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(o.title)}</title>`,
    `<style>${PAGE_CSS}${DASHBOARD_CSS}</style>`,
    libraryScripts(),
    "</head>",
    "<body>",
    `<header><h1>${escapeHtml(o.title)}</h1><span class="clock">session time <b data-field="time"></b></span><span id="conn">connecting…</span></header>`,
    '<div id="pause" role="status" aria-live="polite"></div>',
    `<div class="panels">\n${PANELS.map(panelHtml).join("\n")}\n</div>`,
    `<section id="kpis">\n<h2>KPIs against their targets</h2>\n${kpiTable}\n</section>`,
    `<section id="charts" class="charts">\n${chartDivs}\n</section>`,
    `<script>var DASHBOARD = ${scriptJson(config)};</script>`,
    `<script>${CLIENT_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
