import { describe, expect, it } from "vitest";
import { resolveGrid } from "../../../src/runner/grid/definition.ts";
import { DataHub, dataKey } from "../../../src/runner/grid/dataHub.ts";
import { gridPoints } from "../../../src/runner/grid/points.ts";
import { pointSource, runPoint } from "../../../src/runner/grid/pointRun.ts";
import { runPool } from "../../../src/runner/grid/pool.ts";
import type { ToWorker } from "../../../src/runner/grid/protocol.ts";
import type { GridRow } from "../../../src/runner/grid/rows.ts";
import { fromWire, SharedBatchAllocator, toWire } from "../../../src/data/sharedBatch.ts";
import { SharedDataset, tooLargeToShare } from "../../../src/runner/grid/sharedData.ts";
import { validatePoints, type PointTask } from "../../../src/runner/grid/tasks.ts";
import { compiledSourcesEntry } from "../../../src/core/compiledSources.ts";
import type { EventBatch } from "../../../src/data/schema.ts";

/*
 * The points of a grid share one generated synthetic market: read from shared memory, as it is
 * generated, by several points at once, it gives every point the very row it gets generating its
 * own data (the row's results hash covers every KPI, fill and timeseries value).
 */

/** 1 hour of the default market: 5 batches of generated data. */
const def = resolveGrid({ params: { gamma: [0.05, 0.2], "ofi.beta": [0, 0.6] }, duration: "1h" });
const tasksOf = (d = def): Promise<PointTask[]> => validatePoints(d, gridPoints(d));
const alone = async (tasks: readonly PointTask[]): Promise<GridRow[]> => {
  const rows: GridRow[] = [];
  for (const task of tasks) rows.push(await runPoint(task)); // each generating its own data
  return rows;
};

/** The data of `task` generated batch by batch into shared memory (as a generating worker makes it), then its hash. */
async function* sharedBatches(task: PointTask): AsyncGenerator<EventBatch, string> {
  const source = await pointSource(task);
  for await (const batch of source.batches(new SharedBatchAllocator())) yield batch;
  return source.hash();
}

/** A listener counting points waiting for data; `all(n)` resolves once n points wait at once. */
function waitCounter() {
  let waiting = 0;
  let waits = 0;
  let want: { n: number; resolve: () => void } | undefined;
  return {
    listener: {
      waiting() {
        waiting++;
        waits++;
        if (want && waiting >= want.n) want.resolve();
      },
      resumed() {
        waiting--;
      },
    },
    all: (n: number) => new Promise<void>((resolve) => (waiting >= n ? resolve() : (want = { n, resolve }))),
    waits: () => waits,
  };
}

describe("shared synthetic data", () => {
  it("points reading it together as it is generated get the rows of points generating their own", async () => {
    const tasks = await tasksOf();
    const expected = await alone(tasks);
    const counter = waitCounter();
    const dataset = new SharedDataset(counter.listener);
    const rows = Promise.all(tasks.map((task) => runPoint(task, undefined, (source) => dataset.reader(source))));
    const waitAll = () => Promise.race([counter.all(tasks.length), rows]); // a point that fails ends the wait
    await waitAll(); // every point waits for the first batch: none is there yet
    const batches = sharedBatches(tasks[0]);
    let batchCount = 0;
    for (let next = await batches.next(); ; next = await batches.next()) {
      if (next.done) {
        dataset.complete(next.value);
        break;
      }
      dataset.push(fromWire(toWire(next.value))); // as another worker receives it
      batchCount++;
      await waitAll(); // every point has read it and waits for the next
    }
    expect(batchCount).toBeGreaterThan(2);
    expect(await rows).toEqual(expected);
    expect(counter.waits()).toBeGreaterThanOrEqual(tasks.length * (batchCount + 1));
  });

  it("given up midway (too large), each reader makes the rest itself and gets the same row", async () => {
    const tasks = (await tasksOf()).slice(0, 2);
    const expected = await alone(tasks);
    const counter = waitCounter();
    const dataset = new SharedDataset(counter.listener);
    const rows = Promise.all(tasks.map((task) => runPoint(task, undefined, (source) => dataset.reader(source))));
    const batches = sharedBatches(tasks[0]);
    for (let i = 0; i < 2; i++) {
      dataset.push((await batches.next()).value as EventBatch);
      await Promise.race([counter.all(tasks.length), rows]);
    }
    dataset.abandon();
    expect(await rows).toEqual(expected);
  });

  it("a failure to make it fails every point reading it", async () => {
    const [task] = await tasksOf();
    const dataset = new SharedDataset();
    const row = runPoint(task, undefined, (source) => dataset.reader(source));
    dataset.fail(new Error("no space left on device"));
    await expect(row).rejects.toThrow("no space left on device");
  });

  it("is given up when it is, or is bound to be, larger than the limit", () => {
    expect(tooLargeToShare(100, 10, 100, 1000)).toBe(false); // bound to reach 1,000 bytes: not more
    expect(tooLargeToShare(100, 9, 100, 1000)).toBe(true);
    expect(tooLargeToShare(1001, 0, 100, 1000)).toBe(true);
  });
});

