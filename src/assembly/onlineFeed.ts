import type { EventBatch } from "../data/schema.ts";
import type { TradingEngine } from "../engine/tradingEngine.ts";

/**
 * The batches of a run, each handed to the engine's online re-calibration (when the config turns
 * it on) before the simulator reads it. The calibration may so run ahead of the engine by up to a
 * batch; its fits come into force only once the engine's clock has passed their window
 * (estimators/onlineCalibration.ts), so no step uses data the strategy has not yet received.
 */
export async function* feedOnlineCalibration(engine: TradingEngine, batches: AsyncIterable<EventBatch>): AsyncGenerator<EventBatch> {
  for await (const batch of batches) {
    engine.onlineCalibration?.update(batch);
    yield batch;
  }
}
