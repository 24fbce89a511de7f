import { readLines } from "../lines.ts";
import { parseCoinbaseLine, productIdOf, typeOf } from "./captureLine.ts";
import { isoToEpochNs, secondsToEpochNs } from "./time.ts";

/** What a first look at Coinbase inputs finds. */
export interface CoinbaseScan {
  /** Products with messages, in order of first appearance (all of them only when asked for). */
  products: string[];
  /** Lines carry a receive time (cryptofeed capture). */
  captured: boolean;
  /** Min of local − exchange time over the sampled l2update/match messages (null: none sampled). */
  headMinNs: bigint | null;
  samples: number;
}

/** l2update/match messages sampled for the clock offset. */
export const CLOCK_SAMPLES = 1000;
/** Lines read for the clock sample when the products need no full scan. */
const HEAD_LINES = 20_000;

/**
 * Reads the head of the inputs for the clock offset (the first CLOCK_SAMPLES timed book and trade
 * messages, of any product: the clock is the host's) and, with `allProducts`, every line for the
 * products the inputs hold (found without parsing: `product_id` is read from the text).
 */
export async function scanCoinbase(inputs: readonly string[], allProducts: boolean): Promise<CoinbaseScan> {
  const scan: CoinbaseScan = { products: [], captured: false, headMinNs: null, samples: 0 };
  const products = new Set<string>();
  let lines = 0;
  const enough = (): boolean => !allProducts && (scan.samples >= CLOCK_SAMPLES || lines >= HEAD_LINES);
  for (const path of inputs) {
    const it = readLines(path);
    try {
      for await (const { text } of it) {
        lines++;
        look(text, scan, products);
        if (enough()) break;
      }
    } finally {
      await it.return(undefined);
    }
    if (enough()) break;
  }
  scan.products = [...products];
  return scan;
}

/** Takes one line into the scan. */
function look(text: string, scan: CoinbaseScan, products: Set<string>): void {
  const line = parseCoinbaseLine(text);
  if (line.kind !== "message") return;
  const product = productIdOf(line.json);
  if (product !== undefined) products.add(product);
  if (line.localText === undefined) return;
  scan.captured = true;
  if (scan.samples >= CLOCK_SAMPLES) return;
  const type = typeOf(line.json);
  if (type !== "l2update" && type !== "match") return;
  const lead = leadNs(line.localText, line.json);
  if (lead === undefined) return;
  scan.samples++;
  if (scan.headMinNs === null || lead < scan.headMinNs) scan.headMinNs = lead;
}

/** local − exchange time of one captured message, when both read cleanly (errors are the converter's to report). */
function leadNs(localText: string, json: string): bigint | undefined {
  const local = secondsToEpochNs(localText);
  const time = /"time"\s*:\s*"([^"]*)"/.exec(json)?.[1];
  const exch = time === undefined ? undefined : isoToEpochNs(time);
  return local === undefined || exch === undefined ? undefined : local - exch;
}
