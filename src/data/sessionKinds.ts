/**
 * Kind codes of a paper-trading session's own rows (a session file, data/session.ts; written by
 * live/sessionRows.ts). They share the event file's kind column with market data (EventKind,
 * data/schema.ts), in the codes above it: 1..MAX_MARKET_EVENT_KIND (8) are market data,
 * MIN_SESSION_KIND..MAX_SESSION_KIND (9..18) session rows. The numbers are stored in files: never
 * renumber them. Market models ignore session rows; a replay of the session hands them to the
 * engine (CONTROL) or reads them itself (ROUND_TRIP); the order records are for the reader.
 */
export const SessionKind = {
  /** Time passes, nothing changes: lets a replay reach the same instants as the live session. */
  HEARTBEAT: 9,
  /** A measured round trip of the market-data connection: qty = round trip, ms. */
  ROUND_TRIP: 10,
  /** An instruction to the engine: side = ControlCode, qty = its argument. */
  CONTROL: 11,
  /** What the engine and the paper venue did (records; a replay re-derives them): */
  ORDER_NEW: 12,
  ORDER_CANCEL: 13,
  ORDER_ACK: 14,
  ORDER_REJECT: 15,
  ORDER_FILL: 16,
  CANCEL_ACK: 17,
  CANCEL_REJECT: 18,
} as const;
export type SessionKind = (typeof SessionKind)[keyof typeof SessionKind];

/** Smallest session-row kind code (one above MAX_MARKET_EVENT_KIND, data/schema.ts). */
export const MIN_SESSION_KIND = SessionKind.HEARTBEAT;

/** Largest session-row kind code, and so the largest kind code defined. */
export const MAX_SESSION_KIND = SessionKind.CANCEL_REJECT;

/** Whether `kind` is the code of a session row (not market data, not an unknown code). */
export function isSessionKind(kind: number): boolean {
  return kind >= MIN_SESSION_KIND && kind <= MAX_SESSION_KIND;
}

/** Short names of the session kinds, as reports count them (EVENT_KIND_NAMES holds them with the market kinds'). */
export const SESSION_KIND_NAMES: Readonly<Record<SessionKind, string>> = {
  [SessionKind.HEARTBEAT]: "heartbeat",
  [SessionKind.ROUND_TRIP]: "roundTrip",
  [SessionKind.CONTROL]: "control",
  [SessionKind.ORDER_NEW]: "orderNew",
  [SessionKind.ORDER_CANCEL]: "orderCancel",
  [SessionKind.ORDER_ACK]: "orderAck",
  [SessionKind.ORDER_REJECT]: "orderReject",
  [SessionKind.ORDER_FILL]: "orderFill",
  [SessionKind.CANCEL_ACK]: "cancelAck",
  [SessionKind.CANCEL_REJECT]: "cancelReject",
};

/** Codes of CONTROL rows (in the side column). */
export const ControlCode = {
  /** Cancel every order and stop quoting (a session's shutdown). */
  HALT: 1,
  /** Take session config number qty (hot reload). */
  CONFIG: 2,
} as const;
export type ControlCode = (typeof ControlCode)[keyof typeof ControlCode];
