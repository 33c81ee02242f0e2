import type { Finding, Suppression } from "../engine/finding";
import type { LoadWarning } from "../load/loader";
import type { Model } from "../model/model";
import type { K8sObject } from "../model/types";
import { asRecord, stringMap } from "../model/values";
import { ignoreComments, ignoreCommentsFor } from "./comments";
import type { IgnoreComment } from "./comments";
import type { Config, IgnoreEntry } from "../config/config";
import { compileGlob } from "../util/glob";
import type { Matcher } from "../util/linear-regex";

export const ANNOTATION_PREFIX = "ignore-check.trustlint.io/";

export interface SuppressionOptions {
  /** Every rule id trustlint knows: an ignore comment naming another one is a mistake to report. */
  readonly knownRuleIds?: readonly string[];
  /** Where an ignore comment is written ("chart/templates/x.yaml:3"), for the suppression's source. */
  readonly commentWhere?: (object: K8sObject, comment: IgnoreComment) => string;
}

/**
 * Marks findings suppressed by object annotations (on the object or its pod template), by
 * `# trustlint:ignore` comments above the object (comments.ts) and by the config's `ignore:`
 * entries. Suppressed findings are kept: SARIF shows them with the reason. An expired entry
 * stops suppressing and says so once.
 */
export function applySuppressions(
  findings: readonly { finding: Finding; object: K8sObject }[],
  model: Model,
  config: Config,
  today: string,
  warnings: LoadWarning[],
  options: SuppressionOptions = {},
): Finding[] {
  if (options.knownRuleIds) checkCommentRules(model.objects, new Set(options.knownRuleIds), options, warnings);
  const active: { entry: IgnoreEntry; name?: Matcher; paths?: Matcher[] }[] = [];
  for (const entry of config.ignore) {
    if (entry.expires && entry.expires < today) {
      warnings.push({ where: entry.where, message: `ignore entry for ${entry.rule} expired on ${entry.expires}; it no longer suppresses anything` });
      continue;
    }
    active.push({ entry, name: entry.name ? compileGlob(entry.name) : undefined, paths: entry.paths?.map(compileGlob) });
  }
  return findings.map(({ finding, object }) => {
    const suppressions: Suppression[] = [...finding.suppressions];
    const annotation = annotationFor(object, model, finding.meta.id);
    if (annotation) suppressions.push(annotation);
    for (const c of ignoreCommentsFor(object)) {
      if (!c.rules.includes("*") && !c.rules.includes(finding.meta.id)) continue;
      suppressions.push({ kind: "inSource", reason: c.reason || "(no reason given)", source: `comment "${c.text}" at ${whereIs(object, c, options)}` });
    }
    for (const a of active) {
      const e = a.entry;
      if (e.rule !== "*" && e.rule !== finding.meta.id) continue;
      if (e.kind && e.kind !== object.kind) continue;
      if (e.namespace && e.namespace !== object.namespace) continue;
      if (a.name && !a.name.test(object.name)) continue;
      if (a.paths && !a.paths.some((p) => p.test(finding.location.uri))) continue;
      suppressions.push({ kind: "external", reason: e.reason, source: e.where });
    }
    return suppressions.length === finding.suppressions.length ? finding : { ...finding, suppressions };
  });
}

function whereIs(object: K8sObject, c: IgnoreComment, options: SuppressionOptions): string {
  return options.commentWhere?.(object, c) ?? `${object.doc.origin.helmSource ?? object.doc.origin.file}:${object.doc.lineOffset + c.line + 1}`;
}

/** An ignore comment that names no rule, or a rule trustlint does not have, suppresses nothing: say so. */
function checkCommentRules(objects: readonly K8sObject[], known: ReadonlySet<string>, options: SuppressionOptions, warnings: LoadWarning[]): void {
  const seen = new Set<object>();
  for (const o of objects) {
    if (seen.has(o.doc)) continue;
    seen.add(o.doc);
    for (const c of ignoreComments(o.doc)) {
      const where = whereIs(o, c, options);
      if (c.rules.length === 0) warnings.push({ where, message: "trustlint:ignore names no rule; write # trustlint:ignore <rule-id> <reason>" });
      for (const id of c.rules) {
        if (id !== "*" && !known.has(id)) warnings.push({ where, message: `trustlint:ignore names unknown rule "${id}" (see trustlint --list-rules); it suppresses nothing` });
      }
    }
  }
}

function annotationFor(object: K8sObject, model: Model, ruleId: string): Suppression | undefined {
  const key = ANNOTATION_PREFIX + ruleId;
  const own = stringMap(asRecord(object.raw.metadata)?.annotations)[key];
  if (own !== undefined) return { kind: "inSource", reason: own || "(no reason given)", source: `annotation ${key} on ${object.kind}/${object.name}` };
  const pod = model.workloadOf(object)?.podAnnotations[key];
  if (pod !== undefined) return { kind: "inSource", reason: pod || "(no reason given)", source: `annotation ${key} on the pod template of ${object.kind}/${object.name}` };
  return undefined;
}
