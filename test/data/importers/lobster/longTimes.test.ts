import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lobsterImporter } from "../../../../src/data/importers/lobster/lobster.ts";
import { midnightEpochNs, parseSecondsNearestNs } from "../../../../src/data/importers/lobster/time.ts";

/*
 * A LOBSTER time with more than 9 decimals (below the ns) is rounded to the ns and counted in a
 * note; the whole file used to be rejected for one such timestamp.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mmlab-lobster-times-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("LOBSTER times beyond the ns", () => {
  it("round to the nearest ns, half up, carrying into the seconds", () => {
    expect(parseSecondsNearestNs("34200.017459617")).toEqual({ ns: 34_200_017_459_617n, rounded: false });
    expect(parseSecondsNearestNs("34200.017459617123")).toEqual({ ns: 34_200_017_459_617n, rounded: true });
    expect(parseSecondsNearestNs("34200.0174596175")).toEqual({ ns: 34_200_017_459_618n, rounded: true });
    expect(parseSecondsNearestNs("34200.9999999995")).toEqual({ ns: 34_201_000_000_000n, rounded: true });
    for (const bad of ["", "1.", ".5", "-1", "1e3", "34200.01234567890x"]) expect(parseSecondsNearestNs(bad)).toBeUndefined();
  });

  it("a message file with 12-decimal times imports, with a counted note", async () => {
    const file = join(dir, "AMZN_2012-06-21_34200000_57600000_message_5.csv");
    writeFileSync(file, ["34200.017459617123,1,11,100,2238100,1", "34200.1,1,12,100,2239000,-1", "34200.200000000499,3,11,100,2238100,1"].join("\n") + "\n");
    const data = await lobsterImporter.open([file], {});
    const times: bigint[] = [];
    for await (const b of data.batches) for (let i = 0; i < b.length; i++) times.push(b.exchTs[i]);
    const midnight = midnightEpochNs("2012-06-21")!;
    expect(times[0] - midnight).toBe(34_200_017_459_617n);
    expect(times[times.length - 1] - midnight).toBe(34_200_200_000_000n);
    expect(data.report.notes).toContain("2 message times had more than 9 decimals: rounded to the ns (first at line 1: 34200.017459617123)");
  });
});
