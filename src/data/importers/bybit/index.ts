import { DataError, MmlabError } from "../../../core/errors.ts";
import { SCHEMA_VERSION, type DatasetMeta, type EventColumns } from "../../schema.ts";
import { batchRowsOf, EventSink, FieldParser, gridCheckOf, inputProgress, resolveTickLot, rowOf, TickGrid } from "../csv.ts";
import { emptyReport, type Importer, type ImportedData, type ImportOptions } from "../importer.ts";
import { BYBIT_INSTRUMENTS } from "./instruments.ts";
import { BybitBook, parseBybitLine, type BybitMessage } from "./orderbook.ts";
import { sourceLines, type SourceLine } from "./zipLines.ts";

export { BYBIT_INSTRUMENTS } from "./instruments.ts";

/** Bybit `orderbook.N` historical dump (`*.data.zip`, or its unzipped JSON lines): snapshot, then deltas. */
export const bybitOrderbookImporter: Importer = {
  description: "Bybit orderbook.N dump (.data.zip or JSON lines: snapshot then deltas)",
  open: openBybit,
};

/**
 * Opens Bybit dumps (one symbol, in time order): the first message gives the metadata, then every
 * message is streamed, each zip decompressed on the fly.
 */
async function openBybit(inputs: readonly string[], options: ImportOptions): Promise<ImportedData> {
  if (inputs.length === 0) throw new MmlabError("bybit: no input files given");
  const progress = inputProgress(inputs, options);
  const first = sourceLines(inputs[0], progress(0));
  try {
    const fields = new FieldParser(inputs[0]);
    let head: SourceLine | undefined;
    for (let r = await first.next(); !r.done; r = await first.next()) {
      if (r.value.text.trim() !== "") {
        head = r.value;
        break;
      }
    }
    if (head === undefined) throw new DataError(inputs[0], undefined, undefined, "no messages");
    fields.file = head.file;
    fields.row = head.number;
    const m0 = parseBybitLine(fields, head.text);
    const tl = resolveTickLot(BYBIT_INSTRUMENTS, "bybit", m0.symbol, BigInt(m0.ts) * 1_000_000n, options, inputs[0]);
    const report = emptyReport();
    report.notes.push(
      `Bybit orderbook dump (bybit ${m0.symbol}): exch_ts = cts (matching engine, else ts), local_ts = ts (Bybit's push time; the dump has no receive time)`,
      tl.note,
    );
    const meta: DatasetMeta = {
      symbol: options.symbol ?? m0.symbol,
      venue: "bybit",
      tickSize: tl.tickSize,
      lotSize: tl.lotSize,
      source: "bybit-orderbook",
      schemaVersion: SCHEMA_VERSION,
    };
    const check = gridCheckOf(tl, options);
    const sink = new EventSink(batchRowsOf(options), check, report, rowOf(fields));
    const book = new BybitBook(fields, new TickGrid(check, fields), sink, report, options);

    const headLine = head;
    async function* batches(): AsyncGenerator<EventColumns> {
      const handle = (line: SourceLine, m?: BybitMessage): void => {
        fields.file = line.file;
        fields.row = line.number;
        const msg = m ?? parseBybitLine(fields, line.text);
        if (msg.symbol !== m0.symbol) fields.fail("data.s", `expected ${m0.symbol} (as in the first message), found ${msg.symbol}: one symbol per import`);
        book.apply(msg);
      };
      handle(headLine, m0);
      for (const batch of sink.takeReady()) yield batch;
      for (let i = 0; i < inputs.length; i++) {
        for await (const line of i === 0 ? first : sourceLines(inputs[i], progress(i))) {
          if (line.text.trim() === "") continue;
          handle(line);
          for (const batch of sink.takeReady()) yield batch;
        }
      }
      book.finish();
      sink.finish();
      for (const batch of sink.takeReady()) yield batch;
    }
    return { meta, batches: batches(), report };
  } catch (e) {
    await first.return(undefined);
    throw e;
  }
}
