/**
 * Published maker/taker fee tiers, in basis points of notional (1 bp = 0.01 %; negative = rebate).
 *
 * Source: Binance's fee schedule, binance.com/en/fee/schedule. Spot rates are the standard ones
 * (no BNB discount); USDⓈ-M futures rates are USDT-margined, no BNB discount. The spot
 * liquidity-provider programme (maker rebates for accepted market makers) is not a standard
 * tier, so it is not here.
 */
export const FEE_SCHEDULES = {
  /** Spot VIP 0, what a regular account pays: maker 0.1000 %, taker 0.1000 %. */
  "binance-spot-vip0": { maker_bps: 10, taker_bps: 10 },
  /** Spot VIP 9, the best standard tier: maker 0.0120 %, taker 0.0240 %. */
  "binance-spot-vip9": { maker_bps: 1.2, taker_bps: 2.4 },
  /** USDⓈ-M futures VIP 0: maker 0.0200 %, taker 0.0500 %. */
  "binance-usdm-vip0": { maker_bps: 2, taker_bps: 5 },
} as const satisfies Record<string, FeeRates>;

/** Maker and taker fees, bp of notional. */
export interface FeeRates {
  maker_bps: number;
  taker_bps: number;
}

/** A schedule of the table. */
export type NamedFeeSchedule = keyof typeof FEE_SCHEDULES;

/** The schedule of rates the user sets by hand. */
export const CUSTOM_FEE_SCHEDULE = "custom";

/** Every value `fees.schedule` may take. */
export const FEE_SCHEDULE_NAMES = [...(Object.keys(FEE_SCHEDULES) as NamedFeeSchedule[]), CUSTOM_FEE_SCHEDULE] as const;

export type FeeScheduleName = NamedFeeSchedule | typeof CUSTOM_FEE_SCHEDULE;

/** The default venue's (Binance spot) best standard tier: what a large market maker pays without a rebate deal. */
export const DEFAULT_FEE_SCHEDULE: NamedFeeSchedule = "binance-spot-vip9";

/** The fees section as a user may write it: any field may be left out. */
export interface FeesInput {
  schedule?: FeeScheduleName;
  maker_bps?: number;
  taker_bps?: number;
}

/** The fees section with every field filled in. */
export interface Fees extends FeeRates {
  schedule: FeeScheduleName;
}

/** A rate that contradicts the schedule it is given with. */
export interface FeeConflict {
  field: keyof FeeRates;
  value: number;
  rule: string;
}

const RATE_FIELDS = ["maker_bps", "taker_bps"] as const;

/**
 * Fills in the fees: rates left out come from the schedule (default DEFAULT_FEE_SCHEDULE; for
 * "custom", from the default schedule); rates given without a schedule make it "custom"; a rate
 * given with a named schedule must equal the schedule's, else the conflict is returned.
 */
export function resolveFees(input: FeesInput): Fees | FeeConflict {
  const named = input.schedule !== undefined && input.schedule !== CUSTOM_FEE_SCHEDULE ? input.schedule : undefined;
  const givesRate = RATE_FIELDS.some((f) => input[f] !== undefined);
  const schedule: FeeScheduleName = input.schedule ?? (givesRate ? CUSTOM_FEE_SCHEDULE : DEFAULT_FEE_SCHEDULE);
  const base = FEE_SCHEDULES[named ?? DEFAULT_FEE_SCHEDULE];
  for (const field of RATE_FIELDS) {
    const value = input[field];
    if (named !== undefined && value !== undefined && value !== base[field]) {
      return { field, value, rule: `differs from schedule ${named} (${base[field]} bp); set fees.schedule to "${CUSTOM_FEE_SCHEDULE}" or leave the rate out` };
    }
  }
  return { schedule, maker_bps: input.maker_bps ?? base.maker_bps, taker_bps: input.taker_bps ?? base.taker_bps };
}

/** The fees as the KPI report states its fee assumption (kpi/report.ts FeeAssumption). */
export function feeAssumption(fees: Fees): { schedule: string; makerBps: number; takerBps: number } {
  return { schedule: fees.schedule, makerBps: fees.maker_bps, takerBps: fees.taker_bps };
}
