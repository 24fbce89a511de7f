import type { Worker } from "node:worker_threads";
import type { TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { drawChart } from "../../../src/report/drawChart.ts";
import { ChartBoard } from "../../../src/runner/stress/chartBoard.ts";
import { ChartSharing } from "../../../src/runner/stress/chartSharing.ts";
import type { ToSuiteWorker } from "../../../src/runner/stress/suiteProtocol.ts";

/** A small chart whose title says which it is. */
function chart(title: string): { spec: TopLevelSpec; pngScale: null } {
  return { spec: { title, width: 40, height: 20, mark: "point", data: { values: [{ x: 1 }] }, encoding: { x: { field: "x", type: "quantitative" } } }, pngScale: null };
}

/** A stand-in for a worker thread: the messages the pool posts to it. */
function fakeWorker(): { worker: Worker; sent: ToSuiteWorker[] } {
  const sent: ToSuiteWorker[] = [];
  return { worker: { postMessage: (m: ToSuiteWorker) => sent.push(m) } as unknown as Worker, sent };
}

/** Lets pending promise callbacks and immediates run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe("ChartBoard", () => {
  it("draws its charts in order; another thread may take waiting ones off the back, and their outcome takes their place", async () => {
    const board = new ChartBoard();
    const charts = ["a", "b", "c", "d"].map(chart);
    const drawing = board.draw(charts);
    // "a" is in hand: b, c, d wait; the last two may go (one is left for this thread)
    expect(board.waitingCount).toBe(3);
    const d = board.steal()!;
    const c = board.steal()!;
    expect(board.steal()).toBeUndefined();
    expect([c.chart, d.chart]).toEqual([charts[2], charts[3]]);
    board.settle(d.id, { drawn: { svg: "<svg>drawn elsewhere: d</svg>" } });
    board.settle(c.id, { drawn: await drawChart(c.chart) });
    const drawn = await drawing;
    expect(drawn.map((x) => x.svg)).toEqual([...(await Promise.all(charts.slice(0, 3).map((x) => drawChart(x)))).map((x) => x.svg), "<svg>drawn elsewhere: d</svg>"]);
  });

  it("a chart that was taken and never comes back fails the drawing when the board is abandoned", async () => {
    const board = new ChartBoard();
    const drawing = board.draw(["a", "b", "c"].map(chart));
    expect(board.steal()).toBeDefined();
    board.abandon(new Error("worker stopped"));
    await expect(drawing).rejects.toThrow("worker stopped");
  });
});

describe("ChartSharing", () => {
  const cache = new SharedArrayBuffer(1024);

  it("a worker with no run left is sent charts off the calling thread's board, two at a time, and its drawings go back there", async () => {
    const { worker, sent } = fakeWorker();
    let sharing: ChartSharing | undefined;
    const here = new ChartBoard(() => sharing?.hereWaiting());
    sharing = new ChartSharing(here, [worker], cache, () => true);
    const charts = ["a", "b", "c", "d", "e"].map(chart);
    let done = false;
    const drawing = here.draw(charts).finally(() => (done = true));
    sharing.retire(worker);
    expect(sent.filter((m) => m.type === "draw").map((m) => m.chart)).toEqual([charts[4], charts[3]]);
    // the worker draws what it is sent (here: says it did), and is sent more while two or more wait
    for (let answered = 0; !done; await settle()) {
      for (; answered < sent.length; answered++) {
        const m = sent[answered];
        if (m.type === "draw") sharing.handle(worker, { type: "drawn", ticket: m.ticket, outcome: { drawn: { svg: `<svg>worker ${(m.chart.spec as { title: string }).title}</svg>` } } });
      }
    }
    const svgs = (await drawing).map((x) => x.svg);
    expect(svgs.slice(2)).toEqual(["<svg>worker c</svg>", "<svg>worker d</svg>", "<svg>worker e</svg>"]);
    expect(svgs[0]).toContain(">a</text>");
    expect(svgs[1]).toContain(">b</text>");
    expect(sent.every((m) => m.type === "draw")).toBe(true);
  });

  it("the calling thread with no run left asks a worker with charts waiting for one, draws it and sends it back", async () => {
    const { worker, sent } = fakeWorker();
    const sharing = new ChartSharing(new ChartBoard(), [worker], cache, () => true);
    sharing.handle(worker, { type: "waiting", count: 3 });
    sharing.retire(null);
    expect(sent).toEqual([{ type: "steal" }]);
    sharing.handle(worker, { type: "stolen", chart: { id: 7, chart: chart("x") }, waiting: 1 });
    await settle();
    const settled = sent.filter((m) => m.type === "settle");
    expect(settled).toEqual([{ type: "settle", id: 7, outcome: { drawn: await drawChart(chart("x")) } }]);
    // one chart waits there now: it is left for the worker itself
    expect(sent.filter((m) => m.type === "steal")).toHaveLength(1);
  });

  it("sends nothing once the plan has stopped", () => {
    const { worker, sent } = fakeWorker();
    const sharing = new ChartSharing(new ChartBoard(), [worker], cache, () => false);
    sharing.handle(worker, { type: "waiting", count: 5 });
    sharing.retire(null);
    expect(sent).toEqual([]);
  });
});
