import * as z from "zod";
import { DEFAULT_REQUIRED_RULES, KPI_RULES } from "../kpi/targets.ts";
import { FEE_SCHEDULE_NAMES, resolveFees, type Fees } from "./feeSchedules.ts";
import * as L from "./limits.ts";

// Zod's default first parse of a schema compiles a parser for it (~8 ms for this config, more
// than a short backtest's reading of its data); a config is parsed a handful of times per run, so
// the interpreted parser (~1.6 ms) is the faster one here.
z.config({ jitless: true });

/**
 * The `mm_config` schema (README: The V1 strategy) with Binance spot BTC-USDT defaults.
 *
 * Units (the same everywhere they appear):
 *   prices, spreads        quote currency (USDT)          tick_size, min_notional
 *   q, q_max, order size   base units (BTC)               lot_size
 *   gamma (γ)              1 / (quote · base): r = S − q·γ·σ²·τ is in quote currency
 *   k                      1 / quote: fill intensity λ(δ) = A·e^(−k·δ), δ in quote currency
 *   A                      fills per second at δ = 0
 *   σ                      quote currency per √second
 *   τ = T − t              seconds
 */

const positive = (what: string) => z.number().positive({ message: `must be > 0 (${what})` });
const nonNegative = (what: string) => z.number().nonnegative({ message: `must be ≥ 0 (${what})` });
const positiveInt = (what: string) => z.number().int({ message: "must be an integer" }).positive({ message: `must be > 0 (${what})` });
/** A lower bound whose message says the rule and why (limits.ts). */
const atLeast = <S extends z.ZodNumber>(schema: S, min: number, why: string) => schema.min(min, { message: `must be ≥ ${min} (${why})` });
/** An upper bound whose message says the rule and why (limits.ts). */
const atMost = <S extends z.ZodNumber>(schema: S, max: number, why: string) => schema.max(max, { message: `must be ≤ ${max} (${why})` });
/** A latency of the simulator, ms: ≥ 0 (> 0 with `positiveOnly`) and at most a minute. */
const latencyMs = (what: string, positiveOnly = false) =>
  atMost(positiveOnly ? positive(what) : nonNegative(what), L.MAX_LATENCY_MS, `${what}: slower than a minute is an outage, and its messages pile up in flight`);
/** The standard deviation of ln(latency). */
const latencyLogStd = (what: string) => atMost(nonNegative(what), L.MAX_LATENCY_LOG_STD, `${what}: at ${L.MAX_LATENCY_LOG_STD} the P99 is already about 1000× the median`);

const symbolSchema = z.strictObject({
  name: z.string().min(1).default("BTCUSDT"),
  venue: z.string().min(1).default("binance-spot"),
  tick_size: positive("price tick, quote currency").default(0.01),
  lot_size: positive("quantity step, base units").default(0.00001),
  min_notional: nonNegative("smallest order value, quote currency").default(5),
});

const horizonSchema = z.discriminatedUnion("mode", [
  z.strictObject({
    mode: z.literal("rolling"),
    tau_seconds: atMost(nonNegative("constant T − t, seconds"), L.DAY_S, "constant T − t, seconds: a day; the spread γσ²τ grows with τ").default(10),
  }),
  z.strictObject({
    mode: z.literal("session"),
    session_seconds: atMost(
      atLeast(z.number(), L.MIN_SESSION_S, "session length, seconds; T − t runs down to each session end, and a session under a second is no trading session"),
      L.WEEK_S,
      "session length, seconds: a week is the longest trading session",
    ).default(86400),
  }),
]);

const ofiSchema = z.strictObject({
  beta: z.number().default(0.5),
  /** Bounded in loop steps (crossFieldRules.ts): the engine keeps one OFI value per step of the window. */
  window_seconds: positive("OFI summation window, seconds").default(1),
  z_window: atMost(
    atLeast(z.number().int({ message: "must be an integer" }), 2, "past window sums in the z-score: a z-score needs two to have a spread"),
    L.MAX_OFI_Z_WINDOW,
    "past window sums in the z-score: the engine keeps each one",
  ).default(300),
  z_clamp: positive("clamp of the OFI z-score").default(3),
});

