/** Calibration of λ(δ) = A·e^(−kδ) and σ from market data (see each module). */
export { BatchCalibration, calibrate, DEFAULT_GRID, type CalibrationOptions, type CalibrationResult } from "./calibrate.ts";
export { CalibrationFeed, type CalibrationSink, type FeedClock } from "./calibrationFeed.ts";
export { gridBin, gridDistanceTicks, validateDepthGrid, type DepthGrid } from "./depthGrid.ts";
export { calibrationJson, formatCalibration, formatRolling, rollingJson } from "./format.ts";
export { IntensityEstimator, intensityResult, type IntensityResult, type IntensityRow } from "./intensityEstimator.ts";
export { fitExponentialDecay, type ExponentialFit } from "./logLinearFit.ts";
export { ReachHistogram } from "./reachHistogram.ts";
export { Calibrator, type RollingCalibratorOptions, type RollingFit } from "./rollingCalibrator.ts";
export { testMarket, type TestMarket, type TestMarketParams } from "./testMarket.ts";
export { MidChangeStats, VolatilityEstimator } from "./volatilityEstimator.ts";
