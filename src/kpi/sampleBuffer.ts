/** An append-only, growable Float64Array: stores many samples without one allocation per sample. */
export class SampleBuffer {
  private data: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(1, initialCapacity));
  }

  /** Appends one sample (amortised O(1): the storage doubles when full). */
  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  /** Number of samples stored. */
  get length(): number {
    return this.size;
  }

  /** A view of the stored samples (shares memory; valid until the next push). */
  view(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}
