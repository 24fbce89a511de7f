/**
 * Intraday seasonality of activity: 1 + amplitude·cos(2π(h − peak)/24) for UTC hour h, so the
 * day averages 1, peaks at `peakHourUtc` and is quietest twelve hours later.
 */
export function seasonalFactor(hourUtc: number, amplitude: number, peakHourUtc: number): number {
  return 1 + amplitude * Math.cos((2 * Math.PI * (hourUtc - peakHourUtc)) / 24);
}
