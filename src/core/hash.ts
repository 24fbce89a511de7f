import { createHash, type Hash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return sortKeys((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** SHA-256 hex of a value's canonical JSON. */
export function hashJson(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/** An incremental SHA-256 over typed arrays and strings (for data hashes). */
export function newHasher(): Hash {
  return createHash("sha256");
}

/** Feeds a typed array's bytes to a hasher. */
export function hashView(hasher: Hash, view: ArrayBufferView): void {
  hasher.update(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}
