import type { MboStats } from "./mbo.ts";
import type { DbnMetadata } from "./metadata.ts";
import type { MbpStats } from "./mbp.ts";
import type { RecordTimes } from "./recordTimes.ts";

/** What the Databento import met beyond the standard report counts (`report.databento`). */
export interface DatabentoStats {
  version: number;
  dataset: string;
  schema: string;
  files: number;
  instrumentId: number;
  /** Records of the chosen instrument and schema turned into events. */
  records: number;
  /** Records of the data's rtype but another instrument (skipped). */
  otherInstrumentRecords: number;
  /** Records of other DBN record types (status, statistics, …), skipped, by type name. */
  skippedRecordTypes: Record<string, number>;
  /** Snapshot records (flag 32), stamped at the snapshot's time. */
  snapshotRecords: number;
  /** Records whose ts_recv was flagged bad (flag 8) or undefined: local_ts = exch_ts. */
  badTsRecv: number;
  /** Records whose ts_event went back: exch_ts clamped to the previous record's. */
  clampedExchTs: number;
  /** Records flagged "maybe bad book" (flag 4), reported as gaps. */
  maybeBadBookRecords: number;
  mbo?: MboStats;
  mbp?: MbpStats;
}

/** Fresh stats for an import of `files` data files like `first`, of one instrument. */
export function newDatabentoStats(first: DbnMetadata, files: number, instrumentId: number): DatabentoStats {
  return {
    version: first.version,
    dataset: first.dataset,
    schema: first.schemaName,
    files,
    instrumentId,
    records: 0,
    otherInstrumentRecords: 0,
    skippedRecordTypes: {},
    snapshotRecords: 0,
    badTsRecv: 0,
    clampedExchTs: 0,
    maybeBadBookRecords: 0,
  };
}

const n = (x: number): string => x.toLocaleString("en-US");
const duration = (ns: number): string =>
  ns >= 86_400e9 ? `${(ns / 86_400e9).toFixed(1)} days` : ns >= 1e9 ? `${(ns / 1e9).toFixed(1)} s` : ns >= 1e6 ? `${(ns / 1e6).toFixed(3)} ms` : `${ns} ns`;

/** The report notes on the times (snapshot stamping, bad ts_recv, clamping). */
export function timeNotes(t: RecordTimes): string[] {
  const out: string[] = [];
  if (t.snapshotRecords > 0) {
    out.push(
      `${n(t.snapshotRecords)} snapshot records (flag 32) are stamped at the snapshot's time, their ts_recv (synthetic, hence flag 8; their ts_event, when the order or level last changed, is up to ${duration(t.snapshotMaxAgeNs)} earlier)`,
    );
  }
  if (t.badRecv > 0) out.push(`${n(t.badRecv)} records had a bad or undefined ts_recv (flag 8): local_ts = exch_ts for them`);
  if (t.clamped > 0) out.push(`exch_ts made non-decreasing: ${n(t.clamped)} records whose ts_event went back (by up to ${duration(t.clampMaxNs)}) take the previous record's exch_ts`);
  return out;
}

/** The report notes on skipped records. */
export function skipNotes(s: DatabentoStats): string[] {
  const out: string[] = [];
  if (s.otherInstrumentRecords > 0) out.push(`${n(s.otherInstrumentRecords)} records of other instruments skipped (one instrument per output)`);
  const types = Object.entries(s.skippedRecordTypes);
  if (types.length > 0) out.push(`records of other DBN types skipped: ${types.map(([name, count]) => `${name} ${n(count)}`).join(", ")}`);
  return out;
}

/** The report notes on an order-level (MBO) replay: what each action did, and the ground-truth checks. */
export function mboNotes(m: MboStats): string[] {
  const out = [
    `order-level replay: A ${n(m.adds)}, C ${n(m.cancels)}, M ${n(m.modifies)}, F ${n(m.fills)}, T ${n(m.trades)}, R ${n(m.clears)}; ` +
      `${n(m.unknownCancelsFills + m.unknownModifies)} C/F/M records named an order id the book did not hold` +
      (m.unknownModifies > 0 ? ` (${n(m.unknownModifies)} modifies taken as adds)` : ""),
    `F records are the executions (L3_FILL); ${n(m.cancelQtyTakenByFills)} contracts the feed's C records removed after them were already executed, so they make no second event`,
    "crossed books are counted at the end of each event (records with flag 128), where the feed's book is consistent",
  ];
  if (m.priceMoves > 0) out.push(`${n(m.priceMoves)} modifies moved an order to a new price or side: L3_CANCEL + L3_ADD (it loses its place)`);
  if (m.oversized > 0) out.push(`${n(m.oversized)} cancels or fills were larger than the order and were clamped to it`);
  if (m.executedNeverRemoved > 0) out.push(`${n(m.executedNeverRemoved)} orders had executed size that no C record removed by the end of the data`);
  return out;
}

/** The report notes on a market-by-price replay. */
export function mbpNotes(depth: number): string[] {
  return [
    `top-${depth} book from each record's levels: a price that leaves the top ${depth} is deleted (deeper sizes are unknown); trades (action T) are TRADE events; crossed books are counted at the end of each event (flag 128)`,
  ];
}
