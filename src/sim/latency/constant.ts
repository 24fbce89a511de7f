import { NS_PER_MS } from "../../core/time.ts";
import type { LatencyModel } from "./latencyModel.ts";

/** Fixed entry and response latencies. */
export class ConstantLatency implements LatencyModel {
  private readonly entry: number;
  private readonly response: number;
  constructor(entryMs: number, responseMs: number) {
    this.entry = entryMs * NS_PER_MS;
    this.response = responseMs * NS_PER_MS;
  }
  entryNs(_tNs: number): number {
    return this.entry;
  }
  responseNs(_tNs: number): number {
    return this.response;
  }
}