const volatilitySchema = z.strictObject({
  window: atMost(positiveInt("EWMA observations for σ"), L.MAX_VOLATILITY_WINDOW, "EWMA observations for σ: quoting waits for this many steps, 28 h at 100 ms").default(100),
  base_window: atMost(
    positiveInt("EWMA observations for the baseline σ_base"),
    L.MAX_VOLATILITY_BASE_WINDOW,
    "EWMA observations for σ_base: at weight 2/(N+1) a step, a longer baseline stays near its first observations for days",
  ).default(6000),
  base_sigma: nonNegative("fixed σ_base, quote per √s; 0 = use the long EWMA").default(0),
});

const latencyGuardSchema = z.strictObject({
  enabled: z.boolean().default(true),
  window: atMost(positiveInt("acks in the rolling P99"), L.MAX_LATENCY_GUARD_ACKS, "acks in the rolling P99: they are kept sorted, and each ack shifts up to this many").default(200),
  window_seconds: atMost(
    positive("age after which an ack leaves the rolling P99, s"),
    L.MAX_LATENCY_GUARD_WINDOW_S,
    "age after which an ack leaves the rolling P99, s: a pause that stops all orders lasts until the slow acks age out",
  ).default(30),
  pause_above_ms: atMost(positive("pause when the ack P99 exceeds this, ms"), L.MAX_LATENCY_MS, "pause when the ack P99 exceeds this, ms: above a minute it never pauses; enabled: false turns the guard off").default(300),
  resume_below_ms: atMost(positive("resume when the ack P99 falls below this, ms"), L.MAX_LATENCY_MS, "resume when the ack P99 falls below this, ms: at most a minute, as pause_above_ms").default(250),
});

const riskSchema = z.strictObject({
  q_max: positive("inventory cap, base units").default(0.5),
  vol_regime_ratio: positive("σ/σ_base above which the spread widens").default(2),
  vol_regime_spread_multiplier: positive("spread multiplier in the high-volatility regime").default(1.5),
  latency_guard: latencyGuardSchema.default(() => latencyGuardSchema.parse({})),
});

const ordersSchema = z.strictObject({
  size: positive("order size, base units").default(0.01),
  requote_threshold_ticks: positiveInt("price move that replaces a resting quote, ticks").default(100),
  /** A quote that sits behind (less aggressive than) the wanted price is exposed to no adverse
   * fill, so it may be left longer: replaced when this far behind. Unset = requote_threshold_ticks. */
  requote_behind_threshold_ticks: positiveInt("distance behind the wanted price that replaces a resting quote, ticks").optional().default(300),
  /** At least one loop interval (crossFieldRules.ts). */
  max_age_ms: atMost(positive("age at which a resting quote is replaced, ms"), L.DAY_MS, "age at which a resting quote is replaced, ms: a day at most").default(60_000),
});

/**
 * Feed health (engine, backtest and paper alike): with no book update for `max_silence_ms` the
 * book is stale, so every order is cancelled and none placed until one arrives (pause cause
 * "stale feed"); σ's EWMA is frozen meanwhile. The default, 1 s, is ten update periods of
 * Binance's 100 ms depth diffs; 0 turns the rule off.
 */
const feedSchema = z.strictObject({
  /** 0, or at least one loop interval (crossFieldRules.ts). */
  max_silence_ms: atMost(
    nonNegative("longest time without a book update before quoting pauses, ms; 0 = never pause"),
    L.MAX_FEED_SILENCE_MS,
    "longest time without a book update before quoting pauses, ms: an hour of silence is an outage, not a health limit; 0 turns the rule off",
  ).default(1000),
});

/** GLFT quoter (strategy/glft.ts): uses gamma (= ξ), k, A above and the order size unit Δ. */
const glftSchema = z.strictObject({
  delta: positive("GLFT order size unit Δ, base units; unset = orders.size").optional(),
});

