import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, MmlabError } from "../../../src/core/errors.ts";
import { NS_PER_S } from "../../../src/core/time.ts";
import { EventKind, type DatasetMeta, type EventBatch } from "../../../src/data/schema.ts";
import { allocEventBatch } from "../../../src/data/batch.ts";
import type { MarketData } from "../../../src/data/sources/marketData.ts";
import { combineInputs, paramsFromArgs, readGridFile } from "../../../src/runner/grid/input.ts";
import { gridHash, resolveGrid } from "../../../src/runner/grid/definition.ts";
import { gridPoints, pointId } from "../../../src/runner/grid/points.ts";
import { parseShard, resolveShard, inShard } from "../../../src/runner/grid/shards.ts";
import { parseSpan } from "../../../src/runner/grid/spans.ts";
import { spanData } from "../../../src/runner/grid/spanData.ts";
import { parseObjective, selectBest } from "../../../src/runner/grid/objective.ts";
import type { GridRow } from "../../../src/runner/grid/rows.ts";
import { runGrid } from "../../../src/runner/grid/runGrid.ts";
import { validatePoints } from "../../../src/runner/grid/tasks.ts";

const dir = mkdtempSync(join(tmpdir(), "mmlab-grid-def-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("grid points", () => {
  it("are the cartesian product in the order given, the last parameter varying fastest", () => {
    const def = resolveGrid({ params: { gamma: [0.05, 0.1, 0.2], "ofi.beta": [0, 0.3, 0.6] } });
    const points = gridPoints(def);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(points.map((p) => [p.params.gamma, p.params["ofi.beta"]])).toEqual([
      [0.05, 0], [0.05, 0.3], [0.05, 0.6], [0.1, 0], [0.1, 0.3], [0.1, 0.6], [0.2, 0], [0.2, 0.3], [0.2, 0.6],
    ]);
    expect(Object.keys(points[0].params)).toEqual(["gamma", "ofi.beta"]);
  });

  it("have deterministic ids: the hash of the canonical params, whatever their key order", () => {
    const def = resolveGrid({ params: { gamma: [0.05, 0.1], "ofi.beta": [0, 0.3] } });
    const a = gridPoints(def);
    const b = gridPoints(resolveGrid({ params: { gamma: [0.05, 0.1], "ofi.beta": [0, 0.3] } }));
    expect(a.map((p) => p.id)).toEqual(b.map((p) => p.id));
    expect(new Set(a.map((p) => p.id)).size).toBe(4);
    expect(a[0].id).toBe("9f5eb2b51aa3"); // pinned: a change of the id scheme orphans every cache
    expect(pointId({ "ofi.beta": 0, gamma: 0.05 })).toBe(a[0].id);
    // the same point in a grid of other params has the same id
    const swapped = gridPoints(resolveGrid({ params: { "ofi.beta": [0, 0.3], gamma: [0.05, 0.1] } }));
    expect(swapped[0].id).toBe(a[0].id);
    expect(swapped[1].params).toEqual({ "ofi.beta": 0, gamma: 0.1 });
  });

  it("a grid without params is one point; the hash changes with the parameter order", () => {
    expect(gridPoints(resolveGrid({})).length).toBe(1);
    const h1 = gridHash(resolveGrid({ params: { gamma: [0.1, 0.2], k: [1, 2] } }));
    const h2 = gridHash(resolveGrid({ params: { k: [1, 2], gamma: [0.1, 0.2] } }));
    expect(h1).not.toBe(h2);
    expect(gridHash(resolveGrid({ params: { gamma: [0.1, 0.2], k: [1, 2] } }))).toBe(h1);
  });
});

