import type { ResponseMessage } from "../../src/sim/messages.ts";

/**
 * A copy of an exchange answer with only its kind's own fields: the exchange gives every answer a
 * fill's fields too (one shape for all, see SimExchange.answer), which tests comparing whole
 * answers leave out.
 */
export function ownFields(m: ResponseMessage): ResponseMessage {
  switch (m.kind) {
    case "ack":
    case "cancelAck":
    case "cancelReject":
      return { tNs: m.tNs, kind: m.kind, orderId: m.orderId };
    case "reject":
      return { tNs: m.tNs, kind: m.kind, orderId: m.orderId, reason: m.reason };
    case "fill": {
      const { tNs, kind, orderId, priceTicks, qty, feeQuote, isMaker, rule, midAtFillTicks, exchTNs } = m;
      return { tNs, kind, orderId, priceTicks, qty, feeQuote, isMaker, rule, midAtFillTicks, exchTNs };
    }
  }
}
