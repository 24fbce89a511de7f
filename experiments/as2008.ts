/**
 * The Avellaneda & Stoikov (2008) §3.3 simulation for γ = 0.1, 0.01, 1, next to the paper's tables.
 * Run: `npx tsx experiments/as2008.ts [--paths 1000] [--seed 1] [--symmetric-spread same|average] [--json]`.
 */
import { parseArgs } from "node:util";
import { MmlabError } from "../src/core/errors.ts";
import { runAs2008, type As2008Row } from "../src/sim/as2008/as2008.ts";
import { AS2008_PUBLISHED, AS2008_WORKING_PAPER, type As2008PaperTable } from "../src/sim/as2008/paperValues.ts";

const GAMMAS = [0.1, 0.01, 1];

function main(): void {
  const { values } = parseArgs({
    options: {
      paths: { type: "string", default: "1000" },
      seed: { type: "string", default: "1" },
      "symmetric-spread": { type: "string", default: "same" },
      json: { type: "boolean", default: false },
    },
  });
  const paths = Number(values.paths);
  const symmetricSpread = values["symmetric-spread"] as "same" | "average";
  const started = performance.now();
  const results = GAMMAS.map((gamma) => runAs2008({ gamma, paths, seed: values.seed, symmetricSpread }));
  const seconds = (performance.now() - started) / 1000;
  if (values.json) {
    console.log(JSON.stringify(results.flatMap((r) => r.rows.map((row) => ({ gamma: r.gamma, ...row })))));
    return;
  }
  const what = `${paths} paths, seed ${values.seed}, symmetric spread "${symmetricSpread}"`;
  console.log(`Avellaneda–Stoikov (2008) reference scenario: ${what} (${seconds.toFixed(2)} s)`);
  console.log(formatTable(results));
  console.log("\nPublished article (Quantitative Finance 8(3), 2008, Tables 1–3)");
  console.log(formatTable(AS2008_PUBLISHED));
  console.log("\nPre-publication working paper (γ = 0.5 in Table 3; its spread column omits the γσ²(T − t) term)");
  console.log(formatTable(AS2008_WORKING_PAPER));
}

function formatTable(tables: As2008PaperTable[]): string {
  const head = ["γ", "strategy", "spread", "profit mean", "profit std", "final q mean", "final q std"];
  const body = tables.flatMap((t) => t.rows.map((r: As2008Row) => [
    String(t.gamma), r.strategy, r.spread.toFixed(2), r.profitMean.toFixed(2), r.profitStd.toFixed(2), r.finalQMean.toFixed(3), r.finalQStd.toFixed(2),
  ]));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

try {
  main();
} catch (e) {
  if (!(e instanceof MmlabError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
}