describe("grid input", () => {
  it("parses --param lists (JSON values, else text) and JSON arrays", () => {
    expect(paramsFromArgs(["gamma=0.05,0.1", "horizon.mode=rolling,session", "x=[[1,2],{\"a\":1}]"])).toEqual({
      gamma: [0.05, 0.1],
      "horizon.mode": ["rolling", "session"],
      x: [[1, 2], { a: 1 }],
    });
    expect(() => paramsFromArgs(["gamma"])).toThrow(/expected name=v1,v2/);
    expect(() => paramsFromArgs(["gamma=1", "gamma=2"])).toThrow(/given twice/);
    expect(() => resolveGrid({ params: { gamma: [0.1, 0.1] } })).toThrow(/listed twice/);
    expect(() => resolveGrid({ params: { pnl: [1] } })).toThrow(/clashes/);
    expect(() => resolveGrid({ params: { scenario: ["nope"] } })).toThrow(/unknown; choose one of default/);
    expect(() => resolveGrid({ params: { data: ["a.arrow"], scenario: ["default"] } })).toThrow(/conflict/);
  });

  it("reads a grid file; the command line adds params and replaces scalars; a run's grid.json reads back as the same grid", () => {
    const path = join(dir, "grid.json");
    writeFileSync(path, JSON.stringify({ params: { gamma: [0.05, 0.1] }, base: { risk: { q_max: 0.5 } }, duration: "24h", seed: "7" }));
    const def = resolveGrid(combineInputs(readGridFile(path), { params: { "ofi.beta": [0, 0.3] }, duration: "1h" }));
    expect(Object.keys(def.params)).toEqual(["gamma", "ofi.beta"]);
    expect(def.base.risk.q_max).toBe(0.5);
    expect(def.duration).toBe("1h");
    expect(def.seed).toBe("7");
    writeFileSync(path, JSON.stringify({ ...def, points: 4, hash: gridHash(def) }));
    expect(gridHash(resolveGrid(readGridFile(path)))).toBe(gridHash(def));
    writeFileSync(path, JSON.stringify({ params: {}, bogus: 1 }));
    expect(() => readGridFile(path)).toThrow(/bogus: unknown field/);
  });

  it("parses spans and refuses overlapping walk-forward spans", () => {
    expect(parseSpan("0-12h")).toEqual({ startNs: 0, endNs: 12 * 3600 * NS_PER_S });
    expect(parseSpan("12h-24h")).toEqual({ startNs: 12 * 3600 * NS_PER_S, endNs: 24 * 3600 * NS_PER_S });
    expect(() => parseSpan("12h")).toThrow(/START-END/);
    expect(() => parseSpan("2h-1h")).toThrow(/after the start/);
    expect(() => resolveGrid({ selectOn: "0-12h", reportOn: "6h-18h" })).toThrow(/overlap/);
    expect(() => resolveGrid({ selectOn: "0-12h" })).toThrow(/both/);
    expect(() => resolveGrid({ selectOn: "0-1h", reportOn: "1h-2h", duration: "90m" })).toThrow(/shorter than the spans/);
    expect(resolveGrid({ selectOn: "0-1h", reportOn: "1h-2h" }).objective).toBe("pnl");
    expect(() => resolveGrid({ selectOn: "0-1h", reportOn: "1h-2h", objective: "passed" })).toThrow(/not a numeric KPI/);
  });
});

