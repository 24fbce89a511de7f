/**
 * A fixed-size ring of the latest values with their running sum and sum of squares. The sums are
 * recomputed from the ring once per full turn, so float drift stays bounded on long runs.
 */
export class RollingWindow {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;
  private sum = 0;
  private sumSq = 0;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }

  /** Adds a value, dropping the oldest once the ring is full. */
  push(x: number): void {
    const old = this.values[this.next];
    this.values[this.next] = x;
    if (this.filled === this.size) {
      this.sum += x - old;
      this.sumSq += x * x - old * old;
    } else {
      this.filled++;
      this.sum += x;
      this.sumSq += x * x;
    }
    this.next++;
    if (this.next === this.size) {
      this.next = 0;
      this.resum();
    }
  }

  /** Number of values held (≤ size). */
  count(): number {
    return this.filled;
  }

  /** Sum of the values held. */
  total(): number {
    return this.sum;
  }

  /** Mean of the values held (0 when empty). */
  mean(): number {
    return this.filled === 0 ? 0 : this.sum / this.filled;
  }

  /** Population standard deviation of the values held (0 when fewer than two). */
  std(): number {
    if (this.filled < 2) return 0;
    const m = this.sum / this.filled;
    const v = this.sumSq / this.filled - m * m;
    return v > 0 ? Math.sqrt(v) : 0;
  }

  private resum(): void {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < this.filled; i++) {
      const x = this.values[i];
      s += x;
      s2 += x * x;
    }
    this.sum = s;
    this.sumSq = s2;
  }
}
