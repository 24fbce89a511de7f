/** What the reconstruction did, beyond the standard report counts. */
export interface LobsterStats {
  /** Levels per side of the orderbook file (0 when there is none). */
  bookLevels: number;
  /** Levels of the initial book emitted as SNAPSHOT events. */
  snapshotLevels: number;
  /** Cancels, deletes and executions naming an order the book did not hold (submitted before the file starts). */
  unknownOrderRefs: number;
  /** Shares of those messages that no synthetic order at their price could absorb. */
  unexplainedQty: number;
  /** Rows on which levels coming into the visible range from deeper had to be re-synced from the orderbook file. */
  resyncRows: number;
  /** Levels re-synced that way. */
  resyncLevels: number;
  /** Deletes whose size differed from the order's remaining size, and oversized cancels or executions (clamped). */
  sizeMismatches: number;
  /** Type 5 messages (TRADE only). */
  hiddenExecutions: number;
  /** Type 6 messages (TRADE with side 0). */
  crossTrades: number;
  /** Halt messages (type 7), with their meaning and time. */
  halts: string[];
  /** The first orderbook row the rebuilt book did not match, described; null when all matched. */
  firstMismatch: string | null;
}

/** Fresh stats for a file with `bookLevels` levels (0: no orderbook file). */
export function newLobsterStats(bookLevels: number): LobsterStats {
  return {
    bookLevels,
    snapshotLevels: 0,
    unknownOrderRefs: 0,
    unexplainedQty: 0,
    resyncRows: 0,
    resyncLevels: 0,
    sizeMismatches: 0,
    hiddenExecutions: 0,
    crossTrades: 0,
    halts: [],
    firstMismatch: null,
  };
}

/** What the report's notes say about a reconstruction. */
export function lobsterNotes(s: LobsterStats): string[] {
  const out: string[] = [];
  if (s.bookLevels > 0) {
    out.push(`initial book: orderbook row 1 minus message 1, ${s.snapshotLevels} levels emitted as SNAPSHOT events, one synthetic order each (order ids from 2^52 + 1)`);
    out.push(`${s.unknownOrderRefs} messages named orders submitted before the file starts: their sizes were taken from the synthetic orders at their price (${s.unexplainedQty} shares unexplained)`);
    out.push(`${s.resyncLevels} levels on ${s.resyncRows} rows were re-synced from the orderbook file: they came into the top ${s.bookLevels} from deeper, where LOBSTER records no messages (synthetic L3_ADD / L3_CANCEL events)`);
    if (s.firstMismatch !== null) out.push(`first book mismatch: ${s.firstMismatch}`);
  } else {
    out.push(`no orderbook file: ${s.unknownOrderRefs} messages named orders submitted before the file starts; they make no L3 or DEPTH events, so their levels are incomplete`);
  }
  if (s.sizeMismatches > 0) out.push(`${s.sizeMismatches} messages' sizes did not match the order's remaining size (deletes remove the whole order; larger cancels/executions were clamped)`);
  if (s.hiddenExecutions > 0) out.push(`${s.hiddenExecutions} hidden executions (type 5) emitted as TRADE only`);
  if (s.crossTrades > 0) out.push(`${s.crossTrades} cross trades (type 6) emitted as TRADE with side 0 (no aggressor)`);
  for (const halt of s.halts) out.push(`halt: ${halt}`);
  return out;
}
