/** Grid search: definitions, points, worker pool, resumable output folders, shards and merge, walk-forward, the grid report. */
export { resolveGrid, gridHash, gridSize, SPECIAL_PARAMS, type GridDefinition, type GridInput, type JsonValue } from "./definition.ts";
export { paramsFromArgs, parseParamArg, readGridFile, combineInputs } from "./input.ts";
export { gridPoints, pointId, describePoint, type GridPoint } from "./points.ts";
export { pointTask, validatePoints, type PointTask, type PointSource, type Phase } from "./tasks.ts";
export { runPoint } from "./pointRun.ts";
export { runPool, type PoolOptions } from "./pool.ts";
export { spanData } from "./spanData.ts";
export { parseSpan, type Span } from "./spans.ts";
export { KPI_COLUMNS, RETURN_SLICES, type GridRow, type KpiColumn } from "./rows.ts";
export { writeResultTables, tableColumns } from "./table.ts";
export { GridFolder, GRID_FILE, POINTS_DIR } from "./store.ts";
export { parseShard, resolveShard, inShard, shardName, type Shard } from "./shards.ts";
export { runGrid, type GridRunOptions, type GridRunReport } from "./runGrid.ts";
export { mergeGrids, type MergeReport } from "./merge.ts";
export { parseObjective, selectBest, type Objective, type Selection } from "./objective.ts";
export { runHoldout, HOLDOUT_FILE, type Holdout } from "./walkForward.ts";
export { gridReportInput, writeGridFolderReport, measuredOn, GRID_REPORT_FILE } from "./report.ts";
export { gridOverfitting, writeGridOverfitting, overfittingLine, OVERFITTING_FILE, type GridOverfitting, type OverfittingOutcome } from "./overfitting.ts";
