/**
 * Secrets in a config (exchange credentials: `credentials.api_key`, `credentials.api_secret`, or
 * any field whose name says key, secret, token, password or passphrase) are never printed, logged
 * or written: every place that shows or stores a config shows this redacted copy, and a config
 * error about such a field does not repeat its value.
 */
const SECRET_NAME = /(^|_)(api_?key|key|secret|token|password|passphrase)s?$/i;

/** The text that stands for a secret's value. */
export const REDACTED = "[redacted]";

/** True when a field of this name holds a secret. */
export function isSecretField(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** True when any key along a dotted path names a secret (or the path is under `credentials`). */
export function isSecretPath(path: readonly PropertyKey[]): boolean {
  return path.some((key) => typeof key === "string" && (key === "credentials" || isSecretField(key)));
}

/** A deep copy of `value` with every secret field's value replaced by REDACTED. */
export function redactSecrets<T>(value: T): T {
  return redact(value, false) as T;
}

function redact(value: unknown, secret: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, secret));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = redact(v, secret || key === "credentials" || isSecretField(key));
    return out;
  }
  return secret && value !== undefined ? REDACTED : value;
}
