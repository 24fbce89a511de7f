import { DataError } from "../core/errors.ts";
import { EventKind, MAX_MARKET_EVENT_KIND } from "./schema.ts";

/**
 * The price and size grid every source is held to: a price is a positive whole number of ticks,
 * a size a whole number of lots. One rule for the importers (through GridCheck) and the event-file
 * reader (through onGrid and the rule texts), so a file convert writes is a file backtest reads.
 */

/** A value is on its grid when value/step is within 1e-9 of an integer… */
export const GRID_TOLERANCE = 1e-9;
/** …widened by float64's own resolution for large counts (value/step carries ~3e-16 relative error). */
export const GRID_RELATIVE_TOLERANCE = 1e-14;

/** Whether `steps` (a value divided by its step) is a whole number of steps, up to float noise. */
export function onGrid(steps: number): boolean {
  const off = steps - Math.round(steps);
  return Math.abs(off) <= GRID_TOLERANCE + Math.abs(steps) * GRID_RELATIVE_TOLERANCE;
}

/** Whether rows of `kind` carry a market price and size the grid applies to (not clears, not session rows). */
export function gridKind(kind: number): boolean {
  return kind >= 1 && kind <= MAX_MARKET_EVENT_KIND && kind !== EventKind.DEPTH_CLEAR;
}

/**
 * A size grid a file declares (see GridCheck), if it still applies under `lotSize`: finer than the
 * lot, which is a whole number of its steps (sizes on the lot grid lie on it too). Else undefined.
 */
export function finerSizeGrid(sizeGrid: number | undefined, lotSize: number): number | undefined {
  if (sizeGrid === undefined || !(sizeGrid < lotSize)) return undefined;
  const ratio = lotSize / sizeGrid;
  return Math.abs(ratio - Math.round(ratio)) <= 1e-9 * ratio ? sizeGrid : undefined;
}

/** The rule an off-grid value breaks, e.g. "price 61837.645 is not on the tick grid of 0.01 (6183764.5 ticks)". */
export function offGridRule(what: "price" | "size", value: number, step: number): string {
  const grid = what === "price" ? "tick" : "lot";
  const steps = Number((value / step).toPrecision(12));
  return `${what} ${value} is not on the ${grid} grid of ${step} (${steps} ${grid}s)`;
}

/** The rule a price ≤ 0 breaks. */
export function nonPositivePriceRule(value: number): string {
  return `price must be > 0, found ${value}`;
}

/** Where an importer's row came from, for its errors: input file and 1-based line or row. */
export interface RowRef {
  file: string;
  row: number | undefined;
}

/** The nearest value on a grid: k·step, computed as k / (1/step) when 1/step is an integer (the decimal value exactly). */
export function gridValue(steps: number, step: number): number {
  const perUnit = Math.round(1 / step);
  return Math.abs(perUnit * step - 1) < 1e-12 ? steps / perUnit : steps * step;
}

/**
 * The grid check of one import: prices (tick) and sizes (lot) of market rows. An off-grid value is
 * a DataError naming the input file, row, field and value; with `snap` (convert --snap-to-grid) it
 * is rounded to the nearest grid value instead and counted for the report's note. A price must be
 * > 0 even after snapping; a positive size that would snap to 0 is an error too (it would delete a
 * level or make an empty trade). `lotSize` undefined: sizes are not checked (a source that cannot
 * say its lot). `sizeGrid`: the grid sizes are checked on when the data's is finer than the lot
 * (a venue that coarsened its lot: orders placed before keep their finer sizes, and so do the
 * levels and trades they make; see binance/binanceRaw.ts), else the lot.
 */
export class GridCheck {
  private readonly inverseTick: number;
  private readonly inverseLot: number;
  /** Values moved onto the grid (with snap). */
  snappedPrices = 0;
  snappedSizes = 0;
  /** Largest move, in ticks and in lots. */
  private maxPriceMove = 0;
  private maxSizeMove = 0;
  private firstSnap: string | null = null;

  /** The step sizes are checked on: `sizeGrid` when given, else the lot (undefined: not checked). */
  readonly sizeStep: number | undefined;

  constructor(
    readonly tickSize: number,
    readonly lotSize: number | undefined,
    readonly snap = false,
    sizeGrid?: number,
  ) {
    this.sizeStep = sizeGrid ?? lotSize;
    this.inverseTick = 1 / tickSize;
    this.inverseLot = this.sizeStep === undefined ? NaN : 1 / this.sizeStep;
  }

  /** `value` as a price on the tick grid (snapped, with snap), or a DataError at `at()`'s row. */
  price(value: number, at: () => RowRef, field = "price"): number {
    const ticks = value * this.inverseTick;
    if (value > 0 && onGrid(ticks)) return value;
    if (!(value > 0)) throw this.error(at, field, nonPositivePriceRule(value));
    if (!this.snap) throw this.error(at, field, `${offGridRule("price", value, this.tickSize)}; pass --tick if the instrument's tick differs, or --snap-to-grid to round such prices`);
    const k = Math.round(ticks);
    if (k <= 0) throw this.error(at, field, `price ${value} rounds to 0 on the tick grid of ${this.tickSize} (prices must be > 0): --tick is too coarse for this data`);
    this.snappedPrices++;
    this.maxPriceMove = Math.max(this.maxPriceMove, Math.abs(ticks - k));
    this.noteFirst(at, field, value);
    return gridValue(k, this.tickSize);
  }

  /** `value` (≥ 0) as a size on the lot grid (snapped, with snap), or a DataError at `at()`'s row. */
  size(value: number, at: () => RowRef, field = "qty"): number {
    const step = this.sizeStep;
    if (step === undefined) return value;
    const lots = value * this.inverseLot;
    if (onGrid(lots)) return value;
    if (!this.snap) throw this.error(at, field, `${offGridRule("size", value, step)}; pass --lot if the instrument's lot differs, or --snap-to-grid to round such sizes`);
    const k = Math.round(lots);
    if (k <= 0) throw this.error(at, field, `size ${value} rounds to 0 on the lot grid of ${step}: --lot is too coarse for this data`);
    this.snappedSizes++;
    this.maxSizeMove = Math.max(this.maxSizeMove, Math.abs(lots - k));
    this.noteFirst(at, field, value);
    return gridValue(k, step);
  }

  /** The report's note on what snapping changed, or null when nothing was snapped. */
  note(): string | null {
    if (this.snappedPrices === 0 && this.snappedSizes === 0) return null;
    const parts: string[] = [];
    if (this.snappedPrices > 0) parts.push(`${this.snappedPrices} prices to the tick grid of ${this.tickSize} (largest move ${round3(this.maxPriceMove)} tick)`);
    if (this.snappedSizes > 0) parts.push(`${this.snappedSizes} sizes to the lot grid of ${this.sizeStep} (largest move ${round3(this.maxSizeMove)} lot)`);
    return `--snap-to-grid: rounded ${parts.join(" and ")}; the first at ${this.firstSnap}`;
  }

  private noteFirst(at: () => RowRef, field: string, value: number): void {
    if (this.firstSnap !== null) return;
    const { file, row } = at();
    this.firstSnap = `${file}${row === undefined ? "" : `: row ${row}`}: ${field} ${value}`;
  }

  private error(at: () => RowRef, field: string, rule: string): DataError {
    const { file, row } = at();
    return new DataError(file, row, field, rule);
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
