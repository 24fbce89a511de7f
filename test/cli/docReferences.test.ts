import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { STRESS_RULES_TEXT } from "../../src/runner/stress/report.ts";
import { VALIDATION_RULE_TEXT } from "../../src/runner/validate/verdict.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

describe("documents the output and the code cite", () => {
  it("stress and validate print no reference to a document outside the repository; the KPI rule points to docs/kpis.md", () => {
    for (const text of [STRESS_RULES_TEXT, VALIDATION_RULE_TEXT]) expect(text).not.toMatch(/DESIGN/);
    expect(STRESS_RULES_TEXT).toContain("(docs/kpis.md)");
  });

  it("no source or test cites the design document, which is not in the repository", () => {
    const files = [...tsFiles(join(ROOT, "src")), ...tsFiles(join(ROOT, "test"))].filter((f) => !f.endsWith("docReferences.test.ts"));
    for (const file of files) expect(readFileSync(file, "utf8"), file).not.toMatch(/\bDESIGN\b/);
  });

  it("every docs/….md that the sources cite exists", () => {
    for (const file of tsFiles(join(ROOT, "src"))) {
      for (const [doc] of readFileSync(file, "utf8").matchAll(/\bdocs\/[\w-]+\.md\b/g)) expect(existsSync(join(ROOT, doc)), `${doc} cited in ${file}`).toBe(true);
    }
  });
});
