import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { compareMarketsCommand } from "../../src/cli/commands/compareMarkets.ts";
import { ofiStudyCommand } from "../../src/cli/commands/ofiStudy.ts";
import { compileSpec } from "../../src/report/render.ts";
import { ofiScatterSpec } from "../../src/research/charts/ofiScatter.ts";
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

  it("mmlab compare-markets writes facts.json, the signature plot and report.html", async () => {
    const out = captureStdout();
    const code = await compareMarketsCommand({ real: "synthetic:default:0.05", synth: "synthetic:jumpy:0.05", seed: "3", out: join(dir, "cmp"), force: false, json: false });
    expect(code).toBe(0);
    expect(out()).toMatch(/spread at 1 tick/);
    expect(readdirSync(join(dir, "cmp")).sort()).toEqual(["facts.json", "report.html", "signature.png", "signature.svg"]);
    const facts = JSON.parse(readFileSync(join(dir, "cmp/facts.json"), "utf8"));
    expect(facts.real.facts.durationS).toBe(180);
    expect(facts.rows.length).toBeGreaterThan(20);
    expect(existsSync(join(dir, "cmp/report.html"))).toBe(true);
  });

  it("rejects a bad synthetic spec and an unknown scenario", async () => {
    await expect(openMarketSource("synthetic:default:zero", "1")).rejects.toThrow(/hours must be a number/);
    await expect(openMarketSource("synthetic:nope:1", "1")).rejects.toThrow(/unknown/);
  });
});
