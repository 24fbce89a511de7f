import { watchFile, unwatchFile } from "node:fs";
import type { MmConfig } from "./schema.ts";
import { loadConfigFile } from "./load.ts";

/** What happened to one change of the watched file. */
export type ReloadOutcome = { ok: true; config: MmConfig } | { ok: false; error: string };

/**
 * Hot reload (README: The V1 strategy): watches a config file; each change is read and validated
 * (schema, bounds, rules between fields; loadConfigFile) and reported to `onOutcome`, valid or
 * not; it logs nothing itself. Validity is not the whole check: the receiver builds the engine's
 * parts from a valid config (engine/configCheck.ts, as PaperSession.reloadConfig does) before it
 * says "reloaded", and keeps the config in force otherwise. Polls the file's mtime, which works
 * on every filesystem and editor (atomic renames included).
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
