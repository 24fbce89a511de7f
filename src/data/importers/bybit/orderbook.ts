import { EventKind } from "../../schema.ts";
import type { EventSink, FieldParser, TickGrid } from "../csv.ts";
import type { ImportOptions, ImportReport } from "../importer.ts";

/** One line of a Bybit `orderbook.N` dump, checked. */
export interface BybitMessage {
  type: "snapshot" | "delta";
  symbol: string;
  /** Bybit's push time, ms. */
  ts: number;
  /** Matching-engine time, ms (absent in older dumps). */
  cts: number | undefined;
  /** Update id: consecutive deltas count up by one; a snapshot restarts it. */
  u: number;
  bids: unknown[];
  asks: unknown[];
}

/** Parses and checks one dump line (`{"topic","type","ts","cts","data":{"s","b","a","u","seq"}}`). */
export function parseBybitLine(fields: FieldParser, text: string): BybitMessage {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return fields.fail(undefined, `not a JSON line: ${text.slice(0, 60)}`);
  }
  const o = (j ?? {}) as Record<string, unknown>;
  const data = (o.data ?? {}) as Record<string, unknown>;
  if (o.type !== "snapshot" && o.type !== "delta") fields.fail("type", `must be snapshot or delta, found ${JSON.stringify(o.type)}`);
  const ms = (v: unknown, field: string): number => {
    if (!Number.isSafeInteger(v) || (v as number) < 0) fields.fail(field, `must be an integer epoch time in ms, found ${JSON.stringify(v)}`);
    return v as number;
  };
  if (typeof data.s !== "string") fields.fail("data.s", "missing symbol");
  if (!Array.isArray(data.b)) fields.fail("data.b", "missing bid levels");
  if (!Array.isArray(data.a)) fields.fail("data.a", "missing ask levels");
  if (!Number.isSafeInteger(data.u)) fields.fail("data.u", `must be an integer update id, found ${JSON.stringify(data.u)}`);
  return {
    type: o.type as BybitMessage["type"],
    symbol: data.s as string,
    ts: ms(o.ts, "ts"),
    cts: o.cts === undefined ? undefined : ms(o.cts, "cts"),
    u: data.u as number,
    bids: data.b as unknown[],
    asks: data.a as unknown[],
  };
}

/**
 * Turns Bybit order-book messages into events: a snapshot is DEPTH_CLEAR (both sides) then
 * SNAPSHOT levels, a delta DEPTH levels (size = the level's new size, "0" deletes). exch_ts = cts
 * (else ts), local_ts = ts. Deltas must count `u` up by one from the previous message; a break is
 * a gap (DataError, or with `onGap: "resync"` a gap record and deltas dropped until a snapshot).
 */
export class BybitBook {
  private lastU: number | undefined;
  private resyncing = false;
  private skipped = 0;

  constructor(
    private readonly fields: FieldParser,
    private readonly grid: TickGrid,
    private readonly sink: EventSink,
    private readonly report: ImportReport,
    private readonly options: ImportOptions,
  ) {}

  /** Applies one message. */
  apply(m: BybitMessage): void {
    const exchTs = BigInt(m.cts ?? m.ts) * 1_000_000n;
    const localTs = BigInt(m.ts) * 1_000_000n;
    if (m.type === "snapshot") {
      this.resyncing = false;
      this.sink.emit(exchTs, localTs, EventKind.DEPTH_CLEAR, 1, 0, 0);
      this.sink.emit(exchTs, localTs, EventKind.DEPTH_CLEAR, -1, 0, 0);
    } else if (this.resyncing) {
      this.skipped++;
      return;
    } else if (this.lastU === undefined) {
      this.report.notes.push("the dump starts with a delta, not a snapshot: the book is partial until one arrives");
    } else if (m.u !== this.lastU + 1) {
      const detail = `update id u ${m.u} does not follow the previous ${this.lastU}`;
      if (this.options.onGap !== "resync") this.fields.fail("data.u", `sequence gap: ${detail} (use --on-gap resync to skip to the next snapshot)`);
      this.report.gaps.push({ file: this.fields.file, line: this.fields.row, exchTs: exchTs.toString(), detail });
      this.resyncing = true;
      this.skipped++;
      return;
    }
    this.lastU = m.u;
    const kind = m.type === "snapshot" ? EventKind.SNAPSHOT : EventKind.DEPTH;
    this.levels(m.bids, "data.b", 1, kind, exchTs, localTs);
    this.levels(m.asks, "data.a", -1, kind, exchTs, localTs);
    this.sink.endMessage();
  }

  /** Adds the count of dropped deltas to the report's notes. */
  finish(): void {
    if (this.skipped > 0) this.report.notes.push(`${this.skipped} delta messages after gaps were dropped (waiting for a snapshot)`);
  }

  private levels(levels: unknown[], name: string, side: number, kind: number, exchTs: bigint, localTs: bigint): void {
    for (let i = 0; i < levels.length; i++) {
      const l = levels[i];
      if (!Array.isArray(l) || l.length < 2) this.fields.fail(`${name}[${i}]`, "a level must be [price, size]");
      const price = this.grid.price(String(l[0]), `${name}[${i}][0] (price)`);
      const size = this.grid.size(String(l[1]), `${name}[${i}][1] (size)`);
      this.sink.emit(exchTs, localTs, kind, side, price, size);
    }
  }
}
