import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Log } from "sarif";
import { RULES } from "../../rules";
import { RULE_HELP } from "../../src/report/rule-help.generated";
import { sarif } from "../../src/report/sarif";
import { ROOT } from "../support/tools";

/** The SARIF rules table for every rule, from the reporter itself (no lint needed). */
function rulesTable(): NonNullable<Log["runs"][number]["tool"]["driver"]["rules"]> {
  const text = sarif({ findings: [], warnings: [], rules: RULES.map((r) => r.meta), targets: [], objects: 0, errors: [] }, { cwd: ROOT, version: "0.0.0", color: false, ruleHelp: RULE_HELP });
  return (JSON.parse(text) as Log).runs[0]!.tool.driver.rules ?? [];
}

describe("rule help embedded at build time (src/report/rule-help.generated.ts)", () => {
  it("the SARIF help markdown of every rule is its README, byte for byte", () => {
    const table = rulesTable();
    strictEqual(table.length, RULES.length);
    for (const r of table) strictEqual(r.help?.markdown, readFileSync(join(ROOT, "rules", r.id, "README.md"), "utf8"), `help of ${r.id}`);
  });

  it("no reporter reads a file: src/report imports no file-system module", () => {
    const offenders: string[] = [];
    for (const file of readdirSync(join(ROOT, "src", "report"))) {
      const text = readFileSync(join(ROOT, "src", "report", file), "utf8");
      for (const m of text.matchAll(/^import\b[^;]*?from\s+"([^"]+)"/gms)) {
        if (/^(?:node:)?fs(?:\/promises)?$|package-root/.test(m[1]!)) offenders.push(`${file}: ${m[1]}`);
      }
    }
    deepStrictEqual(offenders, []);
  });
});
