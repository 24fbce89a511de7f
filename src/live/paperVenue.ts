import type { Clock } from "../core/time.ts";
import type { OrderRequest, Venue } from "../venue/venue.ts";
import type { SimVenue } from "../sim/simVenue.ts";
import type { SessionRows } from "./sessionRows.ts";

/**
 * The paper venue: the engine's orders never leave the process. They go to the simulator's own
 * venue (entry latency → simulated exchange with the configured queue and fill models, against
 * the live book and trades), and each one is recorded in the session file. No API key, no
 * exchange endpoint: there is no code path that sends an order anywhere.
 */
export class PaperVenue implements Venue {
  constructor(
    private readonly simulated: SimVenue,
    private readonly rows: SessionRows,
    private readonly clock: Clock,
  ) {}

  submit(request: OrderRequest): void {
    this.rows.request(this.clock.nowNs(), { kind: "new", orderId: request.orderId, side: request.side, priceTicks: request.priceTicks, qty: request.qty });
    this.simulated.submit(request);
  }

  cancel(orderId: number): void {
    this.rows.request(this.clock.nowNs(), { kind: "cancel", orderId, side: 1, priceTicks: 0, qty: 0 });
    this.simulated.cancel(orderId);
  }
}
