import { describe, expect, it } from "vitest";
import { FillLog } from "../../src/engine/fillLog.ts";
import { TimeseriesRecorder } from "../../src/engine/recorder.ts";
import { FILL_COLUMNS, REPORT_FILL_COLUMNS, TIMESERIES_COLUMNS } from "../../src/runfolder/format.ts";

describe("run folder format: the columns the writer writes are the ones the format states", () => {
  it("fills.arrow: FILL_COLUMNS are the fill log's columns, in its order", () => {
    expect(Object.keys(new FillLog().toColumns(0.01))).toEqual([...FILL_COLUMNS]);
  });

  it("timeseries.arrow: TIMESERIES_COLUMNS are the recorder's columns, in its order", () => {
    expect(Object.keys(new TimeseriesRecorder().toColumns())).toEqual([...TIMESERIES_COLUMNS]);
  });

  it("a report reads only columns the writer writes", () => {
    for (const name of REPORT_FILL_COLUMNS) expect(FILL_COLUMNS).toContain(name);
  });
});
