import type { RuleMeta } from "../engine/rule";
import { ruleHelpUri } from "../report/sarif";
import { maxOf } from "../util/arrays";

/** `--list-rules`: a table for people, or JSON (with --format json) for tools. */
export function listRules(rules: readonly RuleMeta[], asJson: boolean): string {
  if (asJson) {
    return JSON.stringify(
      rules.map((r) => ({ id: r.id, severity: r.severity, incident: r.incident, tags: r.tags, shortDescription: r.shortDescription, remediation: r.remediation, helpUri: ruleHelpUri(r.id) })),
      null,
      2,
    ) + "\n";
  }
  const width = maxOf(rules.map((r) => r.id.length));
  return rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  incident ${String(r.incident).padEnd(2)} ${r.shortDescription}`).join("\n") + "\n";
}
