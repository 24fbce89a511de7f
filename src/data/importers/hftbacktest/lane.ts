/**
 * The decoders' direct lane (decodeV2.ts, decodeV1.ts): for a backtest reading the file
 * (EngineWriter), while nothing waits in the assembler, rows that the assembler would pass on
 * unchanged — valid, on the grid, valid on both sides and in exch_ts order, or local-only
 * duplicates, or flagged for neither side — are written straight into the engine's batch by a
 * tight loop over the block, as EngineWriter.push writes them, with the same counts. The loop
 * stops at the first row it does not take (an error, an exchange-only row, a value off the
 * grid…), which the decoder then passes through the assembler on its own, and once the batch is
 * full.
 */
import type { EventBatch } from "../../schema.ts";
import type { EventAssembler } from "./assembler.ts";
import type { DecodeStats } from "./decodeV2.ts";
import type { EngineWriter } from "./engineWriter.ts";

/**
 * The lane's state, in and out of a loop (a typed array: nothing to box or to look up by name):
 * rows in the batch, the last exch_ts taken (hi, lo) and its row in the block, counts, the
 * batch's first row priced beyond the tick range (-1: none) with its ticks, and whether its local
 * times are plain (EngineWriter's).
 */
export const L_ROWS = 0;
export const L_LAST_HI = 1;
export const L_LAST_LO = 2;
export const L_LAST_ROW = 3;
export const L_CLEARS = 4;
export const L_BBO = 5;
export const L_DROPPED = 6;
export const L_SKIPPED = 7;
export const L_TICK_ROW = 8;
export const L_TICK_VALUE = 9;
/** Whether the batch's local times are plain so far (1) or not (0), and the last row's local time (EngineWriter's). */
export const L_PLAIN = 10;
export const L_PREV_LOCAL = 11;
const LANE = new Float64Array(12);

/**
 * A lane loop: from row `from`, writes rows into `writer`'s batch (from lane[L_ROWS]) and keeps
 * `lane` up to date as it goes; returns the first row it did not take. Every way out should be a
 * return inside the loop: code after a long loop is first reached in its optimised (on-stack
 * replacement) version, which would stop there for want of type feedback, on every call.
 */
export type LaneLoop = (from: number, writer: EngineWriter, lane: Float64Array) => number;

/** Runs `loop` from row `from` (of `rows`) while it takes rows; returns the first row it did not take. */
export function directRows(file: string, firstRow: number, rows: number, from: number, asm: EventAssembler<EventBatch>, writer: EngineWriter, stats: DecodeStats, loop: LaneLoop): number {
  const lane = LANE;
  for (let r = from; ; ) {
    lane.fill(0);
    lane[L_ROWS] = writer.length;
    lane[L_LAST_HI] = asm.lastHi;
    lane[L_LAST_LO] = asm.lastLo;
    lane[L_LAST_ROW] = -1;
    lane[L_TICK_ROW] = writer.tickRow;
    lane[L_TICK_VALUE] = writer.tickValue;
    lane[L_PLAIN] = writer.plain ? 1 : 0;
    lane[L_PREV_LOCAL] = writer.prevLocal;
    r = loop(r, writer, lane);
    writer.length = lane[L_ROWS];
    writer.tickRow = lane[L_TICK_ROW];
    writer.tickValue = lane[L_TICK_VALUE];
    writer.plain = lane[L_PLAIN] !== 0;
    writer.prevLocal = lane[L_PREV_LOCAL];
    if (lane[L_LAST_ROW] >= 0) asm.advance(file, firstRow + lane[L_LAST_ROW], lane[L_LAST_HI], lane[L_LAST_LO]);
    stats.clearPriceDropped += lane[L_CLEARS];
    stats.bboAsDepth += lane[L_BBO];
    asm.counts.droppedLocalOnly += lane[L_DROPPED];
    asm.counts.skippedNoFlag += lane[L_SKIPPED];
    if (writer.length < writer.capacity) return r;
    asm.batchFull();
    if (r === rows) return r;
  }
}
