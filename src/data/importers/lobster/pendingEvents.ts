/**
 * The events one LOBSTER message turns into, waiting to be copied into the batch builder (a
 * message can make several events, and the builder must be drained between pushes). The arrays
 * are reused: they grow to the largest message and are cleared, not reallocated.
 */
export class PendingEvents {
  length = 0;
  readonly kind: number[] = [];
  readonly side: number[] = [];
  /** LOBSTER integer price (USD × 10000). */
  readonly price: number[] = [];
  readonly qty: number[] = [];
  readonly orderId: number[] = [];

  /** Queues one event. */
  push(kind: number, side: number, price: number, qty: number, orderId: number): void {
    const i = this.length++;
    this.kind[i] = kind;
    this.side[i] = side;
    this.price[i] = price;
    this.qty[i] = qty;
    this.orderId[i] = orderId;
  }

  /** Forgets the queued events (keeps the storage). */
  clear(): void {
    this.length = 0;
  }
}
