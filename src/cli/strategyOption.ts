import { resolve } from "node:path";

/** The `--strategy PATH` option of the commands that run a strategy (docs/strategies.md). */
export const STRATEGY_OPTION = {
  type: "string",
  describe: "strategy module to run (its default export made by defineStrategy), params by --set strategy.params.NAME=… (default: the built-in quoter)",
} as const;

/** The config overrides with `--strategy` as `strategy.module` (an absolute path: grid workers and replays resolve it alike), set first so `--set` may follow. */
export function withStrategy(sets: readonly string[], strategy: string | undefined): string[] {
  return strategy === undefined ? [...sets] : [`strategy.module=${JSON.stringify(resolve(strategy))}`, ...sets];
}
