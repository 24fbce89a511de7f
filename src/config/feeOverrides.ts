import { CUSTOM_FEE_SCHEDULE } from "./feeSchedules.ts";
import { parseValue, splitOverride } from "./overrides.ts";
import type { MmConfig } from "./schema.ts";

const RATES = ["maker_bps", "taker_bps"] as const;

/**
 * Readies a filled-in config for `--set` overrides of its fees. Overrides land on the filled-in
 * config, where the rates usually just repeat the schedule; taken as they stand, `--set
 * fees.maker_bps=1` would contradict the schedule and `--set fees.schedule=binance-spot-vip0`
 * would contradict the rates. So: a rate override without a schedule override leaves the named
 * schedule (the fees become "custom", the other rate stays); an override to a named schedule
 * drops the rates that are not overridden too (they come from that schedule), one to "custom"
 * keeps them. A rate and a named schedule both overridden are checked against each other, as in
 * a config file.
 */
export function prepareFeeOverrides(config: MmConfig, overrides: readonly string[]): unknown {
  const set = new Map(overrides.map((text) => splitOverride(text)).map(({ path, valueText }) => [path, valueText]));
  const schedule = set.get("fees.schedule");
  if (schedule === undefined && !RATES.some((rate) => set.has(`fees.${rate}`))) return config;
  const fees: Record<string, unknown> = { ...config.fees };
  if (schedule === undefined) delete fees.schedule;
  else if (parseValue(schedule) !== CUSTOM_FEE_SCHEDULE) for (const rate of RATES) if (!set.has(`fees.${rate}`)) delete fees[rate];
  return { ...config, fees };
}
