/**
 * Is the synthetic market realistic? Stylized facts of a real market and a synthetic one side by
 * side (spread, depth, trade arrivals and clustering, sizes, signature plot, volatility
 * clustering, OFI–price R²) and the order-flow metrics a market maker feels (response function,
 * order-sign autocorrelation, maker markout), each with a verdict, and a small HTML report.
 *
 *   npx tsx experiments/compareMarkets.ts REAL SYNTH [--seed 1] [--out DIR] [--force] [--json]
 *                                         [--response-lags 100ms,1s] [--markout-distances 1,5,25] [--markout-horizons 1s,10s]
 *   e.g. npx tsx experiments/compareMarkets.ts /tmp/btc.arrow synthetic:default:1
 *
 * Same arguments and output as `mmlab compare-markets`.
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { compareMarketsCommand, compareMarketsOptions, type CompareMarketsArgs } from "../src/cli/commands/compareMarkets.ts";
import { MmlabError } from "../src/core/errors.ts";

try {
  const argv = yargs(hideBin(process.argv)).scriptName("compareMarkets").usage("$0 <real> <synth>").demandCommand(2, "give REAL and SYNTH").strict().help();
  const args = (await compareMarketsOptions(argv).parseAsync()) as unknown as CompareMarketsArgs & { _: string[] };
  process.exitCode = await compareMarketsCommand({ ...args, real: String(args._[0]), synth: String(args._[1]) });
} catch (error) {
  if (!(error instanceof MmlabError)) throw error;
  process.stderr.write(`compareMarkets: ${error.message}\n`);
  process.exitCode = 1;
}
