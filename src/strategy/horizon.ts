import type { MmConfig } from "../config/schema.ts";

/**
 * T − t in seconds (README: The V1 strategy). `rolling`: a constant τ (24/7 markets). `session`: time left
 * to the end of the current session; sessions of `session_seconds` start at epoch multiples
 * (UTC midnight for 86400 s). `epochOffsetS` is the epoch time of the dataset origin mod one
 * session, so the engine's relative time `tNs` maps to wall-clock sessions.
 */
export function tauSeconds(horizon: MmConfig["horizon"], tNs: number, epochOffsetS: number): number {
  if (horizon.mode === "rolling") return horizon.tau_seconds;
  const session = horizon.session_seconds;
  const intoSession = (epochOffsetS + tNs / 1e9) % session;
  return session - intoSession;
}

/** The dataset origin's epoch time modulo `sessionSeconds`, in seconds (exact integer maths). */
export function epochOffsetSeconds(originEpochNs: bigint, sessionSeconds: number): number {
  const sessionNs = BigInt(Math.round(sessionSeconds * 1e9));
  return Number(((originEpochNs % sessionNs) + sessionNs) % sessionNs) / 1e9;
}
