import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveGrid } from "../src/runner/grid/definition.ts";
import { runGrid } from "../src/runner/grid/runGrid.ts";

/**
 * The grid benchmark case in its own process: `WORKERS` runs the 3 × 3 grid of 6-hour points on
 * the default synthetic market (gamma × ofi.beta, as README's "Grid search" example) on that
 * many worker threads, into a temporary folder, without the HTML report, and prints one JSON line:
 * the points, the seconds from the call to runGrid to its return (worker start-up, the shared
 * market's generation, every point, the result tables), points per second.
 */
const GRID_BENCH = { params: { gamma: [0.05, 0.1, 0.2], "ofi.beta": [0, 0.3, 0.6] }, duration: "6h" };

async function main(): Promise<void> {
  const workers = Number(process.argv[2]);
  if (!(workers >= 1)) throw new Error(`gridCase: workers must be ≥ 1, not ${process.argv[2]}`);
  const dir = mkdtempSync(join(tmpdir(), "mmlab-bench-grid-"));
  try {
    const def = resolveGrid(GRID_BENCH);
    const started = performance.now();
    const report = await runGrid(def, { out: join(dir, "grid"), workers, report: false });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ workers, points: report.ran, seconds, pointsPerSec: report.ran / seconds }) + "\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
