import type { Side } from "../core/side.ts";

/** Life of one of our orders as the engine knows it. */
export const OrderStatus = {
  PENDING_NEW: 1,
  OPEN: 2,
  PENDING_CANCEL: 3,
  FILLED: 4,
  CANCELLED: 5,
  REJECTED: 6,
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** One order on the engine side. */
export interface Order {
  id: number;
  side: Side;
  priceTicks: number;
  qty: number;
  filledQty: number;
  status: OrderStatus;
  submittedAtNs: number;
  /** side·(mid at placement − price), ticks. */
  halfSpreadAtPlacementTicks: number;
}

/** True once nothing more can happen to the order. */
export function isFinal(status: OrderStatus): boolean {
  return status === OrderStatus.FILLED || status === OrderStatus.CANCELLED || status === OrderStatus.REJECTED;
}