/** Online re-calibration (estimators/onlineCalibration.ts): λ(δ) = A·e^(−kδ) re-fitted over a rolling window of the strategy's market data; each good fit replaces k and A for the quoter. */
const onlineCalibrationSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** A whole multiple of every_seconds; buckets × levels at most MAX_CALIBRATION_COUNTS (crossFieldRules.ts). */
  window_seconds: atMost(positive("rolling window of the fit, s"), L.DAY_S, "rolling window of the fit, s: the first fit waits for a whole window; a day at most").default(600),
  every_seconds: atMost(
    atLeast(z.number(), L.MIN_CALIBRATION_EVERY_S, "re-fit period, s; must divide window_seconds: each re-fit fits every distance of the grid, once a second at most"),
    L.DAY_S,
    "re-fit period, s: a day at most",
  ).default(60),
  offset_ticks: nonNegative("first distance δ of the λ(δ) grid, ticks").default(1),
  step_ticks: positive("spacing of the λ(δ) grid, ticks").default(10),
  levels: atMost(
    z.number().int({ message: "must be an integer" }).min(2, { message: "must be ≥ 2 (distances in the λ(δ) grid)" }),
    L.MAX_CALIBRATION_LEVELS,
    "distances in the λ(δ) grid: each bucket of the rolling window keeps two counts per distance",
  ).default(30),
  min_count: positive("distances reached by fewer market orders stay out of the fit").default(10),
  min_r2: z.number().min(0, { message: "must be ≥ 0" }).max(1, { message: "must be ≤ 1" }).default(0.9),
  /** At most levels (crossFieldRules.ts). */
  min_points: z.number().int({ message: "must be an integer" }).min(2, { message: "must be ≥ 2 (points of a fit)" }).default(5),
});

const calibrationSchema = z.strictObject({
  online: onlineCalibrationSchema.default(() => onlineCalibrationSchema.parse({})),
});

/**
 * Fees, bp of notional (negative = rebate): a named published schedule (config/feeSchedules.ts,
 * default binance-spot-vip9) or "custom" rates. Rates left out come from the schedule; rates given
 * without a schedule make it "custom"; a rate that differs from a named schedule is an error.
 */
const feesSchema = z
  .strictObject({
    schedule: z.enum(FEE_SCHEDULE_NAMES, { message: `unknown fee schedule; known: ${FEE_SCHEDULE_NAMES.join(", ")}` }).optional(),
    maker_bps: z.number().optional(),
    taker_bps: z.number().optional(),
  })
  .transform((input, ctx): Fees => {
    const fees = resolveFees(input);
    if ("rule" in fees) {
      ctx.issues.push({ code: "custom", message: fees.rule, path: [fees.field], input: fees.value });
      return z.NEVER;
    }
    return fees;
  });

const ruleIds = KPI_RULES.map((r) => r.id);

/** The verdict (kpi/verdict.ts): ≥ 80 % of the KPI rules pass and every `required` rule passes. */
const kpiSchema = z.strictObject({
  required: z
    .array(z.string().refine((id) => ruleIds.includes(id), { message: `unknown KPI rule; valid: ${ruleIds.join(", ")}` }))
    .default(() => [...DEFAULT_REQUIRED_RULES]),
});

export const latencyModelSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("constant"),
    entry_ms: latencyMs("order entry latency, ms").default(10),
    response_ms: latencyMs("response latency, ms").default(10),
  }),
  /** Seeded: lognormal body (median, log-std) per leg plus rare exponential spikes added on top. */
  z.strictObject({
    kind: z.literal("lognormal"),
    entry_median_ms: latencyMs("median order entry latency, ms", true).default(10),
    entry_log_std: latencyLogStd("standard deviation of ln(entry latency)").default(0.3),
    response_median_ms: latencyMs("median response latency, ms", true).default(10),
    response_log_std: latencyLogStd("standard deviation of ln(response latency)").default(0.3),
    spike_prob: z.number().min(0, { message: "must be ≥ 0 (probability of a spike per draw)" }).max(1, { message: "must be ≤ 1 (probability of a spike per draw)" }).default(0.001),
    spike_mean_ms: latencyMs("mean extra delay of a spike (exponential), ms").default(500),
  }),
  /** Observed latencies: CSV request_ts,exchange_ts,response_ts (ns), interpolated in time. */
  z.strictObject({
    kind: z.literal("recorded"),
    path: z.string().min(1, { message: "must name a CSV file of observed latencies" }),
    time_base: z.enum(["relative", "epoch"]).default("relative"),
  }),
  /**
   * Paper trading: each leg is half the last measured round trip of the market-data connection
   * (a replayed session file carries them); `fallback_ms` per leg before the first measurement.
   */
  z.strictObject({
    kind: z.literal("measured"),
    fallback_ms: latencyMs("latency per leg before the first measured round trip, ms").default(10),
  }),
]);

