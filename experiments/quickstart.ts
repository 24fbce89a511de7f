/**
 * The library API in a dozen lines: one hour of the synthetic BTC-USDT market, the default
 * strategy with a few overrides, the KPI table. Run: `npx tsx experiments/quickstart.ts [--seed N]`.
 */
import { parseArgs } from "node:util";
import { formatKpiTable, parseConfig, rootRng, runBacktest, syntheticData } from "../src/index.ts";
import { NS_PER_S } from "../src/core/time.ts";

const { values } = parseArgs({ options: { seed: { type: "string", default: "1" }, hours: { type: "string", default: "1" } } });
const rng = rootRng(values.seed);
const config = parseConfig({}, ["gamma=0.5", "orders.requote_threshold_ticks=100"]);
const result = await runBacktest({ config, data: syntheticData("default", rng, { durationNs: (Number(values.hours) * 3600) * NS_PER_S }), rng });
console.log(formatKpiTable(result.kpis));
console.log(`results hash ${result.resultsHash}`);
