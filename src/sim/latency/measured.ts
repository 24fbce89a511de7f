import { NS_PER_MS } from "../../core/time.ts";
import type { LatencyModel } from "./latencyModel.ts";
import type { RoundTripLog } from "../../data/roundTripLog.ts";

/**
 * Latency from a live connection's measured round trips: each leg (entry, response) takes half
 * the latest round trip measured at or before its time, so an order's submit → ack takes one
 * round trip. Before the first measurement each leg takes `fallbackMs`.
 */
export class MeasuredLatency implements LatencyModel {
  private readonly fallbackNs: number;

  constructor(
    private readonly roundTrips: RoundTripLog,
    fallbackMs: number,
  ) {
    this.fallbackNs = fallbackMs * NS_PER_MS;
  }

  entryNs(tNs: number): number {
    return this.leg(tNs);
  }

  responseNs(tNs: number): number {
    return this.leg(tNs);
  }

  private leg(tNs: number): number {
    const rtt = this.roundTrips.latestAt(tNs);
    return Number.isNaN(rtt) ? this.fallbackNs : rtt / 2;
  }
}
