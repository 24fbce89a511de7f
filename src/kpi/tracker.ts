import { MmlabError } from "../core/errors.ts";
import { NS_PER_MS, NS_PER_S } from "../core/time.ts";
import { Ledger } from "./ledger.ts";
import { MarkoutTracker, MARKOUT_HORIZONS_MS } from "./markouts.ts";
import { PausedTime, type PauseCause } from "./pausedTime.ts";
import { percentile } from "./percentile.ts";
import { breakEvenMakerFeeBps } from "./breakEven.ts";
import type { FeeAssumption, KpiReport } from "./report.ts";
import { DrawdownTracker, IncrementStats, SECONDS_PER_YEAR_24_7 } from "./riskStats.ts";
import { SampleBuffer } from "./sampleBuffer.ts";
import { checkRuleIds, DEFAULT_REQUIRED_RULES, evaluateRules } from "./targets.ts";
import type { FillRecord } from "./types.ts";
import { verdict } from "./verdict.ts";

export interface KpiTrackerOptions {
  /** Quote currency per price tick (config `symbol.tick_size`). */
  tickSize: number;
  /** Inventory cap, base units (config `risk.q_max`). */
  qMax: number;
  /** The fees the fills are charged with (config `fees`), reported next to the PnL. */
  fees: FeeAssumption;
  /** Ids of the rules the run must pass (config `kpi.required`); default DEFAULT_REQUIRED_RULES. */
  requiredRules?: readonly string[];
  /** Equity sampling period for Sharpe/Sortino, ns. */
  sampleIntervalNs: number;
  /** Start of the run, ns; defaults to the time of the first step or fill. */
  startTNs?: number;
  /** Markout horizons, ms; defaults to 100 ms, 1 s, 5 s, 10 s, 30 s, 60 s. */
  markoutHorizonsMs?: readonly number[];
}

// Per-order flags, so that each order is counted once whatever the engine reports twice.
const SUBMITTED = 1;
const FILLED = 2;
const CANCELLED = 4;

/**
 * Collects the KPIs of one backtest run as the engine goes (docs/kpis.md).
 * Time is the strategy's local time (ns since the dataset origin): onStep times and fill.tNs.
 * Steps and fills must be reported in non-decreasing time order (an out-of-order event throws,
 * because the time integral of q² would otherwise be silently wrong). An order first seen in a fill
 * or a cancel counts as submitted, so fill and cancel ratios stay fractions in [0, 1].
 */
export class KpiTracker {
  readonly tickSize: number;
  readonly qMax: number;
  readonly sampleIntervalNs: number;
  readonly fees: FeeAssumption;
  readonly requiredRules: readonly string[];

  private readonly ledger: Ledger;
  private readonly markouts: MarkoutTracker;
  private readonly increments = new IncrementStats();
  /** Flat start: zero cash, zero position, so the PnL curve starts at 0, its first peak. */
  private readonly drawdown = new DrawdownTracker(0);
  private readonly latenciesNs = new SampleBuffer();
  private readonly pausedTime = new PausedTime();
  private readonly orderFlags = new Map<number, number>();
  private ordersSubmitted = 0;
  private ordersFilled = 0;
  private ordersCancelled = 0;

  private startTNs = NaN;
  private lastTNs = NaN;
  /** ∫ q² dt since the start, base²·ns. */
  private inventorySqAreaNs = 0;
  /** Next equity sampling time is startTNs + nextSampleIndex·sampleIntervalNs (k = 0 is the flat start). */
  private nextSampleIndex = 1;
  private lastSampleEquity = 0;

  private fillCount = 0;
  private volumeBase = 0;
  private volumeQuote = 0;
  private makerVolumeQuote = 0;
  private makerFeesQuote = 0;
  /** Σ qty·side·(mid at fill − price), ticks·base: numerator of spread captured. */
  private capturedTicksBase = 0;
  /** Σ qty·quoted half-spread at placement, ticks·base: denominator of spread captured. */
  private quotedTicksBase = 0;

