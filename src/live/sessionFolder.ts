import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { MmlabError } from "../core/errors.ts";
import { namingFile } from "../core/systemError.ts";
import { writeFileNamed } from "../core/writeFileNamed.ts";

/** Log lines kept while the folder does not exist yet (a feed that never connects logs a retry every few seconds). */
const MAX_HELD_LINES = 10_000;

/**
 * A paper session's folder, written in place rather than renamed into place at the end as a run
 * folder is: what a session records must survive its process (a SIGKILL, a full disk). It is
 * created when the first market data arrives, so a session that never received any leaves nothing
 * behind; its log lines from before are held until then. `kpis.json` and `feed.json` are written
 * last, each atomically: a folder without them is an unfinished session, which `mmlab runs` lists
 * and leaves alone.
 */
export class SessionFolder {
  private created = false;
  private held: string[] = [];
  private heldDropped = 0;
  private logFailed = false;

  /**
   * `path` is refused now if it holds anything, unless `replace` (then it is replaced when the
   * folder is created). A failed log write goes to `onWriteError`, once: the log never throws.
   */
  constructor(
    readonly path: string,
    private readonly replace: boolean,
    private readonly onWriteError: (error: unknown) => void,
  ) {
    if (!replace) this.refuseExisting("already exists; choose another --out or pass --force to replace it");
  }

  /** Path of a file in the folder. */
  file(name: string): string {
    return join(this.path, name);
  }

  /** True once the folder was created (the session recorded something). */
  get exists(): boolean {
    return this.created;
  }

  /** Creates the folder (replacing an existing one when asked) and writes the log lines held so far. */
  create(): void {
    if (this.created) return;
    if (this.replace) rmSync(this.path, { recursive: true, force: true });
    else this.refuseExisting("appeared while waiting for market data; not replaced");
    namingFile(this.path, () => mkdirSync(this.path, { recursive: true }));
    this.created = true;
    const held = this.held;
    this.held = [];
    if (this.heldDropped > 0) this.appendLog(`(${this.heldDropped} earlier log lines were not kept)`);
    for (const line of held) this.appendLog(line);
  }

  /** Appends a line to paper.log, or holds it until the folder exists. Never throws. */
  appendLog(line: string): void {
    if (!this.created) {
      if (this.held.length >= MAX_HELD_LINES) {
        this.held.shift();
        this.heldDropped++;
      }
      this.held.push(line);
      return;
    }
    if (this.logFailed) return;
    const path = this.file("paper.log");
    try {
      namingFile(path, () => appendFileSync(path, line + "\n"));
    } catch (e) {
      this.logFailed = true;
      this.onWriteError(e);
    }
  }

  /** Writes a JSON file of the folder atomically (a temp file renamed over it). */
  writeJson(name: string, value: unknown): void {
    const path = this.file(name);
    const tmp = `${path}.tmp-${process.pid}`;
    try {
      writeFileNamed(tmp, JSON.stringify(value, null, 2) + "\n");
      namingFile(path, () => renameSync(tmp, path));
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  private refuseExisting(why: string): void {
    if (existsSync(this.path) && readdirSync(this.path).length > 0) throw new MmlabError(`output folder ${this.path} ${why}`);
  }
}