describe("the pool's shared data (DataHub)", () => {
  const posted: [number, ToWorker][] = [];
  const post = (worker: number, message: ToWorker): void => void posted.push([worker, message]);

  it("shares each market read by more than one point: generated by the first worker, relayed to the others, let go after its last point", async () => {
    const grid = resolveGrid({ params: { gamma: [0.05, 0.2], seed: [1, 2, 3] }, duration: "10m" });
    const tasks = (await tasksOf(grid)).slice(0, 5); // seed 3 has one point left: not shared
    const hub = new DataHub(tasks);
    // grid order: gamma 0.05 with seeds 1, 2, 3, then gamma 0.2 with seeds 1, 2; the points of a market together
    expect(hub.order(tasks).map((t) => t.index)).toEqual([0, 3, 1, 4, 2]);
    const [seed1, seed1b, seed2, , seed3] = hub.order(tasks);
    const key = dataKey(seed1)!;
    expect(hub.role(seed1, 0)).toBe("generate");
    const made = new SharedBatchAllocator().take(1);
    made.length = 1;
    const batch = toWire(made);
    hub.relay(0, { type: "batch", key, batch }, post);
    expect(posted).toEqual([]); // nobody else reads it yet
    expect(hub.role(seed1, 1)).toEqual({ key, batches: [batch] }); // the next task, once generated: a worker that does not hold it gets what there is
    expect(hub.role(seed1b, 1)).toEqual({ key });
    expect(hub.role(seed1b, 0)).toEqual({ key }); // its generator holds it
    hub.relay(0, { type: "complete", key, digest: "d" }, post);
    expect(posted).toEqual([[1, { type: "complete", key, digest: "d" }]]);
    expect(hub.role(seed2, 1)).toBe("generate");
    expect(hub.role(seed2, 0)).toEqual({ key: dataKey(seed2), batches: [] });
    expect(hub.role(seed3, 0)).toBeUndefined();
    posted.length = 0;
    hub.finished(seed1, post);
    expect(posted).toEqual([]);
    hub.finished(seed1b, post);
    expect(posted).toEqual([
      [0, { type: "drop", key }],
      [1, { type: "drop", key }],
    ]);
  });

  it("does not share a data file (each point reads it)", async () => {
    const tasks = (await tasksOf()).map((t) => ({ ...t, source: { kind: "file" as const, path: "x.arrow" } }));
    const hub = new DataHub(tasks);
    expect(hub.order(tasks)).toEqual(tasks);
    expect(tasks.map((t) => hub.role(t, 0))).toEqual(tasks.map(() => undefined));
  });
});

describe("the grid's workers", () => {
  it("run the compiled sources (bin/sourceBundle.js), not each module through tsx", async () => {
    expect(await compiledSourcesEntry("worker.js")).toMatch(/\/node_modules\/\.cache\/mmlab\/sources-[0-9a-f]{16}\/worker\.js$/);
  });

  it("give every point, on 2 workers, with several shared markets, the row it gets generating its own data", async () => {
    const grid = resolveGrid({ params: { seed: [1, 2], gamma: [0.05, 0.1, 0.2] }, duration: "1h" });
    const tasks = await tasksOf(grid);
    const rows: GridRow[] = [];
    await runPool(tasks, { workers: 2, onRow: (row) => rows.push(row) });
    expect(rows.sort((a, b) => a.index - b.index)).toEqual(await alone(tasks));
    expect(new Set(rows.map((r) => r.dataHash)).size).toBe(2);
  });
});
