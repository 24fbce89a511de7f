import { ConfigError } from "../core/errors.ts";
import { floorToLot } from "../core/ticks.ts";

/**
 * Inventory guard (DESIGN 1.6): |q| stays ≤ q_max even if every resting order fills. The size
 * of each side shrinks to the room left (rounded down to the lot); a side whose room is below
 * the lot or the minimum notional is not quoted, so at the cap only the reducing side remains.
 */
export class InventoryGuard {
  constructor(
    private readonly qMax: number,
    private readonly orderSize: number,
    private readonly lotSize: number,
    private readonly minNotional: number,
  ) {
    if (!(qMax > 0)) throw new ConfigError("risk.q_max", qMax, "must be > 0 (base units)");
    if (!(orderSize > 0)) throw new ConfigError("orders.size", orderSize, "must be > 0 (base units)");
  }

  /** Size allowed for a new bid given q and the buy quantity already resting or in flight (0 = no bid). */
  bidSize(inventory: number, restingBuyQty: number, priceQuote: number): number {
    return this.fit(this.qMax - inventory - restingBuyQty, priceQuote);
  }

  /** Size allowed for a new ask given q and the sell quantity already resting or in flight (0 = no ask). */
  askSize(inventory: number, restingSellQty: number, priceQuote: number): number {
    return this.fit(this.qMax + inventory - restingSellQty, priceQuote);
  }

  private fit(room: number, priceQuote: number): number {
    const size = floorToLot(Math.min(this.orderSize, room), this.lotSize);
    if (size <= 0 || size * priceQuote < this.minNotional) return 0;
    return size;
  }
}
