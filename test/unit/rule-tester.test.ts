import { deepStrictEqual } from "node:assert/strict";
import { defineRule } from "../../src/engine/rule";
import { duplicateCases, unexercisedMessages } from "../support/rule-tester";
import type { RuleTests } from "../support/rule-tester";

// The tester's suite checks, on suites made to break them (a check that cannot fail is no check).
const rule = defineRule({
  meta: { id: "demo", shortDescription: "s", fullDescription: "f", remediation: "r", severity: "error", incident: "k", tags: [], precision: "high", securitySeverity: 5, messages: { one: "one", two: "two {{x}}" } },
  check: () => undefined,
});
const YAML = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
const finding = (messageId: string) => ({ object: "ConfigMap/default/c", messageId, line: 1, column: 1, endLine: 1, endColumn: 2, fix: "f" });

describe("rule tester: suite checks", () => {
  it("fails a case that repeats another's YAML and settings (dedented alike), or its name", () => {
    const tests: RuleTests = {
      accept: [{ name: "a", yaml: YAML }, { name: "b", yaml: `\n  ${YAML.replace(/\n(?=.)/g, "\n  ")}` }, { name: "c", yaml: YAML, clusterDomain: "corp.internal" }],
      reject: [{ name: "a", yaml: "kind: Other\n", findings: [] }],
    };
    deepStrictEqual(duplicateCases(tests), ['"b" repeats "a" (same YAML and settings)', 'two cases are named "a"']);
  });

  it("fails a message id no reject case expects, and an unknown id said to be tested elsewhere", () => {
    const tests: RuleTests = { accept: [], reject: [{ name: "r", yaml: YAML, findings: [finding("one")] }], messagesTestedElsewhere: { three: "nowhere" } };
    deepStrictEqual(unexercisedMessages(rule, tests), ['messagesTestedElsewhere names "three", which the rule does not declare', 'no reject case expects message "two"']);
    deepStrictEqual(unexercisedMessages(rule, { accept: [], reject: [{ name: "r", yaml: YAML, findings: [finding("one"), finding("two")] }] }), []);
  });
});
