import { MmlabError } from "../../core/errors.ts";
import { openEventReader } from "../arrow/reader.ts";
import { finerSizeGrid, GridCheck, type RowRef } from "../gridCheck.ts";
import type { EventColumns } from "../schema.ts";
import { ColumnsBuilder } from "./columnsBuilder.ts";
import { emptyReport, type Importer } from "./importer.ts";

/** mmlab's own event files (.arrow) as a source, so `convert` can turn them into Parquet or .npz. */
export const arrowImporter: Importer = {
  description: "mmlab event files (.arrow)",
  async open(inputs, options) {
    if (inputs.length !== 1) throw new MmlabError("--from arrow: give exactly one event file");
    const reader = await openEventReader(inputs[0]);
    const meta = { ...reader.meta, symbol: options.symbol ?? reader.meta.symbol };
    const report = emptyReport();
    const at: RowRef = { file: inputs[0], row: 0 };
    // The file's own grid; the builder holds the rows to it (and snaps them with --snap-to-grid).
    const sizeGrid = finerSizeGrid(reader.grid.sizeStep, meta.lotSize);
    const grid = new GridCheck(meta.tickSize, meta.lotSize, options.snapToGrid ?? false, sizeGrid);
    const builder = new ColumnsBuilder(options.batchRows ?? 65536, grid, report, () => at);
    let rowBase = 0;
    async function* batches(): AsyncGenerator<EventColumns> {
      try {
        for await (const c of reader.batches({ grid: false })) {
          for (let i = 0; i < c.length; i++) {
            at.row = rowBase + i;
            builder.push(c.exchTs[i], c.localTs[i], c.kind[i], c.side[i], c.price[i], c.qty[i], c.orderId[i]);
            if (i + 1 === c.length || c.exchTs[i + 1] !== c.exchTs[i]) builder.checkCrossed();
            if (builder.full()) yield builder.take();
          }
          rowBase += c.length;
        }
        if (builder.pending() > 0) yield builder.take();
      } finally {
        await reader.close();
      }
    }
    return { meta, batches: batches(), report, ...(sizeGrid === undefined ? {} : { sizeGrid }) };
  },
};
