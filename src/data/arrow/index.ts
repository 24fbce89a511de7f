export { decodeMeta, encodeMeta, eventSchema } from "./metadata.ts";
export { openEventReader, readAllEvents, readMeta, type EventReader } from "./reader.ts";
export { readArrowTable, writeArrowTable, type ArrowTable, type TableColumn } from "./table.ts";
export { openEventWriter, writeEventFile, type EventWriter } from "./writer.ts";
