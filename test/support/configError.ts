import { expect } from "vitest";
import { ConfigError } from "../../src/core/errors.ts";

/** The ConfigError `f` throws (the test fails if it throws anything else, or nothing). */
export function configErrorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
}
