import { createReadStream } from "node:fs";
import { withPath } from "../../core/systemError.ts";

/** The bytes of a file, chunk by chunk; a read error names the file (read(2) errors name none). */
export async function* fileChunks(path: string, highWaterMark: number): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    throw withPath(e, path);
  } finally {
    stream.destroy();
  }
}
