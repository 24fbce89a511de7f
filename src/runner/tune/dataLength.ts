import { parseDurationNs } from "../../core/time.ts";
import type { TuneDefinition } from "./definition.ts";
import { syntheticLengthNs } from "./plan.ts";

/**
 * The length of the data a tune cuts into folds, ns: --duration when given, else 24 h of a
 * synthetic market, or the whole file (read once to its last event).
 */
export async function dataLengthNs(def: Pick<TuneDefinition, "data" | "duration">): Promise<number> {
  if (def.duration !== null) return parseDurationNs(def.duration);
  if (def.data === null) return syntheticLengthNs(def);
  const { fileData } = await import("../../data/sources/fileData.ts");
  let lastNs = 0;
  for await (const batch of (await fileData(def.data)).batches()) if (batch.length > 0) lastNs = batch.exchTsNs[batch.length - 1];
  return lastNs;
}
