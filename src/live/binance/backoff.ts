import { ConfigError } from "../../core/errors.ts";
import type { Rng } from "../../core/rng.ts";

/** Exponential backoff with full jitter: attempt n waits uniform [0, min(maxMs, initialMs·factorⁿ)). */
export interface BackoffOptions {
  /** Cap of the first wait, ms. */
  initialMs: number;
  /** Largest cap, ms. */
  maxMs: number;
  /** Growth of the cap per failed attempt (≥ 1). */
  factor: number;
}

/**
 * The wait before retry `attempt` (0 = the first retry), ms, for a uniform draw `u` in [0, 1).
 * Full jitter (the whole interval, not just a slice of it) spreads many clients that lost the
 * same server over the window, instead of reconnecting in lockstep.
 */
export function fullJitterDelayMs(attempt: number, options: BackoffOptions, u: number): number {
  return u * backoffCapMs(attempt, options);
}

/** The upper bound of the wait before retry `attempt`: min(maxMs, initialMs·factor^attempt), ms. */
export function backoffCapMs(attempt: number, options: BackoffOptions): number {
  return Math.min(options.maxMs, options.initialMs * Math.pow(options.factor, attempt));
}

/** Throws a ConfigError naming the first invalid field of `options` (`name` prefixes the field). */
export function checkBackoffOptions(options: BackoffOptions, name = "backoff"): void {
  const { initialMs, maxMs, factor } = options;
  if (!(Number.isFinite(initialMs) && initialMs >= 0)) throw new ConfigError(`${name}.initialMs`, initialMs, "must be a finite number ≥ 0");
  if (!(Number.isFinite(maxMs) && maxMs >= initialMs)) throw new ConfigError(`${name}.maxMs`, maxMs, "must be a finite number ≥ initialMs");
  if (!(Number.isFinite(factor) && factor >= 1)) throw new ConfigError(`${name}.factor`, factor, "must be a finite number ≥ 1");
}

/** A retry counter drawing its full-jitter waits from its own seeded stream. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly rng: Rng,
  ) {
    checkBackoffOptions(options);
  }

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The wait before the next retry, ms; counts the attempt. */
  nextDelayMs(): number {
    return fullJitterDelayMs(this.attempt++, this.options, this.rng.next());
  }

  /** Back to the first, shortest wait (after a success). */
  reset(): void {
    this.attempt = 0;
  }
}
