/**
 * Does order-flow imbalance explain price moves? The Cont–Kukanov–Stoikov regression of the mid
 * change on the OFI per bucket, overall and per window, with a scatter-and-fit report.
 *
 *   npx tsx experiments/ofiStudy.ts [--data FILE | --scenario NAME] [--bucket 10s] [--window 1h] [--duration 24h] [--seed 1] [--out DIR] [--json]
 *
 * Same options and output as `mmlab ofi-study`.
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { ofiStudyCommand, ofiStudyOptions } from "../src/cli/commands/ofiStudy.ts";
import { MmlabError } from "../src/core/errors.ts";

try {
  const args = await ofiStudyOptions(yargs(hideBin(process.argv)).scriptName("ofiStudy").strict().help()).parseAsync();
  process.exitCode = await ofiStudyCommand(args);
} catch (error) {
  if (!(error instanceof MmlabError)) throw error;
  process.stderr.write(`ofiStudy: ${error.message}\n`);
  process.exitCode = 1;
}
