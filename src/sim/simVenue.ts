import type { Clock } from "../core/time.ts";
import type { OrderRequest, Venue } from "../venue/venue.ts";
import type { LatencyModel } from "./latency/latencyModel.ts";
import type { RequestMessage } from "./messages.ts";
import { TimedQueue } from "./timedQueue.ts";

/**
 * The engine's Venue in a backtest: requests leave at the engine's clock time and reach the
 * simulated exchange after the entry latency. Requests travel one connection, so they arrive in
 * the order they were sent even when latencies are drawn at random.
 */
export class SimVenue implements Venue {
  readonly requests = new TimedQueue<RequestMessage>();
  private lastArrivalNs = -Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly latency: LatencyModel,
  ) {}

  submit(request: OrderRequest): void {
    this.send({ tNs: 0, kind: "new", orderId: request.orderId, side: request.side, priceTicks: request.priceTicks, qty: request.qty });
  }

  cancel(orderId: number): void {
    this.send({ tNs: 0, kind: "cancel", orderId, side: 1, priceTicks: 0, qty: 0 });
  }

  private send(message: RequestMessage): void {
    const now = this.clock.nowNs();
    const arrival = Math.max(now + this.latency.entryNs(now), this.lastArrivalNs);
    this.lastArrivalNs = arrival;
    message.tNs = arrival;
    this.requests.push(message);
  }
}