describe("bad parameter values", () => {
  it("throw the config's ConfigError naming the point, before anything runs or is written", async () => {
    const out = join(dir, "bad");
    const def = resolveGrid({ params: { gamma: [0.1, 0.2], "risk.q_max": [1, -1] }, duration: "10m" });
    const run = runGrid(def, { out, workers: 1 });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(runGrid(def, { out, workers: 1 })).rejects.toThrow(/^config: risk\.q_max = -1: .*\(grid point 1 \(gamma=0\.1, risk\.q_max=-1\)\)$/);
    expect(existsSync(out)).toBe(false);
    await expect(validatePoints(resolveGrid({ params: { gama: [0.1] } }), gridPoints(resolveGrid({ params: { gama: [0.1] } })))).rejects.toThrow(/gama = 0\.1: unknown field \(grid point 0/);
    const tick = resolveGrid({ params: { "symbol.tick_size": [0.01, 0.1] } });
    await expect(validatePoints(tick, gridPoints(tick))).rejects.toThrow(/symbol\.tick_size = 0\.1: differs from the data's tick size 0\.01.*grid point 1/);
    const missing = resolveGrid({ params: { data: [join(dir, "nope.arrow")] } });
    await expect(validatePoints(missing, gridPoints(missing))).rejects.toThrow(/nope\.arrow: no such file/);
  });
});

describe("shards", () => {
  it("come from --shard, a Kubernetes Indexed Job or a Slurm array", () => {
    expect(parseShard("1/4")).toEqual({ index: 1, count: 4 });
    expect(() => parseShard("4/4")).toThrow(/0\.\.3/);
    expect(() => parseShard("x")).toThrow(/expected i\/n/);
    expect(resolveShard({}, {})).toBeNull();
    expect(resolveShard({ shard: "0/2" }, { JOB_COMPLETION_INDEX: "1", MMLAB_SHARDS: "3" })).toEqual({ index: 0, count: 2 });
    expect(resolveShard({}, { JOB_COMPLETION_INDEX: "2", MMLAB_SHARDS: "3" })).toEqual({ index: 2, count: 3 });
    expect(resolveShard({ shards: 5 }, { JOB_COMPLETION_INDEX: "4" })).toEqual({ index: 4, count: 5 });
    expect(() => resolveShard({}, { JOB_COMPLETION_INDEX: "2" })).toThrow(/--shards N or set MMLAB_SHARDS/);
    expect(resolveShard({}, { SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 3, count: 4 });
    expect(resolveShard({}, { SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "1" })).toEqual({ index: 3, count: 4 });
    expect(() => resolveShard({ shards: 3 }, {})).toThrow(/needs a shard index/);
    const owners = [0, 1, 2, 3, 4, 5, 6].map((i) => [0, 1, 2].filter((s) => inShard(i, { index: s, count: 3 })));
    expect(owners).toEqual([[0], [1], [2], [0], [1], [2], [0]]);
  });
});

describe("walk-forward selection", () => {
  const row = (index: number, pnl: number | null, rulesPassed: number, passed: boolean): GridRow =>
    ({ index, id: String(index), params: {}, kpis: { pnl, rulesPassed, passed, maxDrawdown: pnl }, resultsHash: "", dataHash: "" }) as unknown as GridRow;

  it("maximises the objective among passing points, ties to more rules passed, then the lower index", () => {
    const pnl = parseObjective("pnl");
    expect(selectBest([row(0, 5, 6, false), row(1, 3, 5, true), row(2, 4, 5, true)], pnl).row.index).toBe(2);
    expect(selectBest([row(0, 4, 5, true), row(1, 4, 6, true), row(2, 4, 6, true)], pnl).row.index).toBe(1);
    expect(selectBest([row(0, null, 6, true), row(1, -1, 5, true)], pnl).row.index).toBe(1);
    const none = selectBest([row(0, 1, 3, false), row(1, 2, 3, false)], pnl);
    expect([none.row.index, none.pool]).toEqual([1, "all"]);
    expect(selectBest([row(0, 1, 5, true), row(1, 2, 5, true)], parseObjective("-maxDrawdown")).row.index).toBe(0);
  });

  it("the fee schedule column is text, not an objective; the break-even maker fee is one", () => {
    expect(() => parseObjective("feeSchedule")).toThrow(/not a numeric KPI; choose one of .*breakEvenMakerFeeBps/);
    expect(parseObjective("breakEvenMakerFeeBps").kpi).toBe("breakEvenMakerFeeBps");
  });
});

describe("spanData", () => {
  const meta: DatasetMeta = { symbol: "X", venue: "v", tickSize: 1, lotSize: 1, source: "test", schemaVersion: "1" };
  const batch = (rows: [number, number, number, number, number][]): EventBatch => {
    const b = allocEventBatch(rows.length);
    b.length = rows.length;
    rows.forEach(([t, kind, side, price, qty], i) => {
      b.exchTsNs[i] = t;
      b.localTsNs[i] = t + 1;
      b.kind[i] = kind;
      b.side[i] = side;
      b.priceTicks[i] = price;
      b.qty[i] = qty;
    });
    return b;
  };
  const { DEPTH, TRADE, DEPTH_CLEAR, SNAPSHOT } = EventKind;
  const data: MarketData = {
    meta,
    originNs: 1000n,
    description: { kind: "test" },
    async *batches() {
      yield batch([[0, DEPTH, 1, 100, 1], [0, DEPTH, -1, 101, 2], [1, DEPTH, 1, 99, 3], [2, DEPTH, -1, 105, 1], [5, TRADE, 1, 101, 1]]);
      yield batch([[6, DEPTH_CLEAR, -1, 0, 0], [7, DEPTH, -1, 102, 4], [8, DEPTH, 1, 100, 0], [10, DEPTH, -1, 103, 1], [12, TRADE, -1, 99, 1]]);
    },
    hash: async () => "h",
  };

  it("opens the span with the book the skipped events left, as a snapshot at 0, and rebases the rest", async () => {
    const span = spanData(data, 10);
    expect(span.originNs).toBe(1010n);
    const out: number[][] = [];
    for await (const b of span.batches()) for (let i = 0; i < b.length; i++) out.push([b.exchTsNs[i], b.localTsNs[i], b.kind[i], b.side[i], b.priceTicks[i], b.qty[i]]);
    expect(out).toEqual([
      [0, 0, SNAPSHOT, 1, 99, 3],
      [0, 0, SNAPSHOT, -1, 102, 4],
      [0, 1, DEPTH, -1, 103, 1],
      [2, 3, TRADE, -1, 99, 1],
    ]);
    expect(await span.hash()).toBe("h");
    expect(spanData(data, 0)).toBe(data);
  });
});

it("MmlabError is what bad grid input throws", () => {
  expect(() => resolveGrid({ params: { gamma: [] } })).toThrow(MmlabError);
});
