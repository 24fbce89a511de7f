/**
 * Joins `--opt -5m` into `--opt=-5m` for the options that take a value, when the value starts
 * with a dash and a digit: yargs would read `-5m` as the short flags -5 and -m ("Unknown
 * arguments: 5, m") instead of handing it to the option, whose own check then names the rule
 * ("--duration -5m: must be a positive duration"). Tokens after `--` are left alone.
 */
export function joinDashValues(argv: readonly string[], takesValue: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") return [...out, ...argv.slice(i)];
    const option = /^--([^=]+)$/.exec(token);
    const next = argv[i + 1];
    if (option !== null && next !== undefined && /^-\.?\d/.test(next) && takesValue(option[1])) {
      out.push(`${token}=${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}
