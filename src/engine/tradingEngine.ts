import type { MarketView } from "../book/marketView.ts";
import { OfiBook } from "../book/ofiBook.ts";
import { StrategyLevels, levelsOf } from "../book/strategyLevels.ts";
import type { MmConfig } from "../config/schema.ts";
import { Side } from "../core/side.ts";
import { NS_PER_MS, NS_PER_S, type Clock } from "../core/time.ts";
import { MAX_MARKET_EVENT_KIND } from "../data/schema.ts";
import { ControlCode, SessionKind } from "../data/sessionKinds.ts";
import type { KpiTracker } from "../kpi/tracker.ts";
import { InventoryGuard } from "../risk/inventoryGuard.ts";
import { LatencyGuard, type GuardEvent } from "../risk/latencyGuard.ts";
import { FeedGuard, type FeedEvent } from "../risk/feedGuard.ts";
import type { PauseCause } from "../kpi/pausedTime.ts";
import { EventKind } from "../core/eventKind.ts";
import { volatilitySpreadMultiplier } from "../risk/volatilityRegime.ts";
import { EwmaVolatility } from "../signals/ewmaVolatility.ts";
import { OfiSignal } from "../signals/ofiSignal.ts";
import { OnlineCalibration } from "../estimators/onlineCalibration.ts";
import { Rng } from "../core/rng.ts";
import { placeQuotes, type PlacedQuotes } from "../risk/quotePlacement.ts";
import type { QuoteRequest, StrategyFill, StrategyHandlers, StrategyView } from "../strategy/api.ts";
import { epochOffsetSeconds, tauSeconds } from "../strategy/horizon.ts";
import { strategyParams, type ResolvedStrategy } from "../strategy/load.ts";
import { builtinStrategy } from "../strategy/registry.ts";
import { ofiWindowSteps } from "../config/crossFieldRules.ts";
import { checkEngineConfig } from "./configCheck.ts";
import { FillLog } from "./fillLog.ts";
import { OrderStatus, type Order } from "./order.ts";
import { OrderManager, requoteLimits } from "./orderManager.ts";
import { PausedCode, TimeseriesRecorder } from "./recorder.ts";
import type { FillReport, RejectReason, Venue, VenueListener } from "../venue/venue.ts";

/**
 * The trading engine: the same code in a backtest (stepped on a virtual clock by the simulator)
 * and live (stepped on a timer). It never reads the wall clock; time comes from `clock`.
 *
 *   market data ──▶ market view: its own L2 book and OFI (OfiBook), or a simulator's mirror of
 *                   the exchange side's book (BookMirror)
 *   every loop interval:
 *     measure  mid, σ (EWMA, frozen while the feed is stale), σ_base, OFI z-score, latency P99,
 *              feed health (time since the last book update) → the strategy's view
 *     decide   the strategy (strategy/api.ts: V1, GLFT or the user's) → centre, offsets, sizes;
 *              risk for every strategy: pauses (halt / latency / no book / stale feed /
 *              warming up: every order cancelled, the time counted by cause), vol regime, tick
 *              rounding and post-only (risk/quotePlacement.ts), inventory guard
 *     quote    order manager: keep, replace (threshold / max age) or cancel, via the Venue
 *     update   KPIs and the timeseries
 *   venue answers (acks, fills, cancels) ──▶ orders, inventory, KPIs, the strategy's onFill
 */
export interface EngineOptions<M extends MarketView = MarketView> {
  config: MmConfig;
  clock: Clock;
  venue: Venue;
  kpi: KpiTracker;
  /** Epoch ns of the dataset origin (relative time 0), for session horizons. */
  originEpochNs: bigint;
  /** The engine's view of the market (default: a book of its own, fed by onMarketEvent). A simulator's is a BookMirror. */
  market?: M;
  /** The strategy and its validated params (strategy/load.ts resolveStrategy); default: the config's built-in `quoter`. */
  strategy?: ResolvedStrategy;
  /** The strategy's random stream (default: one fixed stream; a run passes a fork of its seed). */
  rng?: Rng;
}

/** Fills the strategy's view keeps (view.recentFills). */
const RECENT_FILLS = 16;

/** Why the engine is not quoting at its last step (null: it is quoting); kpi/pausedTime.ts lists the causes. */
export type PauseReason = PauseCause | null;

