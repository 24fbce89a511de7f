import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mmlab } from "../../support/cli.ts";

describe("mmlab sim2real: bad input", () => {
  it("a missing file or a bad config value is one clear line, exit 1, no folder left", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-sim2real-"));
    const missing = await mmlab(["sim2real", "nope.arrow", "--out", "never"], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n").filter((l) => !l.startsWith("mmlab: fitting"))).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope\.arrow/);
    const badConfig = await mmlab(["sim2real", "nope.arrow", "--out", "never", "--set", "gamma=-1"], dir);
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/gamma = -1/);
    const badSeeds = await mmlab(["sim2real", "nope.arrow", "--out", "never", "--seeds", "1,,2"], dir);
    expect(badSeeds.code).toBe(1);
    expect(badSeeds.stderr).toMatch(/--seeds/);
    expect(existsSync(join(dir, "never"))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
