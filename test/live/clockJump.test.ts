import { describe, expect, it } from "vitest";
import type { CaptureMessage } from "../../src/data/importers/binance/captureLine.ts";
import { EventKind, type EventColumns } from "../../src/data/schema.ts";
import { ClockJumps } from "../../src/live/clockJump.ts";
import { MarketStream } from "../../src/live/marketStream.ts";

const MS = 1_000_000n;
const LOCAL0 = 1_723_100_000_000n * MS;
const EXCH0 = 1_723_100_000_000 - 40; // the exchange stamps 40 ms before we receive

/** A trade received at local ms `localMs` (from LOCAL0) with exchange time `exchMs` (from EXCH0). */
function trade(localMs: number, exchMs: number): CaptureMessage {
  return {
    localNs: LOCAL0 + BigInt(localMs) * MS,
    stream: "btcusdt@trade",
    type: "trade",
    data: { e: "trade", E: EXCH0 + exchMs, T: EXCH0 + exchMs, s: "BTCUSDT", p: "64000.00", q: "0.00100", m: true },
  };
}

/** Trades every 100 ms for `n` messages from (local, exch) ms; the exchange's times offset by `exchShiftMs` from message `shiftAt` on. */
function trades(n: number, shiftAt = Infinity, exchShiftMs = 0): CaptureMessage[] {
  return Array.from({ length: n }, (_, i) => trade(i * 100, i * 100 + (i >= shiftAt ? exchShiftMs : 0)));
}

describe("ClockJumps", () => {
  it("an exchange clock +8 s ahead between two messages is one jump: logged once, counted, and taken out of later times", () => {
    const log: string[] = [];
    const jumps = new ClockJumps(2000, (l) => log.push(l));
    const out = trades(40, 20, 8000).map((m) => jumps.apply(m));
    expect(jumps.count).toBe(1);
    expect(jumps.adjustMs).toBe(8000);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^exchange clock jump: event times ran 8\.000 s ahead of the local clock .*session time stays on the local clock/);
    // every message's exchange time keeps its distance to the local clock, across the jump
    for (const [i, m] of out.entries()) expect(m.data.T! - EXCH0, `message ${i}`).toBe(i * 100);
  });

  it("no jump: late messages and the burst after them, an exchange that is quiet for a while, a jump under the threshold", () => {
    const jumps = new ClockJumps(2000, () => undefined);
    // 5 s of network delay, then the backlog at once
    const late = [trade(0, 0), trade(100, 100), trade(5200, 200), trade(5201, 300), trade(5202, 400), trade(5300, 5300)];
    // nothing from the exchange for 10 s: both clocks move
    const quiet = [trade(6000, 6000), trade(16_000, 16_000)];
    // 1.5 s: under 2 s
    const small = [trade(16_100, 17_600), trade(16_200, 17_700)];
    for (const m of [...late, ...quiet, ...small]) jumps.apply(m);
    expect(jumps.count).toBe(0);
  });

  it("one or two messages with a far-off time (corrupt frames) are no jump: not counted, not logged, later times untouched", () => {
    const log: string[] = [];
    const jumps = new ClockJumps(2000, (l) => log.push(l));
    const messages = trades(30);
    messages[10] = trade(1000, 600_000); // ten minutes ahead
    messages[20] = trade(2000, 602_000);
    messages[21] = trade(2100, 602_100);
    const out = messages.map((m) => jumps.apply(m));
    expect([jumps.count, jumps.adjustMs, log]).toEqual([0, 0, []]);
    // the far-off times themselves are taken back too, so that they move no clock
    expect(out[10].data.T! - EXCH0).toBe(1000);
    expect(out[21].data.T! - EXCH0).toBe(2100);
    for (const i of [9, 11, 19, 22, 29]) expect(out[i].data.T! - EXCH0, `message ${i}`).toBe(i * 100);
  });

  it("after a (re)connect the comparison starts again: what passed while disconnected is not a jump", () => {
    const jumps = new ClockJumps(2000, () => undefined);
    jumps.apply(trade(0, 0));
    jumps.reset();
    jumps.apply(trade(500, 12_500)); // a 25× replay that played on while we reconnected
    jumps.apply(trade(504, 12_600));
    expect(jumps.count).toBe(0);
  });
});

describe("MarketStream with an exchange clock jump", () => {
  /** Session rows (corrected local and exchange ns since the first row) of `messages` fed to a live stream. */
  function run(messages: CaptureMessage[], clockJumpMs?: number) {
    const log: string[] = [];
    let origin = 0n;
    const stream = new MarketStream({
      rule: "spot",
      tickSize: 0.01,
      batchRows: 4096,
      requestSnapshot: () => undefined,
      onStart: (originNs) => (origin = originNs),
      onRoundTrip: () => undefined,
      log: (l) => log.push(l),
      nowNs: () => messages[messages.length - 1].localNs,
      clockJumpMs,
    });
    for (const m of messages) stream.onMessage(m);
    const rows = stream.take().filter((c: EventColumns) => c.length > 0);
    const localMs: number[] = [];
    const exchMs: number[] = [];
    for (const c of rows) {
      for (let i = 0; i < c.length; i++) {
        if (c.kind[i] !== EventKind.TRADE) continue;
        localMs.push(Number(c.localTs[i] - origin) / 1e6);
        exchMs.push(Number(c.exchTs[i] - origin) / 1e6);
      }
    }
    return { stream, log, localMs, exchMs };
  }

  it("session time stays on the local clock: no 8 s step in the rows' times, the jump logged and counted", () => {
    const { stream, log, localMs, exchMs } = run(trades(60, 30, 8000));
    expect(stream.clockJumps.count).toBe(1);
    expect(log.filter((l) => l.startsWith("exchange clock jump"))).toHaveLength(1);
    const steps = (t: number[]) => t.slice(1).map((x, i) => x - t[i]);
    expect(Math.max(...steps(localMs))).toBeLessThan(200);
    expect(Math.max(...steps(exchMs))).toBeLessThan(200);
    expect(localMs[localMs.length - 1]).toBeCloseTo(5900, 0);
  });

  it("without the guard (an infinite threshold) the clock correction follows the jump: session time moves 8 s at once", () => {
    const { stream, localMs } = run(trades(60, 30, 8000), Infinity);
    expect(stream.clockJumps.count).toBe(0);
    const largest = Math.max(...localMs.slice(1).map((x, i) => x - localMs[i]));
    expect(largest).toBeGreaterThan(7900);
  });
});