  constructor(options: KpiTrackerOptions) {
    const { tickSize, qMax, sampleIntervalNs } = options;
    if (!(tickSize > 0)) throw new MmlabError(`kpi: tickSize = ${tickSize} must be > 0`);
    if (!(qMax > 0)) throw new MmlabError(`kpi: qMax = ${qMax} must be > 0`);
    if (!(sampleIntervalNs > 0)) throw new MmlabError(`kpi: sampleIntervalNs = ${sampleIntervalNs} must be > 0`);
    this.tickSize = tickSize;
    this.qMax = qMax;
    this.sampleIntervalNs = sampleIntervalNs;
    this.fees = { ...options.fees };
    this.requiredRules = [...(options.requiredRules ?? DEFAULT_REQUIRED_RULES)];
    checkRuleIds(this.requiredRules);
    this.ledger = new Ledger(tickSize);
    this.markouts = new MarkoutTracker(tickSize, options.markoutHorizonsMs ?? MARKOUT_HORIZONS_MS);
    if (options.startTNs !== undefined) this.startTNs = this.lastTNs = options.startTNs;
  }

  /** Counts a submitted order (once per order id). */
  onOrderSubmitted(orderId: number): void {
    this.flag(orderId, SUBMITTED);
  }

  /** Counts a cancelled order (once per order id, however many cancel reports it gets). */
  onOrderCancelled(orderId: number): void {
    this.flag(orderId, CANCELLED);
  }

  /** Records one submit→ack latency, ns. */
  onAckLatency(latencyNs: number): void {
    if (!(latencyNs >= 0 && Number.isFinite(latencyNs))) throw new MmlabError(`kpi: ack latency ${latencyNs} ns must be a finite number ≥ 0`);
    this.latenciesNs.push(latencyNs);
  }

  /** Books one fill: position, cash, fees, spread capture, markouts; the order counts once as filled. */
  onFill(fill: FillRecord): void {
    this.advanceTo(fill.tNs, `fill of order ${fill.orderId}`);
    this.flag(fill.orderId, FILLED);
    this.ledger.applyFill(fill);
    this.markouts.onFill(fill);
    this.fillCount++;
    this.volumeBase += fill.qty;
    const notional = fill.qty * fill.priceTicks * this.tickSize;
    this.volumeQuote += notional;
    if (fill.isMaker) {
      this.makerVolumeQuote += notional;
      this.makerFeesQuote += fill.feeQuote;
    }
    this.capturedTicksBase += fill.qty * fill.side * (fill.midAtFillTicks - fill.priceTicks);
    this.quotedTicksBase += fill.qty * fill.halfSpreadAtPlacementTicks;
  }

  /**
   * One trading-loop step: integrates q², resolves markouts, tracks drawdown, samples equity on the grid.
   * A non-finite mid (no two-sided book yet) only advances time: it must not poison the sums.
   */
  onStep(tNs: number, midTicks: number): void {
    this.advanceTo(tNs, "step");
    if (!Number.isFinite(midTicks)) return;
    this.markouts.onMid(tNs, midTicks);
    const equity = this.ledger.equity(midTicks);
    this.drawdown.observe(equity);
    // Grid point g takes the equity of the first step at or after g; grid points skipped by a gap in
    // the steps get that same value (zero increments), so every increment spans one interval.
    while (this.startTNs + this.nextSampleIndex * this.sampleIntervalNs <= tNs) {
      this.increments.push(equity - this.lastSampleEquity);
      this.lastSampleEquity = equity;
      this.nextSampleIndex++;
    }
  }

  /** The quoting state the engine decided at a step: paused for `cause`, or quoting (null); it holds until the next one. */
  onQuotingState(tNs: number, cause: PauseCause | null): void {
    this.pausedTime.report(tNs, cause);
  }

  /** Current position, base units. */
  position(): number {
    return this.ledger.position;
  }

  /** Mark-to-market PnL at `midTicks`, net of fees, quote currency. */
  pnlQuote(midTicks: number): number {
    return this.ledger.equity(midTicks);
  }

  /**
   * Ends the run at endTNs with the final mid (treated as one last step, so it resolves markouts whose
   * t+h ≤ endTNs and is a last equity point) and returns the report. Fills whose t+h > endTNs are left
   * out of that horizon. Calling it again (same or later time) just observes another step.
   */
  finish(endTNs: number, midTicks: number): KpiReport {
    if (!Number.isFinite(midTicks)) throw new MmlabError(`kpi: final mid ${midTicks} ticks is not a number; the PnL cannot be marked`);
    this.onStep(endTNs, midTicks);
    return this.report(midTicks);
  }

