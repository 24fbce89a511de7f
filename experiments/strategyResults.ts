/**
 * The results table of docs/strategy-results.md: V1 with its defaults, V1 tuned and V1.5 tuned,
 * with fees on, on the default day (seeds 1–6), on the market fitted to the Binance sample, and on
 * the real Binance sample out of sample (tuned on its first half, reported on its second).
 *
 *   npx tsx experiments/strategyResults.ts [--work runs/strategy-results]
 *
 * Every step is an `mmlab` command (printed as it runs); the table is printed at the end as
 * Markdown and kept in WORK/results.md with the JSON it was made from. Needs ../shared/data.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const workArg = process.argv.indexOf("--work");
const work = resolve(workArg > 0 ? process.argv[workArg + 1] : join(root, "runs", "strategy-results"));
const sample = join(root, "..", "shared", "data", "binance-spot-btcusdt");
mkdirSync(work, { recursive: true });

/** Runs `mmlab ARGS` (printed), returning its standard output. */
function mmlab(args: string[]): string {
  process.stderr.write(`$ mmlab ${args.join(" ")}\n`);
  return execFileSync(process.execPath, [join(root, "bin", "mmlab.js"), ...args], { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 256 << 20 });
}

type Kpis = Record<string, unknown>;

/** The V1 and V1.5 search spaces. */
const V1_SPACE = ["gamma=log:0.01..10", "k=log:0.05..20", "ofi.beta=0..1", "orders.requote_threshold_ticks=int:1..300"];
const V15_SPACE = [...V1_SPACE, "strategy.params.min_edge_bps=0..3", "strategy.params.guard_z=0.5..3", "strategy.params.requote_tolerance=0..0.6"];
const params = (space: string[]) => space.flatMap((p) => ["--param", p]);

/** Tunes into `out` (resumed when it is there already); returns tune.json. */
function tune(out: string, extra: string[]): { folds: { outOfSample: { kpis: Kpis }; overfitting: Record<string, any> }[] } {
  if (!existsSync(join(work, out, "tune.json")) || !JSON.parse(readFileSync(join(work, out, "tune.json"), "utf8")).folds) mmlab(["tune", ...extra, "--out", out, "--no-report"]);
  return JSON.parse(readFileSync(join(work, out, "tune.json"), "utf8"));
}

/** KPIs of a 24 h backtest of `config` (a file, or none for the defaults). */
function backtest(config: string | null, extra: string[]): Kpis {
  return JSON.parse(mmlab(["backtest", ...(config ? ["--config", config] : []), ...extra, "--json", "--no-report", "--out", join(work, "bt", `${Date.now()}-${Math.random().toString(36).slice(2)}`)]));
}

// the data: the sample as an event file, the market fitted to it
const btc = join(work, "btc.arrow");
if (!existsSync(btc)) mmlab(["convert", "--from", "binance", join(sample, "btcusdt_20240808.gz"), join(sample, "btcusdt_20240809.gz"), "--out", btc]);
const market = join(work, "calibration", "market.json");
if (!existsSync(market)) mmlab(["calibrate", btc, "--market", "--out", join(work, "calibration")]);

// tuned on the default day (24 h, seed 1: two walk-forward folds of 8 h)
const v1Tune = tune("tune-v1-default", [...params(V1_SPACE), "--duration", "24h"]);
const v15Tune = tune("tune-v15-default", ["--set", "quoter=v1_5", ...params(V15_SPACE), "--duration", "24h"]);
const configs: [string, string | null, any][] = [
  ["V1 defaults", null, null],
  ["V1 tuned", join(work, "tune-v1-default", "best-config.json"), v1Tune],
  ["V1.5 tuned", join(work, "tune-v15-default", "best-config.json"), v15Tune],
];

