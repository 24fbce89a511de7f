import type { CaptureConverter } from "../data/importers/binance/captureConverter.ts";
import { ControlCode, SessionKind } from "../data/sessionKinds.ts";
import type { ResponseMessage } from "../sim/messages.ts";
import type { RequestMessage } from "../sim/messages.ts";

/**
 * Writes a paper session's own rows (see SessionKind: heartbeats, round trips, controls and the
 * records of order actions) into the session's one stream, through the converter that writes its
 * market data, so every row shares one exch_ts order and one clock. Times come in two forms:
 * raw wall-clock epoch ns (what the session measures) or ns since the origin (engine time).
 */
export class SessionRows {
  constructor(
    private readonly converter: CaptureConverter,
    private readonly originNs: bigint,
    private readonly tickSize: number,
  ) {}

  /** Time passes at raw local time `rawNs`; the exchange side may advance to `rawNs − exchangeLagNs`. */
  heartbeat(rawNs: bigint, exchangeLagNs: bigint): void {
    const local = this.converter.correctedLocalNs(rawNs);
    this.converter.sessionRow(rawNs, SessionKind.HEARTBEAT, 0, 0, 0, 0, local - exchangeLagNs);
  }

  /** A round trip of `roundTripNs` measured at raw local time `rawNs`; returns its engine time. */
  roundTrip(rawNs: bigint, roundTripNs: number): number {
    this.converter.sessionRow(rawNs, SessionKind.ROUND_TRIP, 0, 0, roundTripNs);
    return this.engineTimeNs(rawNs);
  }

  /** An instruction to the engine at raw local time `rawNs` (HALT, or CONFIG number `argument`). */
  control(rawNs: bigint, code: ControlCode, argument = 0): void {
    this.converter.sessionRow(rawNs, SessionKind.CONTROL, code, 0, argument);
  }

  /** A request the engine sent at engine time `tNs`. */
  request(tNs: number, m: Pick<RequestMessage, "kind" | "orderId" | "side" | "priceTicks" | "qty">): void {
    const kind = m.kind === "new" ? SessionKind.ORDER_NEW : SessionKind.ORDER_CANCEL;
    this.record(tNs, kind, m.side, m.priceTicks, m.qty, m.orderId);
  }

  /** An answer the paper venue produced at exchange time `m.tNs`. */
  answer(m: ResponseMessage): void {
    switch (m.kind) {
      case "ack":
        return this.record(m.tNs, SessionKind.ORDER_ACK, 0, 0, 0, m.orderId);
      case "reject":
        return this.record(m.tNs, SessionKind.ORDER_REJECT, 0, 0, m.reason, m.orderId);
      case "cancelAck":
        return this.record(m.tNs, SessionKind.CANCEL_ACK, 0, 0, 0, m.orderId);
      case "cancelReject":
        return this.record(m.tNs, SessionKind.CANCEL_REJECT, 0, 0, 0, m.orderId);
      case "fill":
        return this.record(m.tNs, SessionKind.ORDER_FILL, 0, m.priceTicks, m.qty, m.orderId);
    }
  }

  /** Engine time (ns since the origin) of raw local time `rawNs`. */
  engineTimeNs(rawNs: bigint): number {
    return Number(this.converter.correctedLocalNs(rawNs) - this.originNs);
  }

  private record(tNs: number, kind: number, side: number, priceTicks: number, qty: number, orderId: number): void {
    // Engine times are already corrected: hand the converter the raw time that maps to them.
    const raw = this.originNs + BigInt(Math.round(tNs)) - this.converter.correctedLocalNs(0n);
    this.converter.sessionRow(raw, kind, side, priceTicks * this.tickSize, qty, orderId);
  }
}
