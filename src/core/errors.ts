/** Where an error keeps the kinds (class names) it is an instance of, under a key every copy of mmlab shares. */
const KINDS: unique symbol = Symbol.for("mmlab.errorKinds") as never;

/**
 * Base class of every error mmlab reports to a user: its message is one line, ready to print.
 * `instanceof` also knows an error thrown by another copy of mmlab, by its classes' `kind`s: a
 * strategy module importing the library from its own path or package while the command runs
 * another copy (a checkout's compiled sources, a global install) still fails with its own
 * message, not as an internal error.
 */
export class MmlabError extends Error {
  override name = "MmlabError";
  /** The class's name for `instanceof` across copies; every subclass declares its own. */
  static readonly kind: string = "MmlabError";
  declare readonly [KINDS]: readonly string[];

  constructor(message?: string) {
    super(message);
    const kinds: string[] = [];
    for (let c: unknown = new.target; c !== Error && typeof c === "function"; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, "kind")) kinds.push((c as typeof MmlabError).kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // a class that declares no kind of its own is only known by its prototype
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    return Object.hasOwn(this, "kind") && Array.isArray(kinds) && kinds.includes(this.kind);
  }
}

/** An invalid configuration value: names the field, the value and the rule it breaks. */
export class ConfigError extends MmlabError {
  override name = "ConfigError";
  static override readonly kind: string = "ConfigError";
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly rule: string,
    /** A "did you mean …?" for a mistyped field name, printed after the message; "" for none. */
    readonly hint = "",
  ) {
    super(`config: ${field} = ${formatValue(value)}: ${rule}`);
  }

  /** The same error, saying where the config came from ("in c.json", "grid a=1"). */
  within(where: string): ConfigError {
    return new ConfigError(this.field, this.value, `${this.rule} (${where})`, this.hint);
  }
}

/** Bad input data: names the file, the row (or line), the field and the rule. */
export class DataError extends MmlabError {
  override name = "DataError";
  static override readonly kind: string = "DataError";
  constructor(
    readonly file: string,
    readonly row: number | undefined,
    readonly field: string | undefined,
    readonly rule: string,
  ) {
    const where = [file, row === undefined ? undefined : `row ${row}`, field].filter((x) => x !== undefined);
    super(`${where.join(": ")}: ${rule}`);
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
