import { DataError } from "../../../core/errors.ts";
import { DEFINITION_LAYOUTS, HD_INSTRUMENT_ID, HD_RTYPE, NULL_I32, RType, Schema } from "./constants.ts";
import { DbnRecordError } from "./recordError.ts";
import { DbnReader } from "./reader.ts";
import type { ByteProgress } from "./source.ts";

/** What an instrument definition record (rtype 0x13) says about one instrument. */
export interface InstrumentDefinition {
  instrumentId: number;
  rawSymbol: string;
  /** min_price_increment in units of 1e-9 (the tick); NaN when null or not positive. */
  tickNanos: number;
  /** min_lot_size (the minimum order quantity), null when the venue leaves it unset (0 or null). */
  minLotSize: number | null;
  exchange: string;
  /** instrument_class: F future, S future spread, C call, P put, K stock, … */
  instrumentClass: string;
  file: string;
}

/**
 * Reads instrument definition files (DBN schema `definition`, v1 or v2 layouts). A later
 * definition of the same instrument replaces an earlier one (definitions are re-sent when they change).
 */
export async function readDefinitions(files: readonly string[], progress?: (index: number) => ByteProgress | undefined): Promise<Map<number, InstrumentDefinition>> {
  const out = new Map<number, InstrumentDefinition>();
  for (let i = 0; i < files.length; i++) {
    const reader = await DbnReader.open(files[i], progress?.(i));
    try {
      const { metadata } = reader;
      if (metadata.schema !== Schema.DEFINITION) {
        throw new DataError(files[i], undefined, "metadata schema", `is ${metadata.schemaName}, not definition: --definitions takes the *definition.dbn(.zst) file of the dataset`);
      }
      const layout = DEFINITION_LAYOUTS[metadata.version];
      const text = new TextDecoder();
      for await (const run of reader.runs()) {
        const { bytes, view } = run.window;
        let record = run.firstRecord;
        for (let at = run.window.start; at < run.end; at += bytes[at] * 4, record++) {
          if (bytes[at + HD_RTYPE] !== RType.INSTRUMENT_DEF) continue;
          const length = bytes[at] * 4;
          if (length < layout.recordBytes) {
            throw new DbnRecordError(files[i], record, run.window.offsetOf(at), "length", `${length} bytes is shorter than a v${metadata.version} instrument definition (${layout.recordBytes} bytes)`);
          }
          const cstr = (offset: number, n: number): string => {
            const raw = bytes.subarray(at + offset, at + offset + n);
            const nul = raw.indexOf(0);
            return text.decode(nul < 0 ? raw : raw.subarray(0, nul));
          };
          const tickLo = view.getUint32(at + layout.minPriceIncrement, true);
          const tickHi = view.getInt32(at + layout.minPriceIncrement + 4, true);
          const tickNanos = tickHi * 2 ** 32 + tickLo;
          const minLot = view.getInt32(at + layout.minLotSize, true);
          const instrumentId = view.getUint32(at + HD_INSTRUMENT_ID, true);
          out.set(instrumentId, {
            instrumentId,
            rawSymbol: cstr(layout.rawSymbol, layout.rawSymbolBytes),
            tickNanos: tickNanos > 0 && tickNanos < 2 ** 53 ? tickNanos : NaN,
            minLotSize: minLot > 0 && minLot !== NULL_I32 ? minLot : null,
            exchange: cstr(layout.exchange, 5),
            instrumentClass: String.fromCharCode(bytes[at + layout.instrumentClass]),
            file: files[i],
          });
        }
      }
    } finally {
      await reader.close();
    }
  }
  return out;
}
