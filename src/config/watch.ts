import { watchFile, unwatchFile } from "node:fs";
import type { MmConfig } from "./schema.ts";
import { loadConfigFile } from "./load.ts";

/** What happened to one change of the watched file. */
export type ReloadOutcome = { ok: true; config: MmConfig } | { ok: false; error: string };

/**
 * Hot reload (README: The V1 strategy): watches a config file; each change is validated. A valid config is
 * handed to `onValid` (the engine applies it at its next step); an invalid one is reported to
 * `onInvalid` and the config in force stays. Polls the file's mtime, which works on every
 * filesystem and editor (atomic renames included).
 */
export class ConfigWatcher {
  private stopped = false;

  constructor(
    private readonly path: string,
    private readonly overrides: readonly string[],
    private readonly onOutcome: (outcome: ReloadOutcome) => void,
    private readonly intervalMs = 250,
  ) {}

  /** Starts watching. */
  start(): void {
    watchFile(this.path, { interval: this.intervalMs, persistent: false }, (curr, prev) => {
      if (this.stopped || curr.mtimeMs === prev.mtimeMs) return;
      this.onOutcome(this.reload());
    });
  }

  /** Reads and validates the file now. */
  reload(): ReloadOutcome {
    try {
      return { ok: true, config: loadConfigFile(this.path, this.overrides) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Stops watching. */
  stop(): void {
    this.stopped = true;
    unwatchFile(this.path);
  }
}
