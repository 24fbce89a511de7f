import type { BookMirror } from "../book/bookMirror.ts";
import type { StrategyLevels } from "../book/strategyLevels.ts";
import type { VenueListener } from "../venue/venue.ts";

/**
 * What the simulator drives on the strategy side (the trading engine, in practice): the venue's
 * answers, the session rows of a replayed paper session, and a loop step on the virtual clock.
 * It reads the market only through `market`, a mirror the simulator shows the exchange side's book
 * in (best prices and the OFI of the rows the strategy side has reached).
 */
export interface StrategyHost extends VenueListener {
  /** The host's view of the market; the simulator keeps it up to date. */
  readonly market: BookMirror;
  /** A book of levels the host wants fed with the market-data rows at their local time (undefined: none). */
  readonly levels: StrategyLevels | undefined;
  /** One session row (kind above the market-data kinds: a control, a heartbeat…), at its local time. */
  onMarketEvent(kind: number, side: number, priceTicks: number, qty: number): void;
  /** One loop step at the clock's time. */
  step(): void;
}
