export { configSchema, type MmConfig, type MmConfigInput } from "./schema.ts";
export { parseConfig, loadConfigFile } from "./load.ts";
export { applyOverrides, setPath } from "./overrides.ts";
export { ConfigWatcher } from "./watch.ts";
