import { describe, expect, it } from "vitest";
import { parseCaptureLine } from "../../../src/data/importers/binance/captureLine.ts";
import { parseFrame } from "../../../src/live/binance/frame.ts";

const DIFF = '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255308,"s":"BTCUSDT","U":5,"u":7,"b":[],"a":[["61838.04","0.3"]]}}';
const TICKER = '{"stream":"btcusdt@bookTicker","data":{"u":50093239212,"s":"BTCUSDT","b":"61837.63","B":"3.7","a":"61837.64","A":"1.5"}}';
const SNAPSHOT = '{"lastUpdateId":50093239218,"bids":[["61837.63","3.7"]],"asks":[["61837.64","1.5"]]}';

describe("parseFrame", () => {
  it("reads a frame exactly as the capture importer reads the same JSON", () => {
    for (const json of [DIFF, TICKER, SNAPSHOT, '{"result":null,"id":1}']) {
      const frame = parseFrame(json, 42n);
      expect(frame).toEqual({ message: parseCaptureLine(`42 ${json}`, "f", 1) });
    }
    expect(parseFrame(DIFF, 1n)).toMatchObject({ message: { stream: "btcusdt@depth@100ms", type: "diff", localNs: 1n } });
    expect(parseFrame(SNAPSHOT, 1n)).toMatchObject({ message: { stream: "", type: "snapshot" } });
  });

  it("reports what is wrong with a frame it cannot read, never throws", () => {
    expect(parseFrame('{"stream":', 1n)).toMatchObject({ malformed: expect.stringMatching(/^invalid JSON/) });
    expect(parseFrame("[1,2]", 1n)).toEqual({ malformed: "expected a JSON object" });
    expect(parseFrame("null", 1n)).toEqual({ malformed: "expected a JSON object" });
    expect(parseFrame("", 1n)).toMatchObject({ malformed: expect.stringMatching(/^invalid JSON/) });
  });
});