export const queueModelSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("risk_averse") }),
  /** Probabilistic queue (hftbacktest ProbQueueModel); n is the exponent of f(x) = x^n. */
  z.strictObject({ kind: z.literal("prob_power"), n: positive("exponent n of f(x) = x^n").default(3) }),
  z.strictObject({ kind: z.literal("prob_power2"), n: positive("exponent n of f(x) = x^n").default(3) }),
  z.strictObject({ kind: z.literal("prob_power3"), n: positive("exponent n of f(x) = x^n").default(3) }),
  z.strictObject({ kind: z.literal("prob_log") }),
  z.strictObject({ kind: z.literal("prob_log2") }),
  /** Exact FIFO on order-level (L3) data: our order joins the real queue. */
  z.strictObject({ kind: z.literal("l3_fifo") }),
]);

const simSchema = z.strictObject({
  latency: latencyModelSchema.default(() => ({ kind: "constant" as const, entry_ms: 10, response_ms: 10 })),
  queue: queueModelSchema.default(() => ({ kind: "risk_averse" as const })),
  /** A book still crossed once a timestamp's rows are applied: an error naming the row, or skip (match nothing while crossed; counted in runlog.json). */
  on_crossed: z.enum(["fail", "skip"]).default("fail"),
});

/**
 * A strategy of the user's (docs/strategies.md): a module whose default export is made by
 * defineStrategy; `params` are checked by that strategy's own schema when it is loaded.
 * Without `module` the built-in `quoter` runs, with its params from the fields above.
 */
const strategySchema = z.strictObject({
  module: z.string().min(1, { message: "must be the path of a strategy module" }).optional(),
  params: z.record(z.string(), z.unknown()).default(() => ({})),
});

export const configSchema = z.strictObject({
  /** The built-in strategy, when `strategy.module` is not set. */
  quoter: z.enum(["avellaneda_stoikov", "glft", "v1_5"]).default("avellaneda_stoikov"),
  strategy: strategySchema.default(() => ({ params: {} })),
  gamma: positive("risk aversion γ, 1/(quote·base)").default(0.5),
  k: positive("fill-intensity decay k, 1/quote").default(0.7),
  A: positive("fill intensity at δ = 0, 1/s").default(1),
  glft: glftSchema.default(() => ({})),
  horizon: horizonSchema.default(() => ({ mode: "rolling" as const, tau_seconds: 10 })),
  ofi: ofiSchema.default(() => ofiSchema.parse({})),
  volatility: volatilitySchema.default(() => volatilitySchema.parse({})),
  risk: riskSchema.default(() => riskSchema.parse({})),
  orders: ordersSchema.default(() => ordersSchema.parse({})),
  loop: z
    .strictObject({
      interval_ms: atMost(
        atLeast(z.number(), L.MIN_LOOP_INTERVAL_MS, "trading loop period, ms: every window is counted in loop steps, so a shorter period multiplies them"),
        L.MAX_LOOP_INTERVAL_MS,
        "trading loop period, ms: quotes are placed once per step, and a minute between steps is no quoting loop",
      ).default(100),
    })
    .default(() => ({ interval_ms: 100 })),
  feed: feedSchema.default(() => feedSchema.parse({})),
  calibration: calibrationSchema.default(() => calibrationSchema.parse({})),
  fees: feesSchema.prefault({}),
  kpi: kpiSchema.default(() => kpiSchema.parse({})),
  symbol: symbolSchema.default(() => symbolSchema.parse({})),
  sim: simSchema.default(() => simSchema.parse({})),
  record: z
    // At least loop.interval_ms (crossFieldRules.ts): the timeseries and the KPI equity are sampled at steps.
    .strictObject({ interval_ms: atMost(positive("timeseries sampling period, ms"), L.DAY_MS, "timeseries sampling period, ms: at least one row a day").default(1000) })
    .default(() => ({ interval_ms: 1000 })),
  /**
   * Exchange API credentials, for a live venue. Backtests and paper trading never use them; they
   * are never printed, logged or written (config/redact.ts).
   */
  credentials: z.strictObject({ api_key: z.string().optional(), api_secret: z.string().optional() }).optional(),
});

/** A validated configuration. */
export type MmConfig = z.infer<typeof configSchema>;
/** What a user may write: any field may be left out. */
export type MmConfigInput = z.input<typeof configSchema>;
