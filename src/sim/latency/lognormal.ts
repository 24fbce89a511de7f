import { ConfigError } from "../../core/errors.ts";
import type { Rng } from "../../core/rng.ts";
import { NS_PER_MS } from "../../core/time.ts";
import type { LatencyModel } from "./latencyModel.ts";

/** Parameters of {@link LognormalLatency}, named as in the config (`sim.latency`). */
export interface LognormalLatencyOptions {
  /** Median entry latency (ms), e^μ of the lognormal body; > 0. */
  entry_median_ms: number;
  /** Standard deviation σ of ln(entry latency); ≥ 0 (0 = always the median, spikes aside). */
  entry_log_std: number;
  response_median_ms: number;
  response_log_std: number;
  /** Probability that one draw carries a spike; in [0, 1]. */
  spike_prob: number;
  /** Mean of the spike's extra delay (ms), exponentially distributed; ≥ 0. */
  spike_mean_ms: number;
}

/**
 * Seeded stochastic latency (docs/fills-and-queues.md). Each draw, for entry and response separately:
 *
 *   latency = median · exp(σ · Z)              Z ~ N(0, 1)        (lognormal body)
 *           + [U < spike_prob] · S             S ~ Exponential(mean = spike_mean_ms)
 *
 * i.e. with probability `spike_prob` an extra delay S is ADDED to the body (a congested link,
 * a GC pause, a matching-engine hiccup). The exponential was chosen over a Pareto because its one
 * parameter (the mean) reads directly as "how bad a spike is on average" and its tail is bounded
 * enough that a single draw cannot stall a backtest for hours; heavier tails can be modelled with
 * a recorded series. Results are whole nanoseconds (rounded).
 *
 * Streams: entry draws come from `rng.fork("latency-entry")`, response draws from
 * `rng.fork("latency-response")`, so the number of requests never shifts the response draws and
 * vice versa. Per draw each stream consumes, in this order: one uniform (spike or not), one
 * normal, and one uniform more only when it spikes. FIFO delivery is enforced by the callers
 * (SimVenue, Simulator), not here.
 */
export class LognormalLatency implements LatencyModel {
  private readonly entry: LognormalLeg;
  private readonly response: LognormalLeg;

  constructor(options: LognormalLatencyOptions, rng: Rng) {
    const o = options;
    check("entry_median_ms", o.entry_median_ms, o.entry_median_ms > 0, "must be > 0 (median order entry latency, ms)");
    check("entry_log_std", o.entry_log_std, o.entry_log_std >= 0, "must be ≥ 0 (standard deviation of ln(latency))");
    check("response_median_ms", o.response_median_ms, o.response_median_ms > 0, "must be > 0 (median response latency, ms)");
    check("response_log_std", o.response_log_std, o.response_log_std >= 0, "must be ≥ 0 (standard deviation of ln(latency))");
    check("spike_prob", o.spike_prob, o.spike_prob >= 0 && o.spike_prob <= 1, "must be in [0, 1] (probability of a spike per draw)");
    check("spike_mean_ms", o.spike_mean_ms, o.spike_mean_ms >= 0, "must be ≥ 0 (mean extra delay of a spike, ms)");
    this.entry = new LognormalLeg(rng.fork("latency-entry"), o.entry_median_ms, o.entry_log_std, o.spike_prob, o.spike_mean_ms);
    this.response = new LognormalLeg(rng.fork("latency-response"), o.response_median_ms, o.response_log_std, o.spike_prob, o.spike_mean_ms);
  }

  entryNs(_tNs: number): number {
    return this.entry.draw();
  }

  responseNs(_tNs: number): number {
    return this.response.draw();
  }
}

/** One direction's draws: its own stream and parameters (ns). */
class LognormalLeg {
  private readonly medianNs: number;
  private readonly spikeMeanNs: number;

  constructor(
    private readonly rng: Rng,
    medianMs: number,
    private readonly logStd: number,
    private readonly spikeProb: number,
    spikeMeanMs: number,
  ) {
    this.medianNs = medianMs * NS_PER_MS;
    this.spikeMeanNs = spikeMeanMs * NS_PER_MS;
  }

  draw(): number {
    const rng = this.rng;
    const spike = rng.next() < this.spikeProb;
    let ns = this.medianNs * Math.exp(this.logStd * rng.normal());
    if (spike) ns -= this.spikeMeanNs * Math.log(1 - rng.next());
    return Math.round(ns);
  }
}

function check(field: string, value: number, ok: boolean, rule: string): void {
  if (!ok || !Number.isFinite(value)) throw new ConfigError(`sim.latency.${field}`, value, rule);
}
