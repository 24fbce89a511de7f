/**
 * Order latency (docs/fills-and-queues.md): how long a request takes to reach the exchange (entry) and an
 * answer to come back (response). Models draw from the stream they are given, never a global one.
 */
export interface LatencyModel {
  /** Entry latency (ns) of a request sent at local time `tNs`. */
  entryNs(tNs: number): number;
  /** Response latency (ns) of an answer produced at exchange time `tNs`. */
  responseNs(tNs: number): number;
}
