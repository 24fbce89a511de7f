/** Milliseconds of work between two turns of the event loop. */
const TURN_MS = 50;

let lastTurnMs = performance.now();

/**
 * Lets the event loop turn (signal handlers, timers) once TURN_MS have passed since it last did
 * here. A loop over in-memory data (a synthetic market, a writer fed by a generator) awaits only
 * promises that are already settled, so without this a Ctrl-C would wait for the loop's end.
 * Call it once per batch: between turns it costs one clock reading.
 */
export function turnEventLoop(): Promise<void> | undefined {
  const now = performance.now();
  if (now - lastTurnMs < TURN_MS) return undefined;
  lastTurnMs = now;
  return new Promise((resolve) => setImmediate(resolve));
}
