/**
 * Prints what a rule reports for each case of its tests, as the rule tester sees it: for every
 * finding an `Expected` literal (object, messageId, line, column, endLine, endColumn, severity,
 * related), its message and fix, and the YAML under its region with a caret. For writing a
 * reject case: check that each region is the node the finding is about before copying a value
 * into the test; a value copied without looking asserts nothing.
 *
 * Usage: npx tsx scripts/rule-findings.ts rules/<id>/<id>.test.ts [case name fragment]
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SUITES, describeFound, runRule } from "../test/support/rule-tester";

const [file, only] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: npx tsx scripts/rule-findings.ts rules/<id>/<id>.test.ts [case name fragment]\n");
  process.exit(2);
}
// The test file declares its suite through mocha's globals; here they only collect.
Object.assign(globalThis, { describe: () => undefined, it: () => undefined });
await import(pathToFileURL(resolve(file)).href);
for (const { rule, tests } of SUITES) {
  for (const [kind, cases] of [["accept", tests.accept], ["reject", tests.reject]] as const) {
    for (const c of cases) {
      if (only && !c.name.includes(only)) continue;
      const found = runRule(rule, c);
      process.stdout.write(`${rule.meta.id} ${kind}s: ${c.name}\n${found.length ? describeFound(c.yaml, found) : "  (no findings)"}\n\n`);
    }
  }
}
