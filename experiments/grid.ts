/**
 * Grid search, the same as `mmlab grid`: `npx tsx experiments/grid.ts --param gamma=0.05,0.1,0.2
 * --param ofi.beta=0,0.3,0.6 --duration 1h --out runs/grid-gamma-beta` (see `--help`).
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { gridCommand, gridOptions, type GridArgs } from "../src/cli/commands/grid.ts";
import { MmlabError } from "../src/core/errors.ts";

try {
  const args = (await gridOptions(yargs(hideBin(process.argv)).scriptName("grid").strict().help()).parseAsync()) as unknown as GridArgs;
  process.exitCode = await gridCommand(args);
} catch (error) {
  const user = error instanceof MmlabError;
  process.stderr.write(`grid: ${user ? (error as Error).message : `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}\n`);
  process.exitCode = user ? 1 : 70;
}
