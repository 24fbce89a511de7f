import { existsSync } from "node:fs";
import { MmlabError } from "../../../core/errors.ts";
import { SCHEMA_VERSION, type DatasetMeta, type EventColumns } from "../../schema.ts";
import { batchRowsOf, EventSink, FieldParser, gridCheckOf, inputProgress, rowOf, TickGrid } from "../csv.ts";
import { emptyReport, type ImportedData, type Importer, type ImportOptions, type ImportReport } from "../importer.ts";
import { readLines } from "../lines.ts";
import { parseCoinbaseLine, productIdOf } from "./captureLine.ts";
import { ClockCorrection } from "./clock.ts";
import { CoinbaseConverter } from "./converter.ts";
import { messageTimeNs, parseMessage } from "./message.ts";
import { scanCoinbase, type CoinbaseScan } from "./scan.ts";
import { coinbaseTickLot } from "./tickLot.ts";
import { secondsToEpochNs } from "./time.ts";

/**
 * Coinbase Exchange WebSocket data (the `level2`, `matches` and `ticker` channels), one product per
 * import: cryptofeed captures (header lines, then `<local epoch seconds>: <raw JSON>`) or plain
 * JSON lines (one message per line). Inputs are read as one stream, in the order given. See
 * CoinbaseConverter for the events; the tick and lot come from --products or --tick/--lot.
 */
export const coinbaseImporter: Importer = {
  description: "Coinbase Exchange WebSocket JSON (cryptofeed capture or plain lines): level2 snapshot/l2update, match/last_match, ticker checked",
  open: openCoinbase,
};

/** Opens Coinbase inputs for the product `options.symbol` (or the only product they hold). */
export async function openCoinbase(inputs: readonly string[], options: ImportOptions): Promise<ImportedData> {
  if (inputs.length === 0) throw new MmlabError("coinbase: no input files given");
  for (const path of inputs) if (!existsSync(path)) throw new MmlabError(`${path}: no such file`);
  const wanted = options.symbol?.toUpperCase();
  const scan = await scanCoinbase(inputs, wanted === undefined);
  const product = wanted ?? onlyProduct(scan, inputs);
  const tl = coinbaseTickLot(product, options, inputs[0]);
  const report = emptyReport();
  report.notes.push(
    `Coinbase ${product}: exch_ts = the message's time (µs → ns); ` +
      (scan.captured ? "local_ts = the capture's receive time (epoch seconds → ns)" : "local_ts = the message's time (plain JSON lines carry no receive time)") +
      "; a snapshot (which has no time) takes the next l2update's time, or its receive time when earlier",
    tl.note,
  );
  const meta: DatasetMeta = { symbol: product, venue: "coinbase", tickSize: tl.tickSize, lotSize: tl.lotSize, source: "coinbase-ws", schemaVersion: SCHEMA_VERSION };
  const fields = new FieldParser(inputs[0]);
  const check = gridCheckOf(tl, options);
  const sink = new EventSink(batchRowsOf(options), check, report, rowOf(fields));
  const grid = new TickGrid(check, fields);
  const run: Run = { inputs, product, options, report, fields, sink, grid, converter: new CoinbaseConverter(sink, grid, fields), clock: new ClockCorrection(scan.headMinNs, scan.samples) };
  return { meta, batches: streamCoinbase(run), report };
}

/** The one product of the inputs, or an error listing them. */
function onlyProduct(scan: CoinbaseScan, inputs: readonly string[]): string {
  if (scan.products.length === 1) return scan.products[0];
  if (scan.products.length === 0) throw new MmlabError(`coinbase: ${inputs.join(", ")}: no product messages (no "product_id")`);
  throw new MmlabError(`coinbase: ${inputs.join(", ")} ${inputs.length === 1 ? "holds" : "hold"} ${scan.products.length} products (${scan.products.join(", ")}): choose one with --symbol`);
}

/** What the stream works with. */
interface Run {
  inputs: readonly string[];
  product: string;
  options: ImportOptions;
  report: ImportReport;
  fields: FieldParser;
  sink: EventSink;
  grid: TickGrid;
  converter: CoinbaseConverter;
  clock: ClockCorrection;
}

/** Streams the product's messages through the converter, yielding each batch as it fills. */
async function* streamCoinbase(r: Run): AsyncGenerator<EventColumns> {
  const { fields, sink, converter } = r;
  const progress = inputProgress(r.inputs, r.options);
  const others = new Set<string>();
  let messages = 0;
  for (let i = 0; i < r.inputs.length; i++) {
    fields.file = r.inputs[i];
    const lines = readLines(r.inputs[i], progress(i));
    try {
      for await (const { text, number } of lines) {
        fields.row = number;
        const line = parseCoinbaseLine(text);
        if (line.kind === "connect") converter.connect();
        if (line.kind !== "message") {
          if (line.kind === "unknown" && text.trim() !== "") {
            fields.fail(undefined, `not a Coinbase message: expected a JSON object or a cryptofeed line "<epoch seconds>: <json>", found ${JSON.stringify(text.slice(0, 60))}`);
          }
          continue;
        }
        const id = productIdOf(line.json);
        if (id !== r.product) {
          if (id !== undefined) others.add(id);
          continue;
        }
        const m = parseMessage(fields, line.json);
        if (m.product_id !== r.product) continue;
        messages++;
        converter.message(m, line.localText === undefined ? undefined : receiveTime(r, line.localText, m));
        yield* sink.takeReady();
      }
    } finally {
      await lines.return(undefined);
    }
  }
  if (messages === 0) {
    const there = others.size > 0 ? `; products there: ${[...others].join(", ")}` : "";
    throw new MmlabError(`coinbase: no messages of ${r.product} in ${r.inputs.join(", ")}${there}`);
  }
  converter.finish(r.report);
  r.report.notes.push(...r.clock.notes());
  const coarse = r.grid.coarseNote();
  if (coarse !== undefined) r.report.notes.push(coarse);
  sink.finish();
  yield* sink.takeReady();
}

/** A captured message's receive time, corrected for the host's clock (which the message's time informs). */
function receiveTime(r: Run, localText: string, m: Record<string, unknown>): bigint {
  const local = secondsToEpochNs(localText);
  if (local === undefined) return r.fields.fail("receive time", `not epoch seconds: ${JSON.stringify(localText)}`);
  if (m.type === "l2update" || m.type === "match") r.clock.observe(local, messageTimeNs(r.fields, m));
  return r.clock.apply(local);
}
