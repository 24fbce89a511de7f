import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTrackedTemps, trackedTempPaths, trackTempPath, trackTempSweep, untrackTempPath } from "../../src/core/tempFiles.ts";

const dir = mkdtempSync(join(tmpdir(), "mmlab-temp-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("temporary paths removed on an interrupt", () => {
  it("removes the tracked files and folders (with their content) and runs the sweeps, once", () => {
    const file = join(dir, "out.arrow.tmp-1");
    const folder = join(dir, ".run.tmp-1");
    writeFileSync(file, "partial");
    mkdirSync(join(folder, "charts"), { recursive: true });
    writeFileSync(join(folder, "charts/a.svg"), "<svg/>");
    trackTempPath(file);
    trackTempPath(folder);
    trackTempPath(join(dir, "never-created.tmp-1")); // a writer that failed to create it: no error
    let swept = 0;
    trackTempSweep(() => swept++);
    expect(removeTrackedTemps()).toBe(3);
    expect([existsSync(file), existsSync(folder), swept]).toEqual([false, false, 1]);
    expect(trackedTempPaths()).toEqual([]);
    expect(removeTrackedTemps()).toBe(0);
    expect(swept).toBe(1);
  });

  it("leaves what was untracked (renamed into place) and sweeps no longer registered", () => {
    const kept = join(dir, "kept.tmp-1");
    writeFileSync(kept, "complete");
    trackTempPath(kept);
    untrackTempPath(kept);
    let swept = 0;
    const forget = trackTempSweep(() => swept++);
    forget();
    removeTrackedTemps();
    expect([existsSync(kept), swept]).toEqual([true, 0]);
  });

  it("a sweep that throws does not stop the others", () => {
    const later = join(dir, "later.tmp-1");
    writeFileSync(later, "x");
    trackTempSweep(() => {
      throw new Error("cannot");
    });
    trackTempSweep(() => rmSync(later));
    removeTrackedTemps();
    expect(existsSync(later)).toBe(false);
  });
});
