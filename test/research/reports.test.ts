import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { compareMarketsCommand } from "../../src/cli/commands/compareMarkets.ts";
import { ofiStudyCommand } from "../../src/cli/commands/ofiStudy.ts";
import { compileSpec } from "../../src/report/render.ts";
import { ofiScatterSpec } from "../../src/research/charts/ofiScatter.ts";
import { makerMarkoutSpec } from "../../src/research/charts/makerMarkout.ts";
import { signaturePlotSpec } from "../../src/research/charts/signaturePlot.ts";
import { compareFacts, formatComparison } from "../../src/research/compareMarkets.ts";
import { openMarketSource } from "../../src/research/marketSource.ts";
import { formatOfiStudy } from "../../src/research/ofiFormat.ts";
import { runOfiStudy } from "../../src/research/ofiStudy.ts";
import { stylizedFacts, type StylizedFacts } from "../../src/research/stylizedFacts.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mmlab-research-"));
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Captures what a command prints. */
function captureStdout(): () => string {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true));
  return () => chunks.join("");
}

function compilesClean(spec: Parameters<typeof compileSpec>[0]) {
  const warnings: string[] = [];
  compileSpec(spec, warnings);
  expect(warnings).toEqual([]);
}

describe("OFI study on a short synthetic market", () => {
  it("finds a positive, significant β; the chart compiles and the text names the units", async () => {
    const src = await openMarketSource("synthetic:default:0.25", "7");
    const r = await runOfiStudy(src.data, { durationNs: src.durationNs });
    expect(r.series.tS.length).toBe(89); // 15 min of 10 s buckets, minus the first
    expect(r.overall.beta).toBeGreaterThan(0);
    expect(r.overall.tBeta).toBeGreaterThan(3);
    expect(r.overall.r2).toBeGreaterThan(0.2);
    const spec = ofiScatterSpec(r);
    compilesClean(spec);
    expect(JSON.stringify(spec)).toMatch(/ticks per BTC/);
    expect(formatOfiStudy(r)).toMatch(/overall\s+89\s/);
  });

  it("mmlab ofi-study writes its folder and prints the table; --json prints the JSON", async () => {
    const out = captureStdout();
    const code = await ofiStudyCommand({ scenario: "default", bucket: "5s", window: "30b", duration: "10m", seed: "1", out: join(dir, "ofi"), force: false, json: false });
    expect(code).toBe(0);
    expect(out()).toMatch(/per window of 30 buckets/);
    expect(readdirSync(join(dir, "ofi")).sort()).toEqual(["buckets.csv", "ofi-scatter.png", "ofi-scatter.svg", "ofi-study.json", "report.html"]);
    const json = JSON.parse(readFileSync(join(dir, "ofi/ofi-study.json"), "utf8"));
    expect(json.bucketS).toBe(5);
    expect(json.windows).toHaveLength(4); // 119 buckets kept: 30 + 30 + 30 + 29
    expect(readFileSync(join(dir, "ofi/buckets.csv"), "utf8").split("\n")[0]).toBe("t_s,ofi,dmid_ticks");
    expect(readFileSync(join(dir, "ofi/report.html"), "utf8")).toMatch(/HC1/);
    vi.restoreAllMocks();
    const out2 = captureStdout();
    await ofiStudyCommand({ scenario: "default", bucket: "10s", window: "1h", duration: "5m", seed: "1", out: join(dir, "ofi"), force: true, json: true });
    expect(JSON.parse(out2()).overall.n).toBe(29);
  });

  it("refuses an existing output folder without --force, before any work", async () => {
    await expect(ofiStudyCommand({ scenario: "default", bucket: "10s", window: "1h", duration: "1m", seed: "1", out: join(dir, "ofi"), force: false, json: false })).rejects.toThrow(/already exists/);
  });
});

