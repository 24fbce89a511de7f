import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfigFile, parseConfig, parseConfigValue } from "../../src/config/load.ts";
import { ConfigWatcher } from "../../src/config/watch.ts";
import { configErrorOf } from "../support/configError.ts";

const dir = mkdtempSync(path.join(tmpdir(), "mmlab-root-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a config file holding `text` is refused with. */
function fileError(name: string, text: string) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return { file, error: configErrorOf(() => loadConfigFile(file)) };
}

const NOT_OBJECTS: [string, unknown, string][] = [
  ["null", null, "null"],
  ["an array", [], "an array"],
  ["an array of a config", [{ gamma: 0.2 }], "an array"],
  ["a number", 5, "a number"],
  ["a string", "gamma=0.2", "a string"],
  ["a boolean", true, "a boolean"],
];

describe("a config must be a JSON object", () => {
  for (const [what, value, got] of NOT_OBJECTS) {
    it(`a config file holding ${what} is refused, naming the file`, () => {
      const { file, error } = fileError(`${what.replace(/ /g, "-")}.json`, JSON.stringify(value));
      expect(error.message).toBe(`config file ${file}: must be a JSON object (got ${got})`);
      expect(error.field).toBe("(root)");
      expect(error.value).toEqual(value);
      // with overrides too: they must not turn null into an object of defaults
      expect(configErrorOf(() => loadConfigFile(file, ["gamma=0.3"])).message).toBe(error.message);
    });

    it(`parseConfigValue(${what}) is refused`, () => {
      const e = configErrorOf(() => parseConfigValue(value));
      expect(e.message).toBe(`config: must be a JSON object (got ${got})`);
      expect(configErrorOf(() => parseConfigValue(value, ["gamma=0.3"])).message).toBe(e.message);
    });
  }

  it("a hot reload of a file that became null keeps the config in force (an error outcome)", () => {
    const { file } = fileError("reload-null.json", "null");
    expect(new ConfigWatcher(file, [], () => {}).reload()).toEqual({ ok: false, error: `config file ${file}: must be a JSON object (got null)` });
  });

  it("an empty object, or no config at all, is the defaults", () => {
    expect(parseConfigValue({})).toEqual(parseConfig({}));
    expect(parseConfigValue(undefined)).toEqual(parseConfig({}));
    const file = path.join(dir, "empty.json");
    writeFileSync(file, "{}");
    expect(loadConfigFile(file)).toEqual(parseConfig({}));
  });
});
