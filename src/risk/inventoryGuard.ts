import { ConfigError } from "../core/errors.ts";
import { floorToLot } from "../core/ticks.ts";

/**
 * Inventory guard (README: The V1 strategy): |q| stays ≤ q_max even if every resting order fills. The size
 * of each side shrinks to the room left (rounded down to the lot); a side whose room is below
 * the lot or the minimum notional is not quoted, so at the cap only the reducing side remains.
 * A strategy may ask for another size than `orders.size`; the same room caps it.
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

  /** Size allowed for a new bid (of `wantedSize`, else the order size) given q and the buy quantity already resting or in flight (0 = no bid). */
  bidSize(inventory: number, restingBuyQty: number, priceQuote: number, wantedSize = NaN): number {
    return this.fit(this.qMax - inventory - restingBuyQty, priceQuote, wantedSize);
  }

  /** Size allowed for a new ask (of `wantedSize`, else the order size) given q and the sell quantity already resting or in flight (0 = no ask). */
  askSize(inventory: number, restingSellQty: number, priceQuote: number, wantedSize = NaN): number {
    return this.fit(this.qMax + inventory - restingSellQty, priceQuote, wantedSize);
  }

  private fit(room: number, priceQuote: number, wantedSize: number): number {
    const size = floorToLot(Math.min(Number.isNaN(wantedSize) ? this.orderSize : wantedSize, room), this.lotSize);
    if (size <= 0 || size * priceQuote < this.minNotional) return 0;
    return size;
  }
}
