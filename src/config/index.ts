export { configSchema, type MmConfig, type MmConfigInput } from "./schema.ts";
export { defineConfig, parseConfig, parseConfigValue, loadConfigFile } from "./load.ts";
export { applyOverrides, setPath } from "./overrides.ts";
export { ConfigWatcher } from "./watch.ts";
export { CUSTOM_FEE_SCHEDULE, DEFAULT_FEE_SCHEDULE, FEE_SCHEDULES, feeAssumption, resolveFees } from "./feeSchedules.ts";
export type { FeeScheduleName, Fees } from "./feeSchedules.ts";