/** The engine's state at its last step, for live displays (prices in ticks, NaN where none). */
export interface EngineStatus {
  tNs: number;
  midTicks: number;
  bidTicks: number;
  askTicks: number;
  reservationTicks: number;
  sigma: number;
  ofiZ: number;
  pauseReason: PauseReason;
}

/** A contained failure inside one step. */
export interface StepError {
  tNs: number;
  message: string;
}

export class TradingEngine<M extends MarketView = MarketView> implements VenueListener {
  /** The engine's view of the market: best prices and the OFI of the changes since the last step. */
  readonly market: M;
  readonly timeseries = new TimeseriesRecorder();
  readonly fillLog = new FillLog();
  readonly stepErrors: StepError[] = [];
  /** Every latency-guard pause and resume of the run. */
  readonly guardEvents: GuardEvent[] = [];
  /** Every pause and resume of the feed-health rule (config feed.max_silence_ms). */
  readonly feedEvents: FeedEvent[] = [];
  readonly configLog: { tNs: number; message: string }[] = [];
  latencyGuard!: LatencyGuard;
  private feedGuard!: FeedGuard;
  inventory = 0;
  stepCount = 0;
  /** The state at the last step (updated in place). */
  readonly status: EngineStatus = { tNs: NaN, midTicks: NaN, bidTicks: NaN, askTicks: NaN, reservationTicks: NaN, sigma: NaN, ofiZ: NaN, pauseReason: "warming up" };
  /** Configs a session's CONTROL rows refer to by number (hot reloads of a paper session). */
  sessionConfigs: readonly MmConfig[] = [];
  /** Set by a HALT control: every order is cancelled and none placed from the next step on. */
  halted = false;
  /** The strategy side's book of levels, for a strategy that reads them (`book: "levels"`) and a feeder (the simulator); undefined otherwise. */
  readonly levels: StrategyLevels | undefined;
  /** Online re-calibration of k and A (config calibration.online; the runner feeds it the market data), undefined when off. */
  onlineCalibration: OnlineCalibration | undefined;

  private config!: MmConfig;
  private pendingConfig: MmConfig | undefined;
  private readonly strategy: ResolvedStrategy;
  private readonly strategyRng: Rng;
  private handlers!: StrategyHandlers;
  /** The params the current handlers were created with (JSON), to re-create them only when they change. */
  private handlersKey = "";
  /** Due times of the strategy's timers, ns (few: a plain array, kept sorted). */
  private readonly timers: number[] = [];
  private readonly recentFills: StrategyFill[] = [];
  private inventoryGuard!: InventoryGuard;
  private orders!: OrderManager;
  private volatility!: EwmaVolatility;
  private volatilityBase!: EwmaVolatility;
  private ofiSignal!: OfiSignal;
  private readonly clock: Clock;
  private readonly venue: Venue;
  private readonly kpi: KpiTracker;
  private readonly originEpochNs: bigint;
  private epochOffsetS = 0;
  private tickSize = 0;
  private lastStepNs = NaN;
  private lastMidTicks = NaN;
  private nextRecordNs = 0;
  /** What the strategy is shown, updated in place at each step; created with doubles (NaN), which its fields then keep. */
  private readonly view: { -readonly [K in keyof StrategyView]: StrategyView[K] } = {
    tNs: NaN, bestBidTicks: NaN, bestAskTicks: NaN, midTicks: NaN, sigma: NaN, sigmaBase: NaN, spreadMultiplier: NaN, ofi: NaN, ofiZ: NaN, tauSeconds: NaN,
    inventory: NaN, workingBidTicks: NaN, workingBidQty: NaN, workingAskTicks: NaN, workingAskQty: NaN, fillCount: 0, recentFills: this.recentFills, fittedK: NaN, fittedA: NaN,
    book: null,
  };
  private readonly request: QuoteRequest = { centreTicks: NaN, bidOffsetTicks: NaN, askOffsetTicks: NaN, bidSize: NaN, askSize: NaN, reservationTicks: NaN };
  private readonly placed: PlacedQuotes = { bidTicks: NaN, askTicks: NaN };

