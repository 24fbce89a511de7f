import { MmlabError } from "../core/errors.ts";
import { environmentErrorText, isEnvironmentError } from "../core/systemError.ts";

/**
 * The one-line error of a session whose recording failed (`e`, e.g. ENOSPC writing the session file
 * at `sessionPath`): what failed, and what is left: the rows already written, readable and
 * replayable up to the last complete batch.
 */
export function writeFault(sessionPath: string, e: unknown, rowsWritten: number): MmlabError {
  const what = isEnvironmentError(e) ? environmentErrorText(e) : e instanceof Error ? e.message : String(e);
  if (rowsWritten === 0) return new MmlabError(`paper: ${what}; the session stopped before it recorded anything`);
  const rows = rowsWritten.toLocaleString("en-US");
  return new MmlabError(
    `paper: ${what}; the session stopped: ${sessionPath} keeps the ${rows} rows written before, up to its last complete batch (replay: mmlab backtest --data ${sessionPath})`,
  );
}
