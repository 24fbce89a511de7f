/**
 * The dashboard page's script, as browser JavaScript text (it runs in the page, not in Node).
 * It expects `DASHBOARD` (see `ClientConfig`) and the inlined vega, vega-lite and vega-embed
 * globals. It embeds the charts, opens an EventSource on "events" and, for every snapshot,
 * rewrites the numbers in the DOM and appends a row to the charts' POINTS dataset (dropping
 * rows that fell out of each chart's window).
 *
 * Test hooks: `document.body.dataset.updates` counts applied snapshots; `dataset.charts`
 * counts embedded charts; `window.dashboardViews` holds the vega views by chart id; `[data-kpi="<KPI>"]`, `[data-kpi-result="<KPI>"]` and
 * `[data-field="<name>"]` hold the shown values.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var cfg = DASHBOARD;
  var body = document.body;
  var views = {};
  var windows = {};
  var lastT = null;
  var lastQMax = null;
  body.dataset.updates = "0";
  body.dataset.charts = "0";
  window.dashboardViews = views;

  function decimals(step) {
    for (var d = 0; d <= 10; d++) if (Math.abs(Math.round(step * Math.pow(10, d)) - step * Math.pow(10, d)) < 1e-9) return d;
    return 10;
  }
  function ok(x) { return typeof x === "number" && isFinite(x); }
  function signed(text, x) { return x > 0 ? "+" + text : text; }
  function hms(tNs) {
    if (!ok(tNs)) return "—";
    var s = Math.max(0, Math.floor(tNs / 1e9));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m + ":" + (r < 10 ? "0" : "") + r;
  }
  function count(n) { return ok(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : "—"; }

  // formatters per data-field: the same rules as the report's KPI values (4 decimals of quote for
  // PnL, 4 significant digits of base), prices to the tick's decimals (+1 for a mid between ticks)
  function fields(s) {
    var dp = decimals(s.tickSize);
    var Q = " " + s.quote, B = " " + s.base;
    function px(x, extra) { return ok(x) ? x.toFixed(dp + extra) + Q : "—"; }
    function base(x) { return ok(x) ? signed(x.toPrecision(4), x) + B : "—"; }
    function sig(x, unit) { return ok(x) ? x.toPrecision(4) + " " + unit : "—"; }
    var spread = ok(s.bestAsk) && ok(s.bestBid) ? s.bestAsk - s.bestBid : NaN;
    var spreadTicks = Math.round(spread / s.tickSize);
    var f = s.feed;
    return {
      time: hms(s.tNs),
      mid: px(s.mid, 1),
      bestBid: px(s.bestBid, 0),
      bestAsk: px(s.bestAsk, 0),
      spread: ok(spread) ? spread.toFixed(dp) + Q + " (" + spreadTicks + (spreadTicks === 1 ? " tick)" : " ticks)") : "—",
      bid: ok(s.bid) ? px(s.bid, 0) : "no order",
      ask: ok(s.ask) ? px(s.ask, 0) : "no order",
      inventory: base(s.inventory),
      qMax: ok(s.qMax) ? "±" + s.qMax + B + (ok(s.inventory) && s.qMax > 0 ? " (" + (100 * Math.abs(s.inventory) / s.qMax).toFixed(0) + " % used)" : "") : "—",
      pnl: ok(s.pnl) ? signed(s.pnl.toFixed(4), s.pnl) + Q : "—",
      fills: count(s.fills),
      reservation: px(s.reservation, 2),
      halfSpread: ok(s.halfSpread) ? s.halfSpread.toFixed(dp + 2) + Q + " (" + (s.halfSpread / s.tickSize).toFixed(1) + " ticks)" : "—",
      gamma: sig(s.gamma, "1/(" + s.quote + "·" + s.base + ")"),
      k: sig(s.k, "1/" + s.quote),
      sigma: sig(s.sigma, s.quote + "/√s"),
      ofiZ: ok(s.ofiZ) ? signed(s.ofiZ.toFixed(2), s.ofiZ) : "—",
      quoter: s.quoter,
      connected: f.connected ? "yes" : "NO",
      stale: f.stale ? "STALE (resyncing)" : "in sync",
      messages: count(f.messages),
      malformed: count(f.malformed),
      gaps: count(f.gaps),
      resyncs: count(f.resyncs),
      reconnects: count(f.reconnects),
      bbo: count(f.bboMatched) + " / " + count(f.bboChecked) + (f.bboChecked > 0 ? " (" + (100 * f.bboMatched / f.bboChecked).toFixed(1) + " %)" : ""),
      rtt: ok(f.rttMs) ? f.rttMs.toFixed(1) + " ms" : "—"
    };
  }

  var PAUSE_TEXT = {
    latency: "PAUSED — latency guard: order-ack P99 above the limit, all quotes cancelled",
    "no book": "PAUSED — no order book (feed out of sync)",
    "stale feed": "PAUSED — stale feed: no book update within feed.max_silence_ms, all quotes cancelled",
    "warming up": "WARMING UP — collecting volatility observations",
    halted: "HALTED — quoting stopped"
  };

  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

  function renderPause(s) {
    var el = document.getElementById("pause");
    var state = !s.paused ? "quoting" : s.pauseReason === "warming up" ? "warming" : "paused";
    el.dataset.state = state;
    setText(el, !s.paused ? "QUOTING" : PAUSE_TEXT[s.pauseReason] || "PAUSED" + (s.pauseReason ? " — " + s.pauseReason : ""));
  }

  function renderKpis(s) {
    var tbody = document.getElementById("kpi-rows");
    s.kpis.forEach(function (r, i) {
      var tr = tbody.rows[i];
      if (!tr || tr.dataset.kpiRow !== r.kpi) {
        tr = document.createElement("tr");
        tr.dataset.kpiRow = r.kpi;
        ["kpi", "value", "target", "result", "definition"].forEach(function () { tr.appendChild(document.createElement("td")); });
        tr.cells[1].dataset.kpi = r.kpi;
        tr.cells[3].dataset.kpiResult = r.kpi;
        tr.cells[4].className = "def";
        if (tbody.rows[i]) tbody.replaceChild(tr, tbody.rows[i]); else tbody.appendChild(tr);
      }
      setText(tr.cells[0], r.kpi);
      setText(tr.cells[1], r.value);
      setText(tr.cells[2], r.target);
      setText(tr.cells[3], r.result);
      tr.cells[3].className = r.result === "PASS" ? "pass" : "fail";
      setText(tr.cells[4], r.definition);
    });
    while (tbody.rows.length > s.kpis.length) tbody.deleteRow(-1);
    var verdict = document.getElementById("verdict");
    setText(verdict, s.verdict);
    verdict.className = "verdict " + (/→ PASS/.test(s.verdict) ? "pass" : "fail");
  }

  function renderFields(s) {
    var f = fields(s);
    var els = document.querySelectorAll("[data-field]");
    for (var i = 0; i < els.length; i++) {
      var key = els[i].dataset.field;
      setText(els[i], key in f ? f[key] : "?");
    }
    var feed = s.feed;
    document.getElementById("feed").dataset.health = !feed.connected ? "down" : feed.stale ? "stale" : "ok";
  }

  function point(s, since) {
    function v(x) { return ok(x) ? x : null; }
    var t = s.tNs / 1e6;
    return { t: t, since: since === null ? t : since / 1e6, mid: v(s.mid), bestBid: v(s.bestBid), bestAsk: v(s.bestAsk), bid: v(s.bid), ask: v(s.ask), reservation: v(s.reservation), q: v(s.inventory), pnl: v(s.pnl), paused: !!s.paused };
  }

  // appends rows to a chart, then drops what fell out of its window (by time, and at most
  // cfg.maxPoints rows so a fast interval cannot grow a chart without bound)
  function plotOne(id, rows, restart) {
    var w = windows[id];
    var cs = vega.changeset();
    if (restart) { cs = cs.remove(function () { return true; }); w.times = []; }
    cs = cs.insert(rows);
    rows.forEach(function (r) { w.times.push(r.t); });
    var newest = w.times[w.times.length - 1];
    var drop = 0;
    while (drop < w.times.length && (w.times.length - drop > cfg.maxPoints || w.times[drop] < newest - w.windowMs)) drop++;
    if (drop > 0) {
      var keepFrom = w.times[drop];
      w.times = w.times.slice(drop);
      cs = cs.remove(function (d) { return d.t < keepFrom; });
    }
    // resize: new data can widen the axis labels, and autosize only re-pads when asked to
    views[id].change(cfg.points, cs).resize().run();
  }

  // a chart still being embedded keeps its rows (bounded) until it is ready
  function plot(rows, restart) {
    Object.keys(windows).forEach(function (id) {
      var w = windows[id];
      if (views[id]) return plotOne(id, rows, restart);
      w.pending = (restart ? [] : w.pending).concat(rows).slice(-cfg.maxPoints);
    });
  }

  function limits(s) {
    if (!views.inventory || s.qMax === lastQMax || !ok(s.qMax)) return;
    lastQMax = s.qMax;
    var rows = [{ y: s.qMax, label: "+q_max = " + s.qMax + " " + s.base }, { y: -s.qMax, label: "−q_max = −" + s.qMax + " " + s.base }];
    views.inventory.change(cfg.limits, vega.changeset().remove(function () { return true; }).insert(rows)).resize().run();
  }

  function apply(s) {
    renderPause(s);
    renderKpis(s);
    renderFields(s);
    var restart = lastT !== null && s.tNs < lastT; // a new session: start the charts afresh
    if (lastT === null || restart || s.tNs > lastT) {
      var row = point(s, restart ? null : lastT);
      lastT = s.tNs;
      plot([row], restart);
    }
    limits(s);
    body.dataset.updates = String(Number(body.dataset.updates) + 1);
  }

  cfg.charts.forEach(function (c) {
    var el = document.getElementById("vis-" + c.id);
    var w = (windows[c.id] = { windowMs: c.windowSeconds * 1000, times: [], pending: [] });
    vegaEmbed(el, c.spec, { actions: false, renderer: "canvas" }).then(function (res) {
      views[c.id] = res.view;
      body.dataset.charts = String(Object.keys(views).length);
      var rows = w.pending;
      w.pending = [];
      if (rows.length) plotOne(c.id, rows, false);
      if (lastSnapshot) limits(lastSnapshot);
    }).catch(function (err) {
      el.className = "chart error";
      el.textContent = "chart failed to render: " + err;
    });
  });

  var lastSnapshot = cfg.initial;
  if (cfg.initial) apply(cfg.initial);

  var conn = document.getElementById("conn");
  var source = new EventSource("events");
  source.onopen = function () { conn.dataset.state = "live"; setText(conn, "live"); };
  source.onerror = function () { conn.dataset.state = "down"; setText(conn, "disconnected from the session — retrying"); };
  source.onmessage = function (e) {
    var s = JSON.parse(e.data);
    lastSnapshot = s;
    apply(s);
  };
})();
`;

/** What the page hands the script (as the global `DASHBOARD`). */
export interface ClientConfig {
  charts: { id: string; windowSeconds: number; spec: unknown }[];
  /** Names of the charts' datasets: the snapshot rows and the inventory limits. */
  points: string;
  limits: string;
  /** Hard cap on the rows a chart keeps. */
  maxPoints: number;
  /** The snapshot at page load (shown before the first event arrives). */
  initial: unknown;
}
