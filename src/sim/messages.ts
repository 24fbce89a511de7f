import type { Side } from "../core/side.ts";
import type { FillReport, RejectReason } from "../venue/venue.ts";

/** A request on its way from the strategy to the exchange. */
export interface RequestMessage {
  tNs: number;
  kind: "new" | "cancel";
  orderId: number;
  side: Side;
  priceTicks: number;
  qty: number;
}

/** An answer on its way from the exchange to the strategy (a fill carries the venue's FillReport). */
export type ResponseMessage =
  | { tNs: number; kind: "ack"; orderId: number }
  | { tNs: number; kind: "reject"; orderId: number; reason: RejectReason }
  | { tNs: number; kind: "cancelAck"; orderId: number }
  | { tNs: number; kind: "cancelReject"; orderId: number }
  | ({ tNs: number; kind: "fill" } & FillReport);
