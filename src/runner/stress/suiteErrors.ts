import { ConfigError, MmlabError } from "../../core/errors.ts";
import { isEnvironmentError, systemErrorFields, systemErrorFrom } from "../../core/systemError.ts";
import type { SuiteRunError } from "./suiteProtocol.ts";

/** An error as plain data, to cross to another thread: its message and stack, and what the other thread needs to throw it again as the same error. */
export function toSuiteRunError(e: unknown): SuiteRunError {
  const error = e instanceof Error ? e : new Error(String(e));
  const out: SuiteRunError = { message: error.message, stack: error.stack ?? "", user: e instanceof MmlabError };
  if (e instanceof ConfigError) {
    let value: unknown = e.value;
    try {
      structuredClone(value);
    } catch {
      value = String(value);
    }
    out.config = { field: e.field, value, rule: e.rule, hint: e.hint };
  }
  if (isEnvironmentError(e)) out.system = systemErrorFields(e);
  return out;
}

/** The error toSuiteRunError described, as the thread it came from would have thrown it. */
export function fromSuiteRunError(e: SuiteRunError): Error {
  if (e.system !== undefined) return systemErrorFrom(e.system, e.stack);
  const error = e.config !== undefined ? new ConfigError(e.config.field, e.config.value, e.config.rule, e.config.hint) : e.user ? new MmlabError(e.message) : new Error(e.message);
  if (e.stack !== "") error.stack = e.stack;
  return error;
}
