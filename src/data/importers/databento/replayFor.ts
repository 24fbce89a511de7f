import { MBO_FLAGS, MBO_TS_RECV, MBP_FLAGS, MBP_TS_RECV, Schema } from "./constants.ts";
import type { EventWriter } from "./eventWriter.ts";
import { MboReplay } from "./mbo.ts";
import { MbpReplay } from "./mbp.ts";
import type { PriceReader } from "./prices.ts";
import { mboNotes, mbpNotes, type DatabentoStats } from "./stats.ts";
import { TradeReplay } from "./trades.ts";

/** The record handler of a schema, with where its flags and ts_recv sit. */
export interface Replay {
  handler: { apply(view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): void; finish?(): void };
  flagsAt: number;
  recvAt: number;
  notes(): string[];
}

/** The replay of a data schema's records into `writer` (its stats hung on `stats`). */
export function replayFor(schema: number, writer: EventWriter, prices: PriceReader, stats: DatabentoStats): Replay {
  if (schema === Schema.MBO) {
    const mbo = new MboReplay(writer, prices);
    stats.mbo = mbo.stats;
    return { handler: mbo, flagsAt: MBO_FLAGS, recvAt: MBO_TS_RECV, notes: () => mboNotes(mbo.stats) };
  }
  if (schema === Schema.TRADES) return { handler: new TradeReplay(writer, prices), flagsAt: MBP_FLAGS, recvAt: MBP_TS_RECV, notes: () => [] };
  const depth = schema === Schema.MBP_10 ? 10 : 1;
  const mbp = new MbpReplay(writer, prices, depth);
  stats.mbp = mbp.stats;
  return { handler: mbp, flagsAt: MBP_FLAGS, recvAt: MBP_TS_RECV, notes: () => mbpNotes(depth) };
}

