import type { FillRecord } from "../../src/kpi/types.ts";

/** A FillRecord with neutral defaults (buy 1 @ 1000 ticks at t = 0, no fee), overridden by `fields`. */
export function makeFill(fields: Partial<FillRecord>): FillRecord {
  return {
    tNs: 0,
    exchTNs: fields.tNs ?? 0,
    orderId: 1,
    side: 1,
    priceTicks: 1000,
    qty: 1,
    feeQuote: 0,
    isMaker: true,
    rule: 1,
    midAtFillTicks: 1000,
    halfSpreadAtPlacementTicks: 1,
    ...fields,
  };
}

/** A fee assumption for trackers whose fills carry their fees by hand. */
export const TEST_FEES = { schedule: "custom", makerBps: 0, takerBps: 0 } as const;
