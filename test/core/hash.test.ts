import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashJson, hashView, newHasher } from "../../src/core/hash.ts";

describe("canonicalJson", () => {
  it("sorts object keys at every level; arrays keep their order", () => {
    const value = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, "10": "x", "2": true };
    // integer-like keys always come first in ascending numeric order (JavaScript property order),
    // then the other keys sorted: still one text per value
    expect(canonicalJson(value)).toBe('{"2":true,"10":"x","a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("equal values in any key order give equal text", () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
    expect(canonicalJson([{ b: 1, a: 2 }])).toBe('[{"a":2,"b":1}]');
  });

  it("scalars and undefined members behave as in JSON.stringify", () => {
    expect(canonicalJson(3.5)).toBe("3.5");
    expect(canonicalJson("s")).toBe('"s"');
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson({ b: undefined, a: 1 })).toBe('{"a":1}');
    expect(canonicalJson({ n: NaN })).toBe('{"n":null}');
  });

  it("is JSON: values with toJSON (e.g. Date) serialise as JSON.stringify does, so different dates differ", () => {
    const d = new Date(Date.UTC(2024, 0, 1));
    expect(canonicalJson({ at: d })).toBe(JSON.stringify({ at: d })); // {"at":"2024-01-01T00:00:00.000Z"}
    expect(hashJson({ at: d })).not.toBe(hashJson({ at: new Date(0) }));
  });
});

describe("hashJson / hashView", () => {
  it("hashJson is the SHA-256 of the canonical JSON, independent of key order", () => {
    const expected = createHash("sha256").update('{"a":1,"b":[2,3]}').digest("hex");
    expect(hashJson({ b: [2, 3], a: 1 })).toBe(expected);
    expect(hashJson({ a: 1, b: [2, 3] })).toBe(expected);
    expect(hashJson({ a: 1, b: [3, 2] })).not.toBe(expected);
  });

  it("hashView feeds exactly the view's bytes (respecting byteOffset)", () => {
    const all = new Uint8Array([9, 9, 1, 2, 3, 4, 9]);
    const h = newHasher();
    hashView(h, all.subarray(2, 6));
    expect(h.digest("hex")).toBe(createHash("sha256").update(Uint8Array.from([1, 2, 3, 4])).digest("hex"));
    const f = new Float64Array([1.5]);
    const g = newHasher();
    hashView(g, f);
    expect(g.digest("hex")).toBe(createHash("sha256").update(new Uint8Array(f.buffer)).digest("hex"));
  });
});
