import { hashView, newHasher } from "../../core/hash.ts";
import { allocEventColumns, sliceEventColumns, type DatasetMeta, type EventBatch, type EventColumns } from "../schema.ts";
import { turnEventLoop } from "../../core/eventLoop.ts";
import type { EventBatchPool } from "../batch.ts";
import { engineBatchToColumns, rowBlockToEventBatch, type RowBlock } from "./rowBlock.ts";

/**
 * The SHA-256 that names a synthetic market (its MarketData.hash): over its metadata, then each
 * batch's columns in the file schema (the columns `syntheticMarket(...).batches` yields, the bytes
 * a file of it would hold), fed the market's engine batches in order, written into one reused set
 * of columns.
 */
export class SyntheticDigest {
  private readonly hasher = newHasher();
  private fileForm: EventColumns | undefined;

  constructor(
    private readonly meta: DatasetMeta,
    private readonly originNs: bigint,
  ) {
    this.hasher.update(JSON.stringify(meta));
  }

  /** Hashes the next batch (rowBlockToEventBatch's) of the market. */
  add(batch: EventBatch): void {
    if (this.fileForm === undefined || this.fileForm.exchTs.length < batch.length) this.fileForm = allocEventColumns(batch.length);
    engineBatchToColumns(batch, this.originNs, this.meta.tickSize, this.fileForm);
    const c = sliceEventColumns(this.fileForm, batch.length);
    for (const column of [c.exchTs, c.localTs, c.kind, c.side, c.price, c.qty, c.orderId]) hashView(this.hasher, column);
  }

  /** The digest, hex (once every batch was added). */
  digest(): string {
    return this.hasher.digest("hex");
  }
}

/**
 * The engine batches of a synthetic market's row blocks from where `blocks` stands (taken from
 * `pool`, as MarketData.batches takes them), generated in this thread as they are read; `blocks`
 * stays where the reader stopped.
 */
export async function* engineBatches(blocks: Iterator<RowBlock>, pool?: EventBatchPool): AsyncGenerator<EventBatch> {
  for (let next = blocks.next(); !next.done; next = blocks.next()) {
    yield rowBlockToEventBatch(next.value, pool?.take(next.value.length));
    await turnEventLoop(); // generated in memory: let a Ctrl-C in
  }
}
