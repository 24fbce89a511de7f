import { describe, expect, it } from "vitest";
import * as config from "../../src/config/index.ts";
import { parseConfig } from "../../src/config/load.ts";

describe("config/index", () => {
  it("re-exports the config API", () => {
    expect(config.parseConfig).toBe(parseConfig);
    expect(typeof config.loadConfigFile).toBe("function");
    expect(typeof config.applyOverrides).toBe("function");
    expect(typeof config.setPath).toBe("function");
    expect(typeof config.ConfigWatcher).toBe("function");
    expect(config.configSchema.parse({}).gamma).toBe(0.5);
  });
});
