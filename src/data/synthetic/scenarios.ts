import fs from "node:fs";
import * as z from "zod";
import { MmlabError } from "../../core/errors.ts";
import { syntheticSchema, type SyntheticParamsInput } from "./params.ts";

/** Named synthetic markets for `--scenario`: each a set of overrides of the default BTC-USDT day. */
export const SYNTHETIC_SCENARIOS = {
  default: {},
  "high-vol": { sigmaQuotePerSqrtS: 3, tradeRatePerS: 3.3 },
  "low-liquidity": { limitRatePerS: 6, limitSizeMedian: 0.008, quoteSizeMedian: 1, cancelRatePerLevelS: 0.3 },
  jumpy: { jumpsPerHour: 12, jumpStdQuote: 40 },
} as const satisfies Record<string, SyntheticParamsInput>;

export type SyntheticScenarioName = keyof typeof SYNTHETIC_SCENARIOS;

/** True when `name` is a known scenario. */
export function isSyntheticScenario(name: string): name is SyntheticScenarioName {
  return Object.hasOwn(SYNTHETIC_SCENARIOS, name);
}

/** True when `scenario` names a parameter file (a fitted `market.json`) rather than a named scenario. */
export function isScenarioFile(scenario: string): boolean {
  return scenario.toLowerCase().endsWith(".json");
}

/**
 * The parameters of a scenario: a named one's overrides, or a parameter file's contents (a
 * `market.json` written by `mmlab calibrate FILE --market`, or any object the synthetic schema
 * accepts), validated. A bad file is one error naming the file, the field and the rule.
 */
export function scenarioParams(scenario: string): SyntheticParamsInput {
  if (isSyntheticScenario(scenario)) return SYNTHETIC_SCENARIOS[scenario];
  if (!isScenarioFile(scenario)) {
    throw new MmlabError(`scenario "${scenario}": unknown; choose one of ${Object.keys(SYNTHETIC_SCENARIOS).join(", ")}, or a market.json file`);
  }
  let text: string;
  try {
    text = fs.readFileSync(scenario, "utf8");
  } catch (error) {
    throw new MmlabError(`${scenario}: cannot read the market file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MmlabError(`${scenario}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = syntheticSchema.safeParse(json);
  if (!parsed.success) throw new MmlabError(`${scenario}: ${describeIssue(parsed.error, json)}`);
  return parsed.data;
}

function describeIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (issue.code === "unrecognized_keys") return `${[...issue.path, issue.keys[0]].join(".")}: unknown field`;
  let node: unknown = input;
  for (const key of issue.path) node = node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return `${issue.path.join(".") || "(root)"} = ${JSON.stringify(node)}: ${issue.message}`;
}
