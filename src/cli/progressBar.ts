/** A one-line progress bar on stderr, drawn only on a terminal and at most every 100 ms. */
export class ProgressBar {
  private lastDrawMs = 0;
  private startMs = NaN;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit = "",
    private readonly now: () => number = () => performance.now(),
  ) {
    this.enabled = Boolean(process.stderr.isTTY) && !process.env.CI;
  }

  /** Redraws the bar at `done` of `total` (throttled). */
  update(done: number, detail = ""): void {
    if (!this.enabled) return;
    const t = this.now();
    if (Number.isNaN(this.startMs)) this.startMs = t;
    if (t - this.lastDrawMs < 100) return;
    this.lastDrawMs = t;
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const etaS = fraction > 0 ? ((t - this.startMs) / 1000) * (1 / fraction - 1) : NaN;
    const eta = Number.isFinite(etaS) ? ` ETA ${etaS < 60 ? `${etaS.toFixed(0)} s` : `${(etaS / 60).toFixed(1)} min`}` : "";
    process.stderr.write(`\r${this.label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}%${this.unit ? " " + this.unit : ""} ${detail}${eta}\x1b[K`);
  }

  /** Clears the bar line. */
  done(): void {
    if (this.enabled) process.stderr.write("\r\x1b[K");
  }
}