  constructor(options: EngineOptions<M>) {
    this.clock = options.clock;
    this.venue = options.venue;
    this.kpi = options.kpi;
    this.originEpochNs = options.originEpochNs;
    this.market = options.market ?? (new OfiBook() as MarketView as M);
    this.strategyRng = options.rng ?? new Rng("mmlab:engine").fork("strategy");
    const definition = builtinStrategy(options.config);
    this.strategy = options.strategy ?? { definition, params: strategyParams(definition, options.config) };
    // Levels: the engine's own book when it has one, else a book a feeder fills (a simulator's mirror has only the top).
    const wantsLevels = this.strategy.definition.book === "levels";
    this.levels = wantsLevels && !(this.market instanceof OfiBook) ? new StrategyLevels() : undefined;
    this.view.book = !wantsLevels ? null : this.market instanceof OfiBook ? levelsOf(this.market) : this.levels!;
    this.build(options.config, true);
  }

  /** Counts of why working orders were cancelled (price, age, inventory, halt, withdrawn by the strategy). */
  cancelReasons(): Readonly<Record<"price" | "age" | "inventory" | "halt" | "withdrawn", number>> {
    return this.orders.cancelReasons;
  }

  /** Orders not yet final (working, or on their way to a fill or cancel). */
  openOrders(): number {
    return this.orders.liveCount();
  }

  /** The configuration in force. */
  currentConfig(): MmConfig {
    return this.config;
  }

  /** Hot reload: a validated config takes effect at the next step. */
  requestConfig(config: MmConfig): void {
    this.pendingConfig = config;
  }

  /**
   * Applies one event as the strategy receives it (local time): market data (kinds up to
   * MAX_MARKET_EVENT_KIND) to its market view, a session's control row here. (A simulator shows
   * its mirror the market and hands over only the session rows.)
   */
  onMarketEvent(kind: number, side: number, priceTicks: number, qty: number): void {
    if (kind <= MAX_MARKET_EVENT_KIND) {
      this.market.apply(kind, side, priceTicks, qty);
      if (kind !== EventKind.TRADE) this.market.lastBookNs = this.clock.nowNs();
    } else if (kind === SessionKind.CONTROL) this.onControl(side, qty);
  }

  /** A session's instruction; like a hot reload, it takes effect at the next step. */
  private onControl(code: number, argument: number): void {
    if (code === ControlCode.HALT) this.halted = true;
    else if (code === ControlCode.CONFIG) {
      const config = this.sessionConfigs[argument];
      if (config === undefined) this.stepErrors.push({ tNs: this.clock.nowNs(), message: `control: session config ${argument} is unknown (${this.sessionConfigs.length} given)` });
      else this.requestConfig(config);
    }
  }

  /** One loop iteration at the clock's time: measure → decide → quote → update. Failures are contained. */
  step(): void {
    const tNs = this.clock.nowNs();
    try {
      if (this.pendingConfig !== undefined) this.applyPendingConfig(tNs);
      this.runStep(tNs);
    } catch (e) {
      this.stepErrors.push({ tNs, message: e instanceof Error ? e.message : String(e) });
    }
    this.stepCount++;
  }

  // ── venue answers ──────────────────────────────────────────────────────────

  onAck(orderId: number): void {
    const order = this.orders.get(orderId);
    if (order === undefined) return;
    const latencyNs = this.clock.nowNs() - order.submittedAtNs;
    this.kpi.onAckLatency(latencyNs);
    this.latencyGuard.onAck(this.clock.nowNs(), latencyNs);
    if (order.status === OrderStatus.PENDING_NEW) this.orders.setStatus(order, OrderStatus.OPEN);
  }

  onReject(orderId: number, _reason: RejectReason): void {
    const order = this.orders.get(orderId);
    if (order !== undefined) this.orders.setStatus(order, OrderStatus.REJECTED);
  }

