/**
 * A parser for the Python literals found in `.npy` headers: dicts, lists, tuples, strings,
 * integers, True, False and None. Dicts become `Map`s, lists and tuples arrays.
 */

/** A parsed Python literal. */
export type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/** Parses one Python literal; throws an Error with the offset on anything else. */
export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  const value = p.value();
  p.skipSpace();
  if (p.at < text.length) p.fail("unexpected text after the value");
  return value;
}

class Parser {
  at = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new Error(`${what} at offset ${this.at}`);
  }

  skipSpace(): void {
    while (this.at < this.s.length && /\s/.test(this.s[this.at])) this.at++;
  }

  value(): PyValue {
    this.skipSpace();
    const c = this.s[this.at];
    if (c === "{") return this.dict();
    if (c === "[") return this.sequence("]");
    if (c === "(") return this.sequence(")");
    if (c === "'" || c === '"') return this.string();
    if (c !== undefined && /[-+0-9]/.test(c)) return this.integer();
    for (const [word, v] of [["True", true], ["False", false], ["None", null]] as const) {
      if (this.s.startsWith(word, this.at)) {
        this.at += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? "unexpected end" : `unexpected ${JSON.stringify(c)}`);
  }

  private dict(): Map<string, PyValue> {
    const out = new Map<string, PyValue>();
    this.at++;
    for (;;) {
      this.skipSpace();
      if (this.s[this.at] === "}") break;
      const key = this.value();
      if (typeof key !== "string") this.fail("dict key must be a string");
      this.skipSpace();
      if (this.s[this.at] !== ":") this.fail("expected ':'");
      this.at++;
      out.set(key, this.value());
      if (!this.separator("}")) break;
    }
    this.at++;
    return out;
  }

  private sequence(close: string): PyValue[] {
    const out: PyValue[] = [];
    this.at++;
    for (;;) {
      this.skipSpace();
      if (this.s[this.at] === close) break;
      out.push(this.value());
      if (!this.separator(close)) break;
    }
    this.at++;
    return out;
  }

  /** After an item: consumes a comma (true: more may follow) or stops before `close` (false). */
  private separator(close: string): boolean {
    this.skipSpace();
    const c = this.s[this.at];
    if (c === ",") {
      this.at++;
      return true;
    }
    if (c !== close) this.fail(`expected ',' or '${close}'`);
    return false;
  }

  private string(): string {
    const quote = this.s[this.at++];
    let out = "";
    while (this.at < this.s.length && this.s[this.at] !== quote) {
      let c = this.s[this.at++];
      if (c === "\\") {
        const e = this.s[this.at++];
        c = e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e === "0" ? "\0" : e;
      }
      out += c;
    }
    if (this.at >= this.s.length) this.fail("unterminated string");
    this.at++;
    return out;
  }

  private integer(): number {
    const m = /^[-+]?\d+L?/.exec(this.s.slice(this.at));
    if (!m) return this.fail("bad number");
    this.at += m[0].length;
    const value = Number(m[0].replace("L", ""));
    if (!Number.isSafeInteger(value)) this.fail(`integer ${m[0]} too large`);
    return value;
  }
}
