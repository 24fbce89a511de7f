import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** package.json as npm reads it when the package is packed and installed (the full check: `npm run check:package`, in CI). */
const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as Record<string, any>;

describe("the package a user installs", () => {
  it("has no overrides (they do not reach a consumer) and no arquero", () => {
    expect(pkg.overrides).toBeUndefined();
    expect(pkg.dependencies.arquero).toBeUndefined();
  });

  it("maps the library and the CLI to the built JavaScript and its types, and ships only dist, bin, docs and the README", () => {
    expect(pkg.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(pkg.exports["./cli"]).toEqual({ types: "./dist/cli.d.ts", default: "./dist/cli.js" });
    expect(pkg.files).toEqual(["dist", "bin", "docs", "README.md"]);
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.bin).toEqual({ mmlab: "bin/mmlab.js" });
  });

  it("lists the types its public types use as dependencies (a strict consumer needs them)", () => {
    for (const name of ["@types/ws", "@types/seedrandom"]) {
      expect(pkg.dependencies[name], name).toBeDefined();
      expect(pkg.devDependencies[name], name).toBeUndefined();
    }
  });
});
