/**
 * Epoch-nanosecond int64 columns ↔ float64 nanoseconds relative to an origin, without BigInt
 * arithmetic per element: the 64-bit values are read as (low, high) 32-bit halves.
 * Exact while |value − origin| < 2^53 ns (about 104 days).
 */

const TWO_32 = 4294967296;

/** Writes `origin + rel[i]` (rel: float64 ns, whole numbers) into an int64 column. */
export function relativeToInt64(rel: Float64Array, origin: bigint, out: BigInt64Array, length = rel.length): void {
  const words = new Uint32Array(out.buffer, out.byteOffset, length * 2);
  const originLo = Number(origin & 0xffffffffn);
  const originHi = Number(origin >> 32n); // signed high word
  for (let i = 0; i < length; i++) {
    const r = rel[i];
    const relHi = Math.floor(r / TWO_32);
    let lo = originLo + (r - relHi * TWO_32);
    let hi = originHi + relHi;
    if (lo >= TWO_32) {
      lo -= TWO_32;
      hi += 1;
    }
    words[2 * i] = lo;
    words[2 * i + 1] = hi >>> 0;
  }
}

/** Reads an int64 column as float64 ns relative to `origin`. */
export function int64ToRelative(col: BigInt64Array, origin: bigint, out: Float64Array, length = col.length): void {
  const words = new Uint32Array(col.buffer, col.byteOffset, length * 2);
  const originLo = Number(origin & 0xffffffffn);
  const originHi = Number(origin >> 32n);
  for (let i = 0; i < length; i++) {
    const hi = words[2 * i + 1] | 0; // signed
    out[i] = (hi - originHi) * TWO_32 + (words[2 * i] - originLo);
  }
}
