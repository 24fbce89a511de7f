/** A one-line progress bar on stderr, drawn only on a terminal and at most every 100 ms. */
export class ProgressBar {
  private lastDrawMs = 0;
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
    if (t - this.lastDrawMs < 100) return;
    this.lastDrawMs = t;
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    process.stderr.write(`\r${this.label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}%${this.unit ? " " + this.unit : ""} ${detail}\x1b[K`);
  }

  /** Clears the bar line. */
  done(): void {
    if (this.enabled) process.stderr.write("\r\x1b[K");
  }
}
