import type { Rng } from "../../core/rng.ts";
import type { Regime, SyntheticParams } from "./params.ts";
import { seasonalFactor } from "./seasonality.ts";

const REGIME_NAMES = ["normal", "highVol", "lowLiquidity"] as const;

/**
 * The exogenous part of the efficient price — the news that order flow does not cause — on a
 * fixed grid of `gridMs`, generated ahead of the market so that informed traders can see it
 * coming (they trade on the move over the next `informedHorizonS`):
 *
 *   log-volatility  Ornstein–Uhlenbeck (clustering), × regime × √seasonality
 *   regimes         normal ⇄ high volatility / low liquidity (Markov, exponential durations)
 *   value           W += σ·√Δ·N(0,1), plus rare jumps
 *
 * Values are in ticks. The generator asks for W at its event times (non-decreasing) and for
 * W a horizon later; the path keeps a ring of grid points just long enough for that.
 */
export class ValuePath {
  readonly gridNs: number;
  private readonly ringSize: number;
  private readonly values: Float64Array;
  private readonly regimes: Uint8Array;
  private readonly seasons: Float64Array;
  /** The regimes by index (REGIME_NAMES' order): an array, not a lookup by name per event. */
  private readonly regimeList: readonly Regime[];
  /** Index of the next grid point to generate. */
  private nextIndex = 0;
  // Numbers from the start, not undefined: a store then updates the number in place (no allocation).
  private value = 0;
  private logVol = 0;
  private regime: Regime;
  private regimeIndex = 0;
  private regimeEndS = 0;
  private readonly dtS: number;
  private readonly sqrtDtS: number;
  /** The last time asked for and its slot: the generator asks for the same time several times per step. */
  private cachedNs = NaN;
  private cachedSlot = 0;
  private readonly volDecayStep: number;
  private readonly volNoiseStep: number;
  private readonly volMeanCorrection: number;
  private readonly sigmaTicks: number;
  private readonly jumpProbStep: number;
  private readonly jumpStdTicks: number;
  private readonly startHourUtc: number;

  constructor(
    private readonly p: SyntheticParams,
    initialTicks: number,
    private readonly rng: Rng,
  ) {
    this.dtS = p.valueGridMs / 1000;
    this.gridNs = p.valueGridMs * 1e6;
    // The farthest point asked for is one horizon ahead of the latest event time.
    this.ringSize = Math.ceil((p.informedHorizonS * 1000) / p.valueGridMs) + 4;
    this.values = new Float64Array(this.ringSize);
    this.regimes = new Uint8Array(this.ringSize);
    this.seasons = new Float64Array(this.ringSize);
    this.value = initialTicks;
    this.regimeList = REGIME_NAMES.map((name) => p.regimes[name]);
    this.regime = p.regimes.normal;
    this.regimeEndS = rng.exponential(1 / this.regime.meanDurationS);
    this.sqrtDtS = Math.sqrt(this.dtS);
    this.volDecayStep = p.volMeanReversionPerS * this.dtS;
    this.volNoiseStep = p.volOfVol * Math.sqrt(2 * p.volMeanReversionPerS * this.dtS);
    this.volMeanCorrection = (p.volOfVol * p.volOfVol) / 2; // keeps E[σ²] at the stated level
    this.sigmaTicks = p.sigmaQuotePerSqrtS / p.tickSize;
    this.jumpProbStep = (p.jumpsPerHour / 3600) * this.dtS;
    this.jumpStdTicks = p.jumpStdQuote / p.tickSize;
    this.startHourUtc = ((p.startEpochMs / 3_600_000) % 24 + 24) % 24;
  }

  /** W (ticks) at relative time `tNs`: the grid point at or before it. */
  valueAt(tNs: number): number {
    return this.values[this.slot(tNs)];
  }

  /** The regime in force at `tNs` (0 normal, 1 high volatility, 2 low liquidity). */
  regimeAt(tNs: number): Regime {
    return this.regimeList[this.regimes[this.slot(tNs)]];
  }

  /** The seasonal activity factor at `tNs`. */
  seasonAt(tNs: number): number {
    return this.seasons[this.slot(tNs)];
  }

  private slot(tNs: number): number {
    if (tNs === this.cachedNs) return this.cachedSlot;
    const index = Math.floor(tNs / this.gridNs);
    while (this.nextIndex <= index) this.step();
    this.cachedNs = tNs;
    this.cachedSlot = index % this.ringSize;
    return this.cachedSlot;
  }

  /** Generates the next grid point. */
  private step(): void {
    const i = this.nextIndex++;
    const tS = i * this.dtS;
    const season = seasonalFactor(this.startHourUtc + tS / 3600, this.p.seasonality, this.p.seasonalityPeakHourUtc);
    if (i > 0) {
      if (tS >= this.regimeEndS) {
        this.regimeIndex = this.regimeIndex === 0 ? 1 + this.rng.int(2) : 0;
        this.regime = this.regimeList[this.regimeIndex];
        this.regimeEndS = tS + this.rng.exponential(1 / this.regime.meanDurationS);
      }
      this.logVol += -this.volDecayStep * this.logVol + this.volNoiseStep * this.rng.normal();
      const sigma = this.sigmaTicks * this.regime.vol * Math.sqrt(season) * Math.exp(this.logVol - this.volMeanCorrection);
      this.value += sigma * this.sqrtDtS * this.rng.normal();
      if (this.rng.next() < this.jumpProbStep) this.value += this.jumpStdTicks * this.rng.normal();
    }
    const s = i % this.ringSize;
    if (s === this.cachedSlot) this.cachedNs = NaN; // that point is overwritten
    this.values[s] = this.value;
    this.regimes[s] = this.regimeIndex;
    this.seasons[s] = season;
  }
}
