import { readFileSync } from "node:fs";
import { applyOverrides } from "../config/overrides.ts";

/** The symbol filters a user set himself (config file or --set), as opposed to the schema's defaults. */
export interface ExplicitFilters {
  tickSize?: number;
  lotSize?: number;
}

/**
 * symbol.tick_size and symbol.lot_size as the user wrote them: the raw config file with the --set
 * overrides applied, before the schema fills in its defaults. Called after the config has been
 * loaded and validated (so the file reads and parses), and again on each hot reload.
 */
export function explicitFilters(configPath: string | undefined, overrides: readonly string[]): ExplicitFilters {
  const raw = configPath === undefined ? {} : (JSON.parse(readFileSync(configPath, "utf8")) as unknown);
  const symbol = (applyOverrides(raw, overrides) as { symbol?: Record<string, unknown> } | null)?.symbol;
  const number = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
  return { tickSize: number(symbol?.tick_size), lotSize: number(symbol?.lot_size) };
}