describe("compare-markets", () => {
  let a: StylizedFacts;
  let b: StylizedFacts;
  beforeAll(async () => {
    a = await stylizedFacts((await openMarketSource("synthetic:default:0.1", "1")).data, { durationNs: 360e9 });
    b = await stylizedFacts((await openMarketSource("synthetic:high-vol:0.1", "1")).data, { durationNs: 360e9 });
  });

  it("synthetic facts are sane", () => {
    expect(a.spread.p50Ticks).toBeGreaterThanOrEqual(1);
    expect(a.spread.shareOneTick).toBeGreaterThan(0);
    expect(a.trades.ordersPerS).toBeGreaterThan(0);
    expect(a.trades.counts[0].fano).toBeGreaterThan(1); // Hawkes arrivals cluster
    for (const v of a.volatility) expect(v.sigmaQuotePerSqrtS).toBeGreaterThan(0);
    expect(b.volatility[2].sigmaQuotePerSqrtS).toBeGreaterThan(a.volatility[2].sigmaQuotePerSqrtS); // high-vol is more volatile
  });

  it("puts the facts side by side with synth / real ratios", () => {
    const rows = compareFacts(a, b);
    const events = rows.find((r) => r.fact === "events per second")!;
    expect(events.ratio).toBeCloseTo(b.eventsPerS / a.eventsPerS, 12);
    expect(rows.map((r) => r.fact)).toContain("σ at 60 s");
    expect(rows.map((r) => r.fact)).toContain("OFI→Δmid R² (10 s)");
    expect(formatComparison(rows, { real: "A", synth: "B" })).toMatch(/SYNTH\/REAL/);
    compilesClean(signaturePlotSpec([{ label: "A", facts: a }, { label: "B", facts: b }]));
  });

  it("adds the signed order-flow rows with standard errors, counts and a verdict on every row", () => {
    const rows = compareFacts(a, b);
    const facts = rows.map((r) => r.fact);
    for (const f of ["response R(1 s)", "response R(1 s), size > median", "response R(60 s), size ≤ median", "order sign ACF C(100)", "maker markout d=1, h=0.1 s", "maker markout d=200, h=60 s"]) expect(facts).toContain(f);
    for (const r of rows) expect(r.verdict).toMatch(/^(agree|differs|same sign|DIFFER \(sign\)|agree \(≈ 0\)|too few|n\/a)$/);
    const spread = rows.find((r) => r.fact === "spread median")!;
    expect(spread.realSe).toBeUndefined();
    const markout = rows.find((r) => r.fact === "maker markout d=1, h=1 s")!;
    expect(markout.real).toBe(a.makerMarkout.distances[0].horizons[1].mean);
    expect(markout.realN).toBe(a.makerMarkout.distances[0].horizons[1].n);
    expect(markout.synthSe).toBe(b.makerMarkout.distances[0].horizons[1].se);
    const c1 = rows.find((r) => r.fact === "order sign ACF C(1)")!;
    expect(c1.realN).toBe(a.signAcf.orders);
    const text = formatComparison(rows, { real: "A", synth: "B" });
    expect(text).toMatch(/verdict/);
    expect(text).toMatch(/"agree" when SYNTH\/REAL is within a factor 3/);
    expect(text).toMatch(/maker markout d=1, h=1 s\s+ticks\s+\S+ ±\S+\s+\S+ ±\S+/);
    compilesClean(makerMarkoutSpec([{ label: "A", facts: a }, { label: "B", facts: b }]));
  });

  it("mmlab compare-markets writes facts.json, the signature and maker-markout charts and report.html; --markout-distances and --markout-horizons reach both markets", async () => {
    const out = captureStdout();
    const code = await compareMarketsCommand({ real: "synthetic:default:0.05", synth: "synthetic:jumpy:0.05", seed: "3", out: join(dir, "cmp"), force: false, json: false, "markout-distances": "5,1", "markout-horizons": "1s,100ms" });
    expect(code).toBe(0);
    const printed = out();
    expect(printed).toMatch(/spread at 1 tick/);
    expect(printed).toMatch(/maker markout d=5, h=0\.1 s/);
    expect(printed).toMatch(/verdicts:/);
    expect(readdirSync(join(dir, "cmp")).sort()).toEqual(["facts.json", "markout.png", "markout.svg", "report.html", "signature.png", "signature.svg"]);
    const facts = JSON.parse(readFileSync(join(dir, "cmp/facts.json"), "utf8"));
    expect(facts.real.facts.durationS).toBe(180);
    expect(facts.rows.length).toBeGreaterThan(20);
    expect(facts.real.facts.makerMarkout.distancesTicks).toEqual([1, 5]);
    expect(facts.synth.facts.makerMarkout.horizonsS).toEqual([0.1, 1]);
    expect(facts.real.facts.response.lags).toHaveLength(6);
    expect(facts.rows.every((r: { verdict: string }) => typeof r.verdict === "string")).toBe(true);
    const html = readFileSync(join(dir, "cmp/report.html"), "utf8");
    expect(html).toMatch(/Maker markout/);
    expect(html).toMatch(/DIFFER \(sign\)/); // the rules under the table
  });

  it("rejects a bad --markout-distances or --response-lags before any work", async () => {
    const args = { real: "synthetic:default:0.05", synth: "synthetic:jumpy:0.05", seed: "3", out: join(dir, "cmp-bad"), force: false, json: false };
    await expect(compareMarketsCommand({ ...args, "markout-distances": "1,-5" })).rejects.toThrow(/--markout-distances "1,-5": "-5" must be a number of ticks > 0/);
    await expect(compareMarketsCommand({ ...args, "response-lags": "1s,soon" })).rejects.toThrow(/--response-lags: duration "soon"/);
    expect(existsSync(join(dir, "cmp-bad"))).toBe(false);
  });

  it("rejects a bad synthetic spec and an unknown scenario", async () => {
    await expect(openMarketSource("synthetic:default:zero", "1")).rejects.toThrow(/hours must be a number/);
    await expect(openMarketSource("synthetic:nope:1", "1")).rejects.toThrow(/unknown/);
  });
});
