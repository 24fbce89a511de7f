import { writeFileSync } from "node:fs";
import { namingFile } from "./systemError.ts";

/** writeFileSync whose failures name the file: Node's write errors name none ("ENOSPC: …, write"). */
export function writeFileNamed(path: string, data: string | NodeJS.ArrayBufferView): void {
  namingFile(path, () => writeFileSync(path, data));
}
