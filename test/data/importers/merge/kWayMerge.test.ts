import { describe, expect, it } from "vitest";
import { mergeByExchTs } from "../../../../src/data/importers/merge/kWayMerge.ts";
import { allocEventColumns, sliceEventColumns, type EventColumns } from "../../../../src/data/schema.ts";

/** One stream of rows (exch_ts, tag in qty), cut into batches of `size`. */
async function* stream(times: number[], tag: number, size: number): AsyncGenerator<EventColumns> {
  for (let i = 0; i < times.length; i += size) {
    const part = times.slice(i, i + size);
    const c = allocEventColumns(part.length);
    part.forEach((t, j) => {
      c.exchTs[j] = BigInt(t);
      c.localTs[j] = BigInt(t + 1);
      c.kind[j] = 2;
      c.side[j] = 1;
      c.price[j] = 100 + j;
      c.qty[j] = tag * 1000 + i + j; // stream and row number
    });
    yield sliceEventColumns(c, part.length);
  }
}

/** Every merged row as [exch_ts, stream, row], and the batch sizes. */
async function drain(batches: AsyncIterable<EventColumns>): Promise<{ rows: [number, number, number][]; sizes: number[] }> {
  const rows: [number, number, number][] = [];
  const sizes: number[] = [];
  for await (const b of batches) {
    sizes.push(b.length);
    for (let i = 0; i < b.length; i++) rows.push([Number(b.exchTs[i]), Math.floor(b.qty[i] / 1000), b.qty[i] % 1000]);
  }
  return { rows, sizes };
}

describe("mergeByExchTs: a stable k-way merge by exchange time", () => {
  it("interleaves by exch_ts; equal times come stream by stream (0 first), each stream's rows in order; batches stay bounded", async () => {
    const a = [1, 3, 3, 5, 9];
    const b = [2, 3, 5, 5, 6];
    const c = [0, 3, 10];
    const { rows, sizes } = await drain(mergeByExchTs([stream(a, 0, 2), stream(b, 1, 3), stream(c, 2, 1)], ["a", "b", "c"], 4));
    expect(rows).toEqual([
      [0, 2, 0],
      [1, 0, 0],
      [2, 1, 0],
      [3, 0, 1],
      [3, 0, 2],
      [3, 1, 1],
      [3, 2, 1],
      [5, 0, 3],
      [5, 1, 2],
      [5, 1, 3],
      [6, 1, 4],
      [9, 0, 4],
      [10, 2, 2],
    ]);
    expect(sizes).toEqual([4, 4, 4, 1]);
  });

  it("the same result whatever the input batch sizes", async () => {
    const a = [1, 1, 2, 2, 2, 7, 7, 8];
    const b = [1, 2, 2, 7, 9];
    const reference = (await drain(mergeByExchTs([stream(a, 0, 100), stream(b, 1, 100)], ["a", "b"], 1000))).rows;
    for (const [sa, sb, out] of [[1, 1, 1], [2, 3, 2], [3, 1, 5], [8, 5, 3]]) {
      expect((await drain(mergeByExchTs([stream(a, 0, sa), stream(b, 1, sb)], ["a", "b"], out))).rows).toEqual(reference);
    }
    expect(reference.map((r) => r[1])).toEqual([0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]);
  });

  it("one stream, or empty ones, pass through", async () => {
    expect((await drain(mergeByExchTs([stream([1, 2, 3], 0, 2)], ["a"], 2))).rows.map((r) => r[0])).toEqual([1, 2, 3]);
    expect((await drain(mergeByExchTs([stream([], 0, 2), stream([4], 1, 2)], ["a", "b"], 2))).rows.map((r) => r[0])).toEqual([4]);
  });

  it("a stream that goes back in time is an error naming it and its event", async () => {
    await expect(drain(mergeByExchTs([stream([1, 5, 4], 0, 2), stream([2], 1, 2)], ["trades (t.csv)", "b"], 10))).rejects.toThrow(
      /merge: trades \(t\.csv\) goes back in time at its event 3 \(exch_ts 4 after 5\): each merged input must be in exchange-time order/,
    );
  });
});