  onFill(fill: FillReport): void {
    const order = this.orders.get(fill.orderId);
    if (order === undefined) return;
    order.filledQty += fill.qty;
    this.inventory += order.side * fill.qty;
    const record = {
      tNs: this.clock.nowNs(),
      exchTNs: fill.exchTNs,
      orderId: order.id,
      side: order.side,
      priceTicks: fill.priceTicks,
      qty: fill.qty,
      feeQuote: fill.feeQuote,
      isMaker: fill.isMaker,
      rule: fill.rule,
      midAtFillTicks: fill.midAtFillTicks,
      halfSpreadAtPlacementTicks: order.halfSpreadAtPlacementTicks,
    };
    this.kpi.onFill(record);
    this.fillLog.add(record);
    if (order.filledQty >= order.qty - 1e-12) this.orders.setStatus(order, OrderStatus.FILLED);
    const strategyFill: StrategyFill = { tNs: record.tNs, side: order.side, priceTicks: fill.priceTicks, qty: fill.qty, feeQuote: fill.feeQuote, midAtFillTicks: fill.midAtFillTicks };
    if (this.recentFills.length === RECENT_FILLS) this.recentFills.shift();
    this.recentFills.push(strategyFill);
    this.view.fillCount++;
    this.view.inventory = this.inventory;
    try {
      this.handlers.onFill?.(strategyFill);
    } catch (e) {
      this.stepErrors.push({ tNs: record.tNs, message: `strategy ${this.strategy.definition.name}: onFill: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  onCancelAck(orderId: number): void {
    const order = this.orders.get(orderId);
    if (order === undefined) return;
    this.kpi.onOrderCancelled(orderId);
    this.orders.setStatus(order, OrderStatus.CANCELLED);
  }

  onCancelReject(_orderId: number): void {
    // The order filled before the cancel reached the exchange; its fill report closes it.
  }

  // ── the loop ───────────────────────────────────────────────────────────────

  private runStep(tNs: number): void {
    const c = this.config;
    const market = this.market;
    const midTicks = market.midTicks();
    const tick = this.tickSize;

    // Online re-calibration: a fit whose window has ended replaces k and A (shown to the strategy).
    const fit = this.onlineCalibration?.due(tNs);
    if (fit !== undefined) {
      this.view.fittedK = fit.k;
      this.view.fittedA = fit.A;
    }

    // Measure. A stale book's mid is not a price observation: σ's EWMAs skip it (no decay on a
    // frozen mid), and the first step after the feed resumes measures the whole gap at once.
    const stale = this.feedGuard.update(tNs, market.lastBookNs);
    if (!Number.isNaN(midTicks) && !stale) {
      if (!Number.isNaN(this.lastMidTicks)) {
        const dtS = (tNs - this.lastStepNs) / NS_PER_S;
        if (dtS > 0) {
          const dMid = (midTicks - this.lastMidTicks) * tick;
          this.volatility.update(dMid, dtS);
          this.volatilityBase.update(dMid, dtS);
        }
      }
      this.lastMidTicks = midTicks;
      this.lastStepNs = tNs;
    }
    const ofi = this.market.takeOfi();
    const ofiZ = this.ofiSignal.update(ofi);
    const sigma = this.volatility.sigma();
    const sigmaBase = c.volatility.base_sigma > 0 ? c.volatility.base_sigma : this.volatilityBase.sigma();
    const paused = this.latencyGuard.update(tNs);
    if (!Number.isNaN(midTicks)) this.kpi.onStep(tNs, midTicks);

    // Decide and quote
    const warm = this.volatility.count() >= c.volatility.window;
    let bidTicks = NaN;
    let askTicks = NaN;
    let reservation = NaN;
    const status = this.status;
    status.pauseReason = this.halted ? "halted" : paused ? "latency" : Number.isNaN(midTicks) ? "no book" : stale ? "stale feed" : !warm ? "warming up" : null;
    this.kpi.onQuotingState(tNs, status.pauseReason);
    if (status.pauseReason !== null) this.orders.cancelAll();
    const view = this.view;
    view.tNs = tNs;
    view.bestBidTicks = market.bestBidTicks;
    view.bestAskTicks = market.bestAskTicks;
    view.midTicks = midTicks;
    view.sigma = sigma;
    view.sigmaBase = sigmaBase;
    view.spreadMultiplier = volatilitySpreadMultiplier(sigma, sigmaBase, c.risk.vol_regime_ratio, c.risk.vol_regime_spread_multiplier);
    view.ofi = ofi;
    view.ofiZ = ofiZ;
    view.tauSeconds = tauSeconds(c.horizon, tNs, this.epochOffsetS);
    view.inventory = this.inventory;
    this.showWorking(Side.BID);
    this.showWorking(Side.ASK);
    // Timers run while paused too (a strategy's own clock); its quotes are asked for only when it may quote.
    if (this.timers.length > 0 && this.timers[0] <= tNs) this.runTimers(tNs);
    if (status.pauseReason === null) {
      const r = this.request;
      r.centreTicks = midTicks;
      r.bidOffsetTicks = r.askOffsetTicks = r.bidSize = r.askSize = r.reservationTicks = NaN;
      this.handlers.onStep(view, r);
      const placed = this.placed;
      placeQuotes(r.centreTicks, r.bidOffsetTicks, r.askOffsetTicks, view.spreadMultiplier, market.bestBidTicks, market.bestAskTicks, placed);
      reservation = (Number.isNaN(r.reservationTicks) ? r.centreTicks : r.reservationTicks) * tick;
      bidTicks = this.quoteSide(Side.BID, placed.bidTicks, r.bidSize, tNs, midTicks);
      askTicks = this.quoteSide(Side.ASK, placed.askTicks, r.askSize, tNs, midTicks);
    }
    status.tNs = tNs;
    status.midTicks = midTicks;
    status.bidTicks = bidTicks;
    status.askTicks = askTicks;
    status.reservationTicks = reservation / tick;
    status.sigma = sigma;
    status.ofiZ = ofiZ;

    // Update
    if (tNs >= this.nextRecordNs && !Number.isNaN(midTicks)) {
      this.nextRecordNs = tNs + c.record.interval_ms * NS_PER_MS - 1;
      this.timeseries.append(
        tNs, midTicks * tick, bidTicks * tick, askTicks * tick, reservation, this.inventory,
        this.kpi.pnlQuote(midTicks), sigma, sigmaBase, ofiZ, paused ? PausedCode.LATENCY : stale ? PausedCode.STALE_FEED : this.halted ? PausedCode.HALTED : PausedCode.NONE,
      );
    }
  }

  /**
   * Sends one side through the inventory guard and the order manager; returns the quoted price or
   * NaN. A side the strategy does not quote (NaN price) or sizes at ≤ 0 has its order withdrawn; an
   * answer that is not a number where one is needed is a contained step error.
   */
  private quoteSide(side: Side, priceTicks: number, wantedSize: number, tNs: number, midTicks: number): number {
    if (priceTicks - priceTicks !== 0 || wantedSize <= 0 || wantedSize === Infinity) return this.refuseSide(side, priceTicks, wantedSize); // price NaN or ±∞, size ≤ 0 or ∞ (NaN: orders.size)
    const working = this.orders.working(side);
    const workingOpen = working === undefined ? 0 : working.qty - working.filledQty;
    const resting = this.orders.restingQty(side);
    const priceQuote = priceTicks * this.tickSize;
    const guard = this.inventoryGuard;
    const q = this.inventory;
    const room = side === Side.BID ? guard.bidSize(q, resting - workingOpen, priceQuote, wantedSize) : guard.askSize(q, resting - workingOpen, priceQuote, wantedSize);
    const newSize = side === Side.BID ? guard.bidSize(q, resting, priceQuote, wantedSize) : guard.askSize(q, resting, priceQuote, wantedSize);
    this.orders.quote(side, priceTicks, newSize, room, tNs, midTicks);
    return this.orders.working(side) === undefined ? NaN : priceTicks;
  }

  /** A side the strategy does not quote (NaN price, size ≤ 0): its order is withdrawn; an infinite price or size is an error. */
  private refuseSide(side: Side, priceTicks: number, wantedSize: number): number {
    this.orders.withdraw(side);
    if (Number.isNaN(priceTicks) || wantedSize <= 0) return NaN;
    throw new Error(`strategy ${this.strategy.definition.name}: ${side === Side.BID ? "bid" : "ask"} ${Number.isFinite(priceTicks) ? `size ${wantedSize}` : `price ${priceTicks} ticks`} is not a finite number`);
  }

  /** Shows the strategy one side's working order (price and open quantity; NaN and 0 when none). */
  private showWorking(side: Side): void {
    const working = this.orders.working(side);
    const price = working === undefined ? NaN : working.priceTicks;
    const open = working === undefined ? 0 : working.qty - working.filledQty;
    if (side === Side.BID) {
      this.view.workingBidTicks = price;
      this.view.workingBidQty = open;
    } else {
      this.view.workingAskTicks = price;
      this.view.workingAskQty = open;
    }
  }

  /** Runs the strategy's timers due at `tNs`, earliest first (a timer set by one of them for now runs at the next step). */
  private runTimers(tNs: number): void {
    const due = this.timers.splice(0, sortedCount(this.timers, tNs));
    for (const atNs of due) this.handlers.onTimer?.(atNs, this.view);
  }

  /** Creates the strategy's handlers for the params of this config (again only when they change: a reload keeps its state otherwise). */
  private createHandlers(config: MmConfig, params: unknown): void {
    const definition = this.strategy.definition;
    const key = JSON.stringify([params, config.symbol]);
    if (key === this.handlersKey) return;
    this.handlersKey = key;
    this.timers.length = 0;
    const timers = this.timers;
    const symbol = config.symbol;
    this.handlers = definition.create({
      params,
      symbol: { name: symbol.name, tickSize: symbol.tick_size, lotSize: symbol.lot_size, minNotional: symbol.min_notional },
      rng: this.strategyRng,
      clock: this.clock,
      config,
      setTimer(atNs: number): void {
        if (!Number.isFinite(atNs)) throw new Error(`setTimer: ${atNs} is not a time in ns`);
        timers.splice(sortedCount(timers, atNs), 0, atNs);
      },
    });
  }

  /** A hot reload or a session's CONFIG control: every part is built and checked first, so a config that fails changes nothing. */
  private applyPendingConfig(tNs: number): void {
    const next = this.pendingConfig!;
    this.pendingConfig = undefined;
    const refused = checkEngineConfig(next, this.strategy.definition);
    if (refused !== undefined) {
      // a step error too: the run log shows it (and a replayed session's CONTROL row that fails)
      const message = `config reload rejected, the config in force stays: ${refused}`;
      this.configLog.push({ tNs, message });
      this.stepErrors.push({ tNs, message });
      return;
    }
    this.build(next, false);
    this.configLog.push({ tNs, message: "config reloaded" });
  }

  /** Builds the models from a config; signal state survives a reload unless its windows change. */
  private build(config: MmConfig, first: boolean): void {
    // The strategy's params first: a reload its schema refuses changes nothing (the error is the step's).
    const params = first ? this.strategy.params : strategyParams(this.strategy.definition, config);
    const prev = first ? undefined : this.config;
    this.config = config;
    this.tickSize = config.symbol.tick_size;
    const online = config.calibration.online;
    if (!online.enabled) this.onlineCalibration = undefined;
    else if (prev === undefined || this.onlineCalibration === undefined || JSON.stringify(prev.calibration.online) !== JSON.stringify(online) || prev.symbol.tick_size !== config.symbol.tick_size) {
      this.onlineCalibration = new OnlineCalibration(online, config.symbol.tick_size);
    }
    const fit = this.onlineCalibration?.current;
    this.view.fittedK = fit === undefined ? NaN : fit.k;
    this.view.fittedA = fit === undefined ? NaN : fit.A;
    this.createHandlers(config, params);
    this.inventoryGuard = new InventoryGuard(config.risk.q_max, config.orders.size, config.symbol.lot_size, config.symbol.min_notional);
    if (first) {
      this.orders = new OrderManager(this.venue, requoteLimits(config.orders), (order: Order) => this.kpi.onOrderSubmitted(order.id));
    } else {
      this.orders.setLimits(requoteLimits(config.orders));
    }
    if (prev === undefined || prev.volatility.window !== config.volatility.window) this.volatility = new EwmaVolatility(config.volatility.window);
    if (prev === undefined || prev.volatility.base_window !== config.volatility.base_window) this.volatilityBase = new EwmaVolatility(config.volatility.base_window);
    const stepsPerWindow = ofiWindowSteps(config);
    if (prev === undefined || prev.ofi.window_seconds !== config.ofi.window_seconds || prev.ofi.z_window !== config.ofi.z_window || prev.ofi.z_clamp !== config.ofi.z_clamp || prev.loop.interval_ms !== config.loop.interval_ms) {
      this.ofiSignal = new OfiSignal(stepsPerWindow, config.ofi.z_window, config.ofi.z_clamp);
    }
    const g = config.risk.latency_guard;
    if (prev === undefined || JSON.stringify(prev.risk.latency_guard) !== JSON.stringify(g)) {
      this.latencyGuard = new LatencyGuard(g.window, g.window_seconds * NS_PER_S, g.pause_above_ms, g.resume_below_ms, g.enabled, this.guardEvents);
    }
    if (prev === undefined || prev.feed.max_silence_ms !== config.feed.max_silence_ms) this.feedGuard = new FeedGuard(config.feed.max_silence_ms, this.feedEvents);
    this.epochOffsetS = config.horizon.mode === "session" ? epochOffsetSeconds(this.originEpochNs, config.horizon.session_seconds) : 0;
  }
}

/** How many of the sorted `times` are at or before `tNs`. */
function sortedCount(times: readonly number[], tNs: number): number {
  let n = 0;
  while (n < times.length && times[n] <= tNs) n++;
  return n;
}
