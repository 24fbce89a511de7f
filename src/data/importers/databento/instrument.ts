import { MmlabError } from "../../../core/errors.ts";
import { DATA_SCHEMAS, HD_INSTRUMENT_ID, HD_RTYPE, NANOS_PER_UNIT, STYPE_INSTRUMENT_ID } from "./constants.ts";
import type { InstrumentDefinition } from "./definitions.ts";
import type { DbnMetadata } from "./metadata.ts";
import { DbnReader } from "./reader.ts";

/** The instrument an import writes, with its symbol, tick and lot and where they came from. */
export interface ResolvedInstrument {
  instrumentId: number;
  symbol: string;
  tickSize: number;
  /** The tick in DBN price units (1e-9): every price must be a whole multiple of it. */
  tickNanos: number;
  lotSize: number;
  /** One line for the report: where symbol, tick and lot came from. */
  note: string;
}

/** What the user asked for (`--symbol`, `--instrument-id`, `--tick`, `--lot`). */
export interface InstrumentChoice {
  symbol?: string;
  instrumentId?: number;
  tickSize?: number;
  lotSize?: number;
}

/** Instrument ids the metadata's symbol mappings name, with their raw symbols; null when they name none. */
export function mappedInstruments(metadata: DbnMetadata): Map<number, Set<string>> | null {
  if (metadata.stypeOut !== STYPE_INSTRUMENT_ID) return null;
  const out = new Map<number, Set<string>>();
  for (const m of metadata.mappings) {
    for (const interval of m.intervals) {
      if (!/^\d+$/.test(interval.symbol)) continue;
      const id = Number(interval.symbol);
      if (!out.has(id)) out.set(id, new Set());
      out.get(id)!.add(m.rawSymbol);
    }
  }
  return out.size > 0 ? out : null;
}

/** Instrument ids of a data file's records (when its metadata maps no symbols to them), without symbols. */
export async function scanInstrumentIds(file: string): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  const reader = await DbnReader.open(file);
  const rtype = DATA_SCHEMAS.get(reader.metadata.schema)?.rtype;
  try {
    for await (const run of reader.runs()) {
      const { bytes, view } = run.window;
      for (let at = run.window.start; at < run.end; at += bytes[at] * 4) {
        if (bytes[at + HD_RTYPE] !== rtype) continue;
        const id = view.getUint32(at + HD_INSTRUMENT_ID, true);
        if (!out.has(id)) out.set(id, new Set());
      }
    }
  } finally {
    await reader.close();
  }
  return out;
}

/**
 * Picks the one instrument to write: `--instrument-id`, else the instrument `--symbol` names (a raw
 * symbol of the mappings or the definitions), else the only one in the data; several and no
 * choice is an error listing them. Then its symbol, tick and lot: the options, else its definition
 * (tick = min_price_increment; lot = min_lot_size, 1 contract when unset). Never guessed from the data.
 */
export function resolveInstrument(
  candidates: ReadonlyMap<number, ReadonlySet<string>>,
  definitions: ReadonlyMap<number, InstrumentDefinition>,
  choice: InstrumentChoice,
  what: string,
): ResolvedInstrument {
  const names = (id: number): string[] => [...new Set([...(candidates.get(id) ?? []), ...(definitions.has(id) ? [definitions.get(id)!.rawSymbol] : [])])];
  const listing = (): string => [...candidates.keys()].map((id) => `${id} (${names(id).join(", ") || "no symbol known"})`).join(", ");
  let id: number;
  if (choice.instrumentId !== undefined) {
    if (!candidates.has(choice.instrumentId)) throw new MmlabError(`${what}: --instrument-id ${choice.instrumentId} is not in the data; it holds ${listing()}`);
    id = choice.instrumentId;
  } else {
    const named = choice.symbol === undefined ? [] : [...candidates.keys()].filter((k) => names(k).includes(choice.symbol!));
    if (named.length === 1) id = named[0];
    else if (named.length > 1) throw new MmlabError(`${what}: --symbol ${choice.symbol} names several instruments (${named.join(", ")}): choose one with --instrument-id`);
    else if (candidates.size === 1) id = [...candidates.keys()][0];
    else if (candidates.size === 0) throw new MmlabError(`${what}: the data holds no records`);
    else if (choice.symbol !== undefined) throw new MmlabError(`${what}: --symbol ${choice.symbol} is none of the instruments in the data: ${listing()}`);
    else throw new MmlabError(`${what}: the data holds several instruments: ${listing()}; one is written per output: choose it with --symbol or --instrument-id`);
  }
  return tickLotSymbol(id, definitions.get(id), choice, names(id), what);
}

function tickLotSymbol(id: number, def: InstrumentDefinition | undefined, choice: InstrumentChoice, names: string[], what: string): ResolvedInstrument {
  for (const [flag, v] of [["--tick", choice.tickSize], ["--lot", choice.lotSize]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new MmlabError(`${flag} must be a positive number, got ${v}`);
  }
  const defTick = def === undefined ? undefined : def.tickNanos / NANOS_PER_UNIT;
  if (def !== undefined && Number.isNaN(def.tickNanos) && choice.tickSize === undefined) {
    throw new MmlabError(`${what}: the definition of instrument ${id} (${def.file}) has no usable min_price_increment: pass --tick`);
  }
  const tickSize = choice.tickSize ?? defTick;
  const lotSize = choice.lotSize ?? (def === undefined ? undefined : (def.minLotSize ?? 1));
  const symbol = choice.symbol ?? def?.rawSymbol;
  if (tickSize === undefined || lotSize === undefined || symbol === undefined) {
    const missing = [tickSize === undefined && "--tick", lotSize === undefined && "--lot", symbol === undefined && "--symbol"].filter(Boolean).join(", ");
    throw new MmlabError(
      `${what}: no instrument definition for instrument ${id}${names.length > 0 ? ` (${names.join(", ")})` : ""}: ` +
        `pass --definitions FILE (the dataset's *definition.dbn.zst for these dates) or ${missing}`,
    );
  }
  const tickNanos = Math.round(tickSize * NANOS_PER_UNIT);
  if (tickNanos < 1 || Math.abs(tickSize * NANOS_PER_UNIT - tickNanos) > 1e-6) {
    throw new MmlabError(`--tick ${tickSize}: DBN prices are integers of 1e-9, so the tick must be a whole multiple of 1e-9`);
  }
  const from = (given: unknown, fromDef: string): string => (given !== undefined ? "options" : fromDef);
  const differs = defTick !== undefined && choice.tickSize !== undefined && Math.abs(defTick - choice.tickSize) > 1e-12 ? `; the definition says ${defTick}` : "";
  const lotFrom = def?.minLotSize === null ? "definition: min_lot_size unset, 1 contract" : "definition: min_lot_size";
  const note =
    `instrument ${id}: symbol ${symbol} (from ${from(choice.symbol, "definition raw_symbol")}), ` +
    `tick ${tickSize} (from ${from(choice.tickSize, "definition min_price_increment")}${differs}), ` +
    `lot ${lotSize} (from ${from(choice.lotSize, lotFrom)})` +
    (def === undefined ? "" : `; ${def.exchange} class ${def.instrumentClass}`);
  return { instrumentId: id, symbol, tickSize, tickNanos, lotSize, note };
}
