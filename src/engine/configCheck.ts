import { ofiWindowSteps } from "../config/crossFieldRules.ts";
import { parseConfigValue } from "../config/load.ts";
import type { MmConfig } from "../config/schema.ts";
import { NS_PER_S } from "../core/time.ts";
import { OnlineCalibration } from "../estimators/onlineCalibration.ts";
import { FeedGuard } from "../risk/feedGuard.ts";
import { InventoryGuard } from "../risk/inventoryGuard.ts";
import { LatencyGuard } from "../risk/latencyGuard.ts";
import { EwmaVolatility } from "../signals/ewmaVolatility.ts";
import { OfiSignal } from "../signals/ofiSignal.ts";
import type { StrategyDefinition } from "../strategy/api.ts";
import { epochOffsetSeconds } from "../strategy/horizon.ts";
import { strategyParams } from "../strategy/load.ts";
import { builtinStrategy } from "../strategy/registry.ts";
import { requoteLimits, type RequoteLimits } from "./orderManager.ts";

/** The parts TradingEngine.build makes from a config, each made afresh. */
export interface EngineParts {
  /** The strategy's params, parsed by its schema. */
  params: unknown;
  onlineCalibration: OnlineCalibration | undefined;
  inventoryGuard: InventoryGuard;
  requoteLimits: RequoteLimits;
  volatility: EwmaVolatility;
  volatilityBase: EwmaVolatility;
  ofiSignal: OfiSignal;
  latencyGuard: LatencyGuard;
  feedGuard: FeedGuard;
  /** The horizon's epoch offset, s (0 for a rolling horizon). */
  epochOffsetS: number;
}

/**
 * Builds every part TradingEngine.build builds from `config`, in the same way, and throws what
 * building them throws. Nothing is shared with a running engine, so a failure changes nothing.
 */
export function buildEngineParts(config: MmConfig, strategy: StrategyDefinition = builtinStrategy(config), originEpochNs = 0n): EngineParts {
  const params = strategyParams(strategy, config);
  const online = config.calibration.online;
  const g = config.risk.latency_guard;
  return {
    params,
    onlineCalibration: online.enabled ? new OnlineCalibration(online, config.symbol.tick_size) : undefined,
    inventoryGuard: new InventoryGuard(config.risk.q_max, config.orders.size, config.symbol.lot_size, config.symbol.min_notional),
    requoteLimits: requoteLimits(config.orders),
    volatility: new EwmaVolatility(config.volatility.window),
    volatilityBase: new EwmaVolatility(config.volatility.base_window),
    ofiSignal: new OfiSignal(ofiWindowSteps(config), config.ofi.z_window, config.ofi.z_clamp),
    latencyGuard: new LatencyGuard(g.window, g.window_seconds * NS_PER_S, g.pause_above_ms, g.resume_below_ms, g.enabled),
    feedGuard: new FeedGuard(config.feed.max_silence_ms, []),
    epochOffsetS: config.horizon.mode === "session" ? epochOffsetSeconds(originEpochNs, config.horizon.session_seconds) : 0,
  };
}

/**
 * Why `config` cannot take over a running engine, or undefined: the schema and the rules between
 * fields (a config built in code may have skipped parseConfig), then every engine part built from
 * it with the running `strategy` (default: the config's built-in quoter). A hot reload asks this
 * before it says "reloaded", because the engine only builds the parts at its next step, where a
 * failure is a step error and the old config's quoting carries on. The strategy's handlers are
 * not created here: that runs the strategy's own code, with its state, once more.
 */
export function checkEngineConfig(config: MmConfig, strategy?: StrategyDefinition): string | undefined {
  try {
    const valid = parseConfigValue(config);
    buildEngineParts(valid, strategy ?? builtinStrategy(valid));
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
