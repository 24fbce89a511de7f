import { parseConfig } from "../../config/load.ts";
import { resolveStrategy } from "../../strategy/load.ts";
import type { MmConfig } from "../../config/schema.ts";
import { ConfigError, MmlabError } from "../../core/errors.ts";
import { rootRng } from "../../core/rng.ts";
import { NS_PER_S, parseDurationNs } from "../../core/time.ts";
import type { DatasetMeta } from "../../data/schema.ts";
import { checkConfigAgainstData } from "../dataAgreement.ts";
import { fileData, syntheticData } from "../../data/sources/index.ts";
import { SPECIAL_PARAMS, syntheticSeconds, type GridDefinition, type JsonValue } from "./definition.ts";
import { describePoint, type GridPoint } from "./points.ts";
import { parseSpan, type Span } from "./spans.ts";

/** Where a point's events come from. */
export type PointSource = { kind: "file"; path: string } | { kind: "synthetic"; scenario: string; seconds: number };

/** Everything needed to run one point (plain data: it crosses to a worker thread). */
export interface PointTask {
  index: number;
  id: string;
  params: Record<string, JsonValue>;
  config: MmConfig;
  source: PointSource;
  seed: string;
  /** Data time the run starts at (ns since the data origin; events before it only build the book). */
  startNs: number;
  /** Data time to run from startNs; undefined: to the end of the data. */
  durationNs?: number;
}

/** Which part of the data a task covers: the whole run, or a walk-forward span. */
export type Phase = "run" | "select" | "report";

/** Builds the task of one point; a bad value throws the config's ConfigError naming the point. */
export function pointTask(def: GridDefinition, point: GridPoint, phase: Phase = def.selectOn !== null ? "select" : "run"): PointTask {
  const overrides: string[] = [];
  for (const [name, value] of Object.entries(point.params)) if (!SPECIAL_PARAMS.has(name)) overrides.push(`${name}=${JSON.stringify(value)}`);
  let config: MmConfig;
  try {
    config = parseConfig(def.base, overrides);
  } catch (e) {
    if (e instanceof ConfigError) throw e.within(`grid ${describePoint(point)}`);
    if (e instanceof MmlabError) throw new MmlabError(`grid ${describePoint(point)}: ${e.message}`);
    throw e;
  }
  const p = point.params;
  const dataPath = typeof p.data === "string" ? p.data : typeof p.scenario === "string" ? null : def.data;
  const source: PointSource =
    dataPath !== null
      ? { kind: "file", path: dataPath }
      : { kind: "synthetic", scenario: typeof p.scenario === "string" ? p.scenario : (def.scenario ?? "default"), seconds: syntheticSeconds(def) };
  const span = phaseSpan(def, phase);
  const durationNs = span ? span.endNs - span.startNs : def.duration !== null ? parseDurationNs(def.duration) : source.kind === "synthetic" ? source.seconds * NS_PER_S : undefined;
  return {
    index: point.index,
    id: point.id,
    params: point.params,
    config,
    source,
    seed: p.seed !== undefined ? String(p.seed) : def.seed,
    startNs: span?.startNs ?? 0,
    ...(durationNs === undefined ? {} : { durationNs }),
  };
}

function phaseSpan(def: GridDefinition, phase: Phase): Span | null {
  if (phase === "run") return null;
  const text = phase === "select" ? def.selectOn : def.reportOn;
  if (text === null) throw new MmlabError(`grid: no ${phase === "select" ? "--select-on" : "--report-on"} span`);
  return parseSpan(text);
}

/**
 * Validates every point before anything runs: its config, its strategy (the module loads, the
 * params fit its schema), its data source (the file opens), the tick and lot size against the
 * data's and the order size against the lot. Returns the tasks in grid order.
 */
export async function validatePoints(def: GridDefinition, points: readonly GridPoint[], phase?: Phase): Promise<PointTask[]> {
  return validateTasks(points.map((point) => pointTask(def, point, phase)), (task) => `grid ${describePoint(task)}`);
}

/** Validates tasks before anything runs (as validatePoints); `where` names a task in an error. */
export async function validateTasks(tasks: PointTask[], where: (task: PointTask) => string): Promise<PointTask[]> {
  const metas = new Map<string, DatasetMeta>();
  for (const task of tasks) {
    const key = task.source.kind === "file" ? `file:${task.source.path}` : `synthetic:${task.source.scenario}`;
    let meta = metas.get(key);
    if (meta === undefined) {
      meta = task.source.kind === "file" ? (await fileData(task.source.path)).meta : syntheticData(task.source.scenario, rootRng("probe"), { durationNs: NS_PER_S }).meta;
      metas.set(key, meta);
    }
    checkConfigAgainstData(task.config, meta, ` (${where(task)})`);
    try {
      await resolveStrategy(task.config);
    } catch (e) {
      if (e instanceof ConfigError) throw e.within(where(task));
      throw e;
    }
  }
  return tasks;
}
