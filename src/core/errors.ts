/** Base class of every error mmlab reports to a user: its message is one line, ready to print. */
export class MmlabError extends Error {
  override name = "MmlabError";
}

/** An invalid configuration value: names the field, the value and the rule it breaks. */
export class ConfigError extends MmlabError {
  override name = "ConfigError";
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
