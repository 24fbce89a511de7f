import { loadConfigFile, parseConfig } from "../../config/load.ts";
import type { MmConfig } from "../../config/schema.ts";

/** A config builder for a suite: the `--config` file (or the defaults), the user's `--set`s, then a scenario's overrides. */
export function configBuilder(configPath: string | undefined, sets: readonly string[]): (extra: readonly string[]) => MmConfig {
  return (extra) => {
    const overrides = [...sets, ...extra];
    return configPath !== undefined ? loadConfigFile(configPath, overrides) : parseConfig({}, overrides);
  };
}
