/**
 * Kind codes of market data, the `kind` column of the event schema (data/schema.ts). The column
 * also holds a paper session's own rows (heartbeats, round trips, controls, order records): their
 * codes are SessionKind's (data/sessionKinds.ts), all above MAX_MARKET_EVENT_KIND. The numbers are
 * stored in files: never renumber them. (In core because books, below the data layer, read them.)
 */
export const EventKind = {
  DEPTH: 1,
  TRADE: 2,
  DEPTH_CLEAR: 3,
  SNAPSHOT: 4,
  L3_ADD: 5,
  L3_CANCEL: 6,
  L3_MODIFY: 7,
  L3_FILL: 8,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/**
 * Largest kind code of market data proper: the boundary of the kind column's two tables. Codes
 * 1..MAX_MARKET_EVENT_KIND are market data (EventKind); codes above it, up to MAX_EVENT_KIND, are
 * session rows (SessionKind; isSessionKind in data/sessionKinds.ts). For a valid kind, as the
 * reader and checked batches guarantee, `kind > MAX_MARKET_EVENT_KIND` is "a session row" in one
 * comparison, which hot loops use.
 */
export const MAX_MARKET_EVENT_KIND = EventKind.L3_FILL;

/** Short names of the market kinds, as reports count them. */
export const MARKET_EVENT_KIND_NAMES: Readonly<Record<EventKind, string>> = {
  [EventKind.DEPTH]: "depth",
  [EventKind.TRADE]: "trade",
  [EventKind.DEPTH_CLEAR]: "depthClear",
  [EventKind.SNAPSHOT]: "snapshot",
  [EventKind.L3_ADD]: "l3Add",
  [EventKind.L3_CANCEL]: "l3Cancel",
  [EventKind.L3_MODIFY]: "l3Modify",
  [EventKind.L3_FILL]: "l3Fill",
};
