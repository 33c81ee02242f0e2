import type { Model } from "../model/model";
import type { Severity } from "../model/types";
import type { ConfiguredRule } from "./configure";
import { formatMessage } from "./message";
import type { ReportInput, RuleMeta, RuleSettings } from "./rule";

/** What a rule reported, before it is located in a source file. */
export interface RawFinding {
  readonly meta: RuleMeta;
  readonly severity: Severity;
  readonly input: ReportInput;
  /** `input.messageId`'s template filled with `input.data`: the text every reporter prints. */
  readonly message: string;
}

/** A rule that threw: a bug in trustlint, reported as such rather than as a stack trace. */
export class RuleCrash extends Error {
  override readonly name = "RuleCrash";
  constructor(readonly ruleId: string, readonly original: unknown) {
    super(`internal error in rule ${ruleId}: ${original instanceof Error ? original.message : String(original)}`);
  }
}

export function runRules(model: Model, rules: readonly ConfiguredRule[], settings: RuleSettings): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const { rule, severity, options } of rules) {
    const report = (reported: ReportInput) => {
      // Formatted here, inside the rule's try: an unknown id or a missing placeholder is the rule's crash.
      const message = formatMessage(rule.meta, reported.messageId, reported.data);
      findings.push({ meta: rule.meta, severity: reported.severity && severity === rule.meta.severity ? reported.severity : severity, input: reported, message });
    };
    try {
      rule.check({ model, options, settings, report });
    } catch (err) {
      throw err instanceof RuleCrash ? err : new RuleCrash(rule.meta.id, err);
    }
  }
  return findings;
}
