import seedrandom from "seedrandom";

/**
 * A seeded random source (Alea). Components never share one: each takes its own stream with
 * `fork(label)`, derived from the seed and the label only, so adding a component never shifts
 * another component's draws.
 */
export class Rng {
  // Alea's state, seeded by seedrandom and stepped here with seedrandom's arithmetic (the same
  // numbers): fields and a method, not a closure over an object, so that a draw inlines where it
  // is used. Numbers from the start, so that the fields are updated in place.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private c = 0;
  private spareNormal = NaN;
  private firstNormal = 0;

  constructor(readonly seed: string) {
    const state = seedrandom.alea(seed, { state: true }).state();
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }

  /** A stream of its own for the component named `label`. */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`);
  }

  /** Uniform on [0, 1). */
  next(): number {
    // seedrandom's Alea step (lib/alea.js), term for term.
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }

  /** Standard normal (Marsaglia polar method; the second value is kept for the next call). */
  normal(): number {
    const spare = this.spareNormal;
    if (!Number.isNaN(spare)) {
      this.spareNormal = NaN;
      return spare;
    }
    this.drawNormalPair();
    return this.firstNormal;
  }

  /**
   * Draws the next pair of normals into `firstNormal` and `spareNormal`. Apart from `normal`, and
   * returning nothing: `normal` stays small enough to inline where it is drawn, and no number
   * is boxed to be returned.
   */
  private drawNormalPair(): void {
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    this.firstNormal = u * m;
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** The root random source of a run. */
export function rootRng(seed: number | string): Rng {
  return new Rng(`mmlab:${seed}`);
}