  /** The report as of the last step or fill, marked at `midTicks`, observing nothing (a live display's view). */
  report(midTicks: number): KpiReport {
    const durationNs = Number.isNaN(this.startTNs) ? 0 : this.lastTNs - this.startTNs;
    const q = this.ledger.position;
    const rmsInventory = durationNs > 0 ? Math.sqrt(this.inventorySqAreaNs / durationNs) : null;
    const pnl = this.ledger.equity(midTicks);
    const fees = this.ledger.feesQuote;
    const spreadCapture = this.capturedTicksBase * this.tickSize;
    const submitted = this.ordersSubmitted;
    const p99Ns = percentile(this.latenciesNs.view(), 99);
    const values = {
      spreadCapturedPct: this.fillCount > 0 && this.quotedTicksBase > 0 ? (100 * this.capturedTicksBase) / this.quotedTicksBase : null,
      rmsInventory,
      fillRatio: submitted > 0 ? this.ordersFilled / submitted : null,
      cancelRatio: submitted > 0 ? this.ordersCancelled / submitted : null,
      latencyP99Ms: Number.isNaN(p99Ns) ? null : p99Ns / NS_PER_MS,
      pnl,
    };
    const rules = evaluateRules(values, this.qMax, this.requiredRules);
    const { passed, failReasons } = verdict(rules);
    const rulesPassed = rules.filter((r) => r.passed).length;
    const periodsPerYear = (SECONDS_PER_YEAR_24_7 * NS_PER_S) / this.sampleIntervalNs;
    return {
      ...values,
      rmsInventoryRatio: rmsInventory === null ? null : rmsInventory / this.qMax,
      rulesPassed,
      rulesTotal: rules.length,
      passed,
      requiredRules: rules.filter((r) => r.required).map((r) => r.id),
      failReasons,
      rules,
      feeSchedule: { ...this.fees },
      breakEvenMakerFeeBps: breakEvenMakerFeeBps(pnl, this.makerFeesQuote, this.makerVolumeQuote),
      ordersSubmitted: submitted,
      ordersFilled: this.ordersFilled,
      ordersCancelled: this.ordersCancelled,
      acks: this.latenciesNs.length,
      fills: this.fillCount,
      volumeBase: this.volumeBase,
      volumeQuote: this.volumeQuote,
      fees,
      makerVolumeQuote: this.makerVolumeQuote,
      makerFees: this.makerFeesQuote,
      finalPosition: q,
      ...this.increments.ratios(periodsPerYear),
      sampleIntervalSeconds: this.sampleIntervalNs / NS_PER_S,
      equitySamples: this.increments.count,
      maxDrawdown: this.drawdown.maxDrawdown,
      // total = spread capture + inventory − fees, so inventory is what the other two leave.
      pnlSplit: { spreadCapture, inventory: pnl - spreadCapture + fees, fees },
      markouts: this.markouts.result(),
      durationSeconds: durationNs / NS_PER_S,
      pausedSeconds: this.pausedTime.seconds(this.lastTNs),
      qMax: this.qMax,
      tickSize: this.tickSize,
    };
  }

  /** Moves the tracker's clock to tNs, adding q²·dt for the time q stayed constant. */
  private advanceTo(tNs: number, what: string): void {
    if (Number.isNaN(this.startTNs)) this.startTNs = this.lastTNs = tNs;
    if (!(tNs >= this.lastTNs)) {
      throw new MmlabError(`kpi: ${what} at t = ${tNs} ns reported after t = ${this.lastTNs} ns; steps and fills must be reported in time order`);
    }
    const q = this.ledger.position;
    this.inventorySqAreaNs += q * q * (tNs - this.lastTNs);
    this.lastTNs = tNs;
  }

  private flag(orderId: number, bit: number): void {
    const old = this.orderFlags.get(orderId) ?? 0;
    // An order first seen in a fill or cancel must have been submitted: count it as such, so ratios stay in [0, 1].
    const now = old | bit | SUBMITTED;
    if (now === old) return;
    this.orderFlags.set(orderId, now);
    if (!(old & SUBMITTED)) this.ordersSubmitted++;
    if (now & ~old & FILLED) this.ordersFilled++;
    if (now & ~old & CANCELLED) this.ordersCancelled++;
  }
}