// tuned on the sample's first half, reported on its second
const v1Real = tune("tune-v1-binance", [...params(V1_SPACE), "--data", btc, "--folds", "1"]);
const v15Real = tune("tune-v15-binance", ["--set", "quoter=v1_5", ...params(V15_SPACE), "--data", btc, "--folds", "1"]);
const defaultsReal = tune("tune-defaults-binance", ["--param", "gamma=0.5", "--param", "k=0.7", "--data", btc, "--folds", "1", "--budget", "2"]);

const rows: string[] = [];
const results: Record<string, unknown> = {};
const cell = (k: Kpis) => {
  const pct = (x: unknown) => (typeof x === "number" ? `${(100 * x).toFixed(1)} %` : "n/a");
  const num = (x: unknown, unit = "", d = 2) => (typeof x === "number" ? `${x.toFixed(d)}${unit}` : "n/a");
  return `${k.rulesPassed}/${k.rulesTotal} ${k.passed ? "PASS" : "FAIL"} | ${num(k.pnl)} | ${pct(k.fillRatio)} | ${pct(k.cancelRatio)} | ${num(k.spreadCapturedPct, " %", 1)} | ${num(k.breakEvenMakerFeeBps, " bp")}`;
};
const overfit = (t: any, fold: number) => {
  const o = t?.folds?.[fold]?.overfitting;
  return o && o.pbo ? `${o.pbo.value.toFixed(2)} | ${o.deflatedSharpe.value === null ? "n/a" : o.deflatedSharpe.value.toFixed(2)}` : "– | –";
};
for (const [name, file, tuned] of configs) {
  for (let seed = 1; seed <= 6; seed++) {
    const k = backtest(file, ["--seed", String(seed)]);
    results[`${name} default seed ${seed}`] = k;
    rows.push(`| ${name} | default day, seed ${seed} | ${cell(k)} | ${overfit(tuned, 1)} |`);
  }
  const fitted = backtest(file, ["--scenario", market, "--seed", "1"]);
  results[`${name} fitted`] = fitted;
  rows.push(`| ${name} | market fitted to the Binance sample, 24 h | ${cell(fitted)} | ${overfit(tuned, 1)} |`);
}
for (const [name, t, tuned] of [["V1 defaults", defaultsReal, false], ["V1 tuned", v1Real, true], ["V1.5 tuned", v15Real, true]] as const) {
  const k = t.folds[0].outOfSample.kpis;
  results[`${name} binance oos`] = k;
  rows.push(`| ${name} | Binance sample, second half (out of sample) | ${cell(k)} | ${tuned ? overfit(t, 0) : "– | –"} |`);
}
const table = ["| config | market | rules | PnL (USDT) | fill ratio | cancel ratio | spread captured | break-even maker fee | PBO | DSR |", "|---|---|---|---|---|---|---|---|---|---|", ...rows].join("\n");

// the ablation: V1.5 as tuned on the default day, each addition switched off in turn (seed 1, 24 h; and the sample's second half)
const SWITCHES = ["touch", "fee_floor", "guard", "ev_requote", "size_skew"];
const v15Best = join(work, "tune-v15-default", "best-config.json");
const ablation: string[] = [];
for (const off of [null, ...SWITCHES, "all"]) {
  const sets = off === null ? [] : (off === "all" ? SWITCHES : [off]).flatMap((name) => ["--set", `strategy.params.${name}=false`]);
  const day = backtest(v15Best, ["--seed", "1", ...sets]);
  results[`ablation ${off ?? "none"} default`] = day;
  ablation.push(`| ${off === null ? "all on" : off === "all" ? "all off (= V1 with these γ, k, β)" : `${off} off`} | ${cell(day)} |`);
}
const ablationTable = ["| V1.5 tuned, default day seed 1 | rules | PnL (USDT) | fill ratio | cancel ratio | spread captured | break-even maker fee |", "|---|---|---|---|---|---|---|", ...ablation].join("\n");
writeFileSync(join(work, "results.md"), table + "\n\n" + ablationTable + "\n");
writeFileSync(join(work, "results.json"), JSON.stringify(results, null, 2) + "\n");
process.stdout.write(table + "\n\n" + ablationTable + "\n");
