import { parseConfig } from "../../config/load.ts";
import { ConfigError, MmlabError } from "../../core/errors.ts";
import { hashJson } from "../../core/hash.ts";
import { NS_PER_S } from "../../core/time.ts";
import type { JsonValue } from "../grid/definition.ts";
import type { Span } from "../grid/spans.ts";
import type { PointSource, PointTask } from "../grid/tasks.ts";
import type { TuneDefinition } from "./definition.ts";
import { REPORT_RUNG } from "./plan.ts";

/** Which run a task is: its fold, rung (REPORT_RUNG: the fold's report run) and sample. */
export interface RunSlot {
  fold: number;
  rung: number;
  sample: number;
}

/** "fold 1, rung 0, sample 7" / "fold 1, report, sample 7". */
export function slotText(slot: RunSlot): string {
  return `fold ${slot.fold}, ${slot.rung === REPORT_RUNG ? "report" : `rung ${slot.rung}`}, sample ${slot.sample}`;
}

/**
 * The task of one run: the tune's base config with the sample's values, on `span` of the tune's
 * data (every run of a synthetic tune reads the same market, of length `lengthNs`, which the
 * grid pool then generates once and shares). A value the config refuses throws its ConfigError
 * naming the run.
 */
export function tuneTask(def: TuneDefinition, index: number, slot: RunSlot, sample: Record<string, JsonValue>, span: Span, lengthNs: number): PointTask {
  let config;
  try {
    config = parseConfig(def.base, Object.entries(sample).map(([name, value]) => `${name}=${JSON.stringify(value)}`));
  } catch (e) {
    if (e instanceof ConfigError) throw e.within(`tune ${slotText(slot)}`);
    if (e instanceof MmlabError) throw new MmlabError(`tune ${slotText(slot)}: ${e.message}`);
    throw e;
  }
  const source: PointSource = def.data !== null ? { kind: "file", path: def.data } : { kind: "synthetic", scenario: def.scenario ?? "default", seconds: lengthNs / NS_PER_S };
  const id = hashJson({ sample, span }).slice(0, 12);
  return { index, id, params: sample, config, source, seed: def.seed, startNs: span.startNs, durationNs: span.endNs - span.startNs };
}
