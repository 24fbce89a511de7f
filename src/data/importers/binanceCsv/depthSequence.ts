import type { FieldParser } from "../csv.ts";
import type { ImportOptions, ImportReport } from "../importer.ts";

/** Whether a depth message is applied to the book or dropped. */
export type Verdict = "apply" | "drop";

/**
 * Binance update-id rules over the messages of a historical depth CSV. After a snapshot with
 * last_update_id S, updates that end before S are dropped (futures: u < S; spot: u <= S) and the
 * first applied one must start at or before it (futures: U <= S, or pu == S; spot: U <= S + 1). Afterwards
 * each update must follow the previous one (futures: pu == previous u; spot: U == previous u + 1).
 * A break is a gap: a DataError, or with `onGap: "resync"` a gap record and updates dropped until
 * the next snapshot. Updates before any snapshot are applied (the book is partial until one).
 */
export class DepthSequencer {
  private state: "start" | "bridging" | "live" | "resync" = "start";
  /** The snapshot's id while bridging, else the last applied update's last_update_id. */
  private last = 0n;
  private stale = 0;
  private skipped = 0;

  constructor(
    private readonly futures: boolean,
    private readonly options: ImportOptions,
    private readonly fields: FieldParser,
    private readonly report: ImportReport,
  ) {}

  /** A snapshot with last_update_id `u` starts. */
  snapshot(u: bigint): void {
    this.state = "bridging";
    this.last = u;
  }

  /** Judges an update message (first id U, last id u, previous last id pu for futures). */
  update(U: bigint, u: bigint, pu: bigint, exchTs: bigint): Verdict {
    const S = this.last;
    switch (this.state) {
      case "start":
        this.report.notes.push("the depth data starts without a snapshot: the book is partial until one arrives");
        return this.live(u);
      case "resync":
        this.skipped++;
        return "drop";
      case "bridging":
        if (this.futures ? u < S : u <= S) {
          this.stale++;
          return "drop";
        }
        if (this.futures ? U <= S || pu === S : U <= S + 1n) return this.live(u);
        return this.gap("first_update_id", `the first update after the snapshot (last_update_id ${S}) starts at ${U}`, exchTs);
      case "live":
        if (this.futures ? pu === S : U === S + 1n) return this.live(u);
        return this.futures
          ? this.gap("pu", `pu ${pu} is not the previous last_update_id ${S}`, exchTs)
          : this.gap("first_update_id", `first_update_id ${U} does not follow the previous last_update_id ${S}`, exchTs);
    }
  }

  /** Adds the counts of dropped messages to the report's notes. */
  finish(): void {
    if (this.stale > 0) this.report.notes.push(`${this.stale} update messages older than their snapshot were dropped`);
    if (this.skipped > 0) this.report.notes.push(`${this.skipped} update messages after gaps were dropped (waiting for a snapshot)`);
  }

  private live(u: bigint): Verdict {
    this.state = "live";
    this.last = u;
    return "apply";
  }

  private gap(field: string, detail: string, exchTs: bigint): Verdict {
    if (this.options.onGap !== "resync") this.fields.fail(field, `sequence gap: ${detail} (use --on-gap resync to skip to the next snapshot)`);
    this.report.gaps.push({ file: this.fields.file, line: this.fields.row, exchTs: exchTs.toString(), detail });
    this.state = "resync";
    this.skipped++;
    return "drop";
  }
}
