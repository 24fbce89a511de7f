/**
 * How much do the conclusions depend on the fill assumptions? The same strategy and data under
 * each queue model and latency model: PnL, fill and cancel ratios, spread captured, markouts.
 *
 *   npx tsx experiments/compareModels.ts [--data FILE | --hours 6] [--seed 1] [--set path=value]… [--json]
 *
 * With the default (wide) quotes the queue model hardly matters: our levels are mostly empty
 * price levels, filled by trades through them. Quoting at the touch shows it more, e.g.
 *   --set k=200 --set horizon.tau_seconds=1 --set orders.requote_threshold_ticks=2 --set orders.requote_behind_threshold_ticks=2
 */
import { parseArgs } from "node:util";
import { rootRng } from "../src/core/rng.ts";
import { compareModels, formatModelComparison } from "../src/runner/compareModels.ts";
import { openMarketData, syntheticData } from "../src/data/sources/index.ts";
import { parseConfig } from "../src/config/load.ts";
import { NS_PER_S } from "../src/core/time.ts";

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    hours: { type: "string", default: "6" },
    seed: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
    set: { type: "string", multiple: true, default: [] },
  },
});
const durationS = Number(values.hours) * 3600;
const base = parseConfig({}, values.set);
const data = values.data === undefined
  ? () => syntheticData("default", rootRng(values.seed!), { durationNs: durationS * NS_PER_S })
  : () => openMarketData(values.data!, parseConfig(base).symbol);
const rows = await compareModels(base, data, values.seed!, undefined, (row) => {
  if (!values.json) process.stderr.write(`  ${row.variant}: PnL ${row.pnl?.toFixed(2)}\n`);
});
if (values.json) process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
else process.stdout.write(`\n${values.data ?? `synthetic default, ${values.hours} h`}, seed ${values.seed}\n${formatModelComparison(rows)}\n`);
