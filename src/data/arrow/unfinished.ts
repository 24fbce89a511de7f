import type fs from "node:fs";
import { Message, MessageHeader, RecordBatchReader, type RecordBatch, type Schema } from "apache-arrow";

/** Where one IPC message lies in a file: its metadata (prefix, flatbuffer, padding) then its body. */
export interface MessageBlock {
  offset: number;
  metaDataLength: number;
  bodyLength: number;
}

/** What a file that ended without its footer holds (see IN_PLACE_METADATA_KEY, data/arrow/writer.ts). */
export interface UnfinishedFile {
  /** Complete record batches read. */
  batches: number;
  /** Bytes after the last complete message: a message cut off by the end of the file (0: none). */
  droppedBytes: number;
}

/** The messages of an IPC file read in order from its start, without its footer. */
export interface MessageScan {
  schema: Schema;
  /** The schema message (to decode a batch on its own). */
  schemaBlock: MessageBlock;
  batches: MessageBlock[];
  unfinished: UnfinishedFile;
}

/** Leading magic plus padding to 8 bytes. */
const HEAD_BYTES = 8;
/** Bytes read at a time while scanning: many small messages per read. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads an Arrow IPC file's messages one after the other from after its leading magic, as a stream
 * reader would (the writer puts the schema message there: data/arrow/writer.ts), up to the
 * end-of-stream marker, the footer or the end of the file: the schema and every complete record
 * batch. A message cut off by the end of the file is left out and counted. Returns why not, as
 * text, when not even the schema message is complete or a message other than a record batch follows.
 */
export async function scanMessages(handle: fs.promises.FileHandle, size: number): Promise<MessageScan | string> {
  const chunk = new ChunkReader(handle, size);
  let schema: Schema | undefined;
  let schemaBlock: MessageBlock | undefined;
  const batches: MessageBlock[] = [];
  let at = HEAD_BYTES;
  /** Bytes of a message the end of the file cut off. */
  let dropped = 0;
  for (;;) {
    const prefix = await chunk.bytes(at, 8);
    if (prefix === undefined) {
      dropped = size - at; // the end of the file, possibly inside a message prefix
      break;
    }
    // A continuation marker (0xFFFFFFFF, absent before Arrow 0.15), then the metadata length.
    let start = at + 4;
    let length = prefix.readInt32LE(0);
    if (length === -1) {
      length = prefix.readInt32LE(4);
      start = at + 8;
    }
    if (length === 0) break; // end-of-stream marker: the footer follows (or was cut off): every batch is there
    if (length < 0) return stop(schema, `bad message length ${length} at byte ${at}`);
    const metadata = await chunk.bytes(start, length);
    if (metadata === undefined) {
      dropped = size - at;
      break;
    }
    let message: Message;
    try {
      message = Message.decode(metadata);
    } catch (err) {
      return stop(schema, `message at byte ${at}: ${(err as Error).message}`);
    }
    const block: MessageBlock = { offset: at, metaDataLength: start + length - at, bodyLength: Number(message.bodyLength) };
    const end = at + block.metaDataLength + block.bodyLength;
    if (end > size) {
      dropped = size - at;
      break;
    }
    if (schema === undefined) {
      if (message.headerType !== MessageHeader.Schema) return `the first message is not a schema (${MessageHeader[message.headerType]})`;
      schema = message.header() as Schema;
      schemaBlock = block;
    } else if (message.headerType === MessageHeader.RecordBatch) {
      batches.push(block);
    } else {
      return `message at byte ${at}: ${MessageHeader[message.headerType]} (only record batches are read from an unfinished file)`;
    }
    at = end;
  }
  if (schema === undefined || schemaBlock === undefined) return "not even the schema message is complete";
  return { schema, schemaBlock, batches, unfinished: { batches: batches.length, droppedBytes: dropped } };

  function stop(found: Schema | undefined, why: string): string {
    return found === undefined ? why : `${why}, after ${batches.length} record batches`;
  }
}

/** Decodes record batch `block` of a file scanned by scanMessages (schema message and batch read as a stream of two). */
export async function readScannedBatch(handle: fs.promises.FileHandle, scan: MessageScan, block: MessageBlock): Promise<RecordBatch | null> {
  const schemaLength = scan.schemaBlock.metaDataLength + scan.schemaBlock.bodyLength;
  const batchLength = block.metaDataLength + block.bodyLength;
  const bytes = Buffer.alloc(schemaLength + batchLength);
  await handle.read(bytes, 0, schemaLength, scan.schemaBlock.offset);
  await handle.read(bytes, schemaLength, batchLength, block.offset);
  const reader = RecordBatchReader.from(bytes);
  for (const batch of reader) return batch;
  return null;
}

/** Reads ranges of a file through one buffer refilled a chunk at a time. */
class ChunkReader {
  private buffer = Buffer.alloc(0);
  private start = 0;

  constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly size: number,
  ) {}

  /** The `length` bytes at `position`, or undefined when the file ends before them. */
  async bytes(position: number, length: number): Promise<Buffer | undefined> {
    if (position + length > this.size) return undefined;
    const offset = position - this.start;
    if (offset < 0 || offset + length > this.buffer.byteLength) {
      const want = Math.min(Math.max(CHUNK_BYTES, length), this.size - position);
      const buffer = Buffer.allocUnsafe(want);
      const { bytesRead } = await this.handle.read(buffer, 0, want, position);
      this.buffer = buffer.subarray(0, bytesRead);
      this.start = position;
      if (bytesRead < length) return undefined;
      return this.buffer.subarray(0, length);
    }
    return this.buffer.subarray(offset, offset + length);
  }
}
