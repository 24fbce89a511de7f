import { MmlabError } from "./errors.ts";

/** Price maths on the tick grid. Inside the engine every price is an integer number of ticks. */

/** Nearest tick index of `price` (for prices that lie on the grid up to float noise). */
export function priceToTicks(price: number, tickSize: number): number {
  return Math.round(price / tickSize);
}

/** Price of a tick index. */
export function ticksToPrice(ticks: number, tickSize: number): number {
  return ticks * tickSize;
}

/** Largest tick index at or below a fractional tick position (bids round down). */
export function floorTicks(x: number): number {
  return Math.floor(x + 1e-9);
}

/** Smallest tick index at or above a fractional tick position (asks round up). */
export function ceilTicks(x: number): number {
  return Math.ceil(x - 1e-9);
}

/** Rounds a quantity down to the lot grid (never more than asked). */
export function floorToLot(qty: number, lotSize: number): number {
  return Math.floor(qty / lotSize + 1e-9) * lotSize;
}

/** Checks that an integer tick index fits the engine's Int32 price columns. */
export function assertTickRange(ticks: number, where: string): void {
  if (!(ticks >= -0x7fffffff && ticks <= 0x7fffffff)) {
    throw new MmlabError(`${where}: price of ${ticks} ticks is outside the supported range (±2^31 ticks); use a coarser tick size`);
  }
}
