import { messageFromJson, type CaptureMessage } from "../../data/importers/binance/captureLine.ts";

/** A WebSocket text frame read as a message, or why it could not be. */
export type FrameResult = { message: CaptureMessage } | { malformed: string };

/**
 * Reads one text frame received at `localNs` (epoch ns) the way the capture importer reads a
 * line's JSON (combined-stream envelope or bare payload), so live and recorded data agree.
 */
export function parseFrame(text: string, localNs: bigint): FrameResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { malformed: `invalid JSON (${(e as Error).message})` };
  }
  const message = messageFromJson(json, localNs);
  return message === null ? { malformed: "expected a JSON object" } : { message };
}
