/** Where a progress bar draws and when it is on. */
export interface ProgressBarOptions {
  /** Shown after the percentage (e.g. "of the data"). */
  unit?: string;
  /** Off with --json: a script reads the output, nobody watches the bar. */
  quiet?: boolean;
  /** Default: on when stderr is a terminal and not in CI (and not quiet). */
  enabled?: boolean;
  /** Default: process.stderr. */
  write?: (text: string) => void;
  /** Milliseconds, for the throttle and the ETA (default performance.now). */
  now?: () => number;
}

/** Whether progress is drawn by default: stderr is a terminal, not in CI, not --json. */
export function progressWanted(quiet = false): boolean {
  return !quiet && Boolean(process.stderr.isTTY) && !process.env.CI;
}

/**
 * A one-line progress bar on stderr, drawn only on a terminal (not in CI, not with --json) and at
 * most every 100 ms. `log` prints a line above it (a finished step) and draws the bar again.
 */
export class ProgressBar {
  private lastDrawMs = -Infinity;
  private startMs = NaN;
  private last: { done: number; detail: string } | undefined;
  readonly enabled: boolean;
  private readonly write: (text: string) => void;
  private readonly now: () => number;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly options: ProgressBarOptions = {},
  ) {
    this.enabled = options.enabled ?? progressWanted(options.quiet);
    this.write = options.write ?? ((text) => process.stderr.write(text));
    this.now = options.now ?? (() => performance.now());
  }

  /** Redraws the bar at `done` of `total` (throttled). */
  update(done: number, detail = ""): void {
    if (!this.enabled) return;
    const t = this.now();
    if (Number.isNaN(this.startMs)) this.startMs = t;
    this.last = { done, detail };
    if (t - this.lastDrawMs < 100) return;
    this.lastDrawMs = t;
    this.write(`\r${this.line(done, detail, t)}\x1b[K`);
  }

  /** The bar's text at `done` of `total`, `t` ms (ETA once some is done, else the time so far). */
  private line(done: number, detail: string, t: number): string {
    const fraction = this.total > 0 ? Math.max(0, Math.min(1, done / this.total)) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const elapsedS = (t - this.startMs) / 1000;
    const etaS = fraction > 0 ? elapsedS * (1 / fraction - 1) : NaN;
    const time = Number.isFinite(etaS) ? ` ETA ${seconds(etaS)}` : elapsedS >= 1 ? ` ${seconds(elapsedS)}` : "";
    const unit = this.options.unit ? " " + this.options.unit : "";
    return `${this.label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}%${unit}${detail ? " " + detail : ""}${time}`;
  }

  /** Prints `text` as a line of its own above the bar, then draws the bar again (nothing when the bar is off). */
  log(text: string): void {
    if (!this.enabled) return;
    this.write(`\r\x1b[K${text}\n`);
    if (this.last === undefined) return;
    this.lastDrawMs = -Infinity;
    this.update(this.last.done, this.last.detail);
  }

  /** Clears the bar line. */
  done(): void {
    if (this.enabled) this.write("\r\x1b[K");
  }
}

function seconds(s: number): string {
  return s < 60 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`;
}
