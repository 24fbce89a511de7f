/**
 * One line of a Coinbase input: a cryptofeed capture header (`wss://… <-> ts` when a connection
 * opens; `wss://… <- ts: {json}` for what was sent, e.g. the subscribe message, and `url -> ts:
 * json` for a REST answer: both only recorded), a captured message (`<local epoch seconds>: <raw
 * JSON>`), or a plain Coinbase WebSocket message (one JSON object per line, no receive time).
 */
export type CoinbaseLine =
  | { kind: "connect" }
  | { kind: "recorded"; json: string }
  | { kind: "message"; localText: string | undefined; json: string }
  | { kind: "unknown" };

/** A header: `<url> <-> <ts>` (connection opened), `<url> <- <ts>: <json>` (sent) or `<url> -> <ts>: <json>` (a REST answer). */
const HEADER = /^[a-z]+:\/\/\S+ (<->|<-|->) \d+(?:\.\d+)?(?:: (.*))?$/;
/** A captured message: `<epoch seconds>: <json>`. */
const CAPTURED = /^(\d+(?:\.\d+)?): (.*)$/;

/** Classifies one line (without its newline). */
export function parseCoinbaseLine(text: string): CoinbaseLine {
  if (text.startsWith("{")) return { kind: "message", localText: undefined, json: text };
  const captured = CAPTURED.exec(text);
  if (captured !== null) return { kind: "message", localText: captured[1], json: captured[2] };
  const header = HEADER.exec(text);
  if (header === null) return { kind: "unknown" };
  return header[1] === "<->" ? { kind: "connect" } : { kind: "recorded", json: header[2] ?? "" };
}

const PRODUCT_ID = /"product_id"\s*:\s*"([^"]*)"/;
const TYPE = /"type"\s*:\s*"([^"]*)"/;

/** The `product_id` of a raw message, read without parsing it (other products' lines are skipped unparsed). */
export function productIdOf(json: string): string | undefined {
  return PRODUCT_ID.exec(json)?.[1];
}

/** The `type` of a raw message, read without parsing it. */
export function typeOf(json: string): string | undefined {
  return TYPE.exec(json)?.[1];
}
