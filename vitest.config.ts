import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // vitest's default (cores − 1) runs one file at a time on 2 cores; many files here mostly wait
    // (paper sessions in real time, child processes), so two at a time take ~30 % less wall time
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
