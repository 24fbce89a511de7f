import seedrandom from "seedrandom";

/**
 * A seeded random source (Alea). Components never share one: each takes its own stream with
 * `fork(label)`, derived from the seed and the label only, so adding a component never shifts
 * another component's draws.
 */
export class Rng {
  private readonly source: () => number;
  private spareNormal = NaN;

  constructor(readonly seed: string) {
    this.source = seedrandom.alea(seed);
  }

  /** A stream of its own for the component named `label`. */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`);
  }

  /** Uniform on [0, 1). */
  next(): number {
    return this.source();
  }

  /** Standard normal (Marsaglia polar method; the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.source() - 1;
      v = 2 * this.source() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    return -Math.log(1 - this.source()) / rate;
  }

  /** Integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.source() * n);
  }
}

/** The root random source of a run. */
export function rootRng(seed: number | string): Rng {
  return new Rng(`mmlab:${seed}`);
}
