/**
 * Whether a label selector (matchLabels, matchExpressions) picks a namespace, as far as the render
 * can tell: trust-manager writes a Bundle's target into every namespace its `namespaceSelector`
 * selects (every namespace when there is none). A namespace's labels are known when the render
 * has its Namespace object; `kubernetes.io/metadata.name` is known for every namespace (the API
 * server sets it to the name).
 */
import type { Model } from "../model";
import { asArray, asRecord, asString, stringMap } from "../values";

export type SelectorMatch = "yes" | "no" | "unknown";

const NAME_LABEL = "kubernetes.io/metadata.name";

export function selectsNamespace(model: Model, selector: unknown, namespace: string): SelectorMatch {
  const sel = asRecord(selector);
  if (!sel) return "yes";
  const ns = model.get("Namespace", undefined, namespace);
  const labels: Record<string, string> | undefined = ns ? { ...stringMap(asRecord(ns.raw.metadata)?.labels), [NAME_LABEL]: namespace } : undefined;
  // Without the Namespace object only its name label is known; other labels make the answer unknown.
  const label = (key: string): string | undefined | null => (labels ? labels[key] : key === NAME_LABEL ? namespace : null);
  let unknown = false;
  for (const [key, value] of Object.entries(stringMap(sel.matchLabels))) {
    const have = label(key);
    if (have === null) unknown = true;
    else if (have !== value) return "no";
  }
  for (const e of asArray(sel.matchExpressions)) {
    const expr = asRecord(e);
    const key = asString(expr?.key) ?? "";
    const values = asArray(expr?.values).map((v) => asString(v) ?? "");
    const have = label(key);
    if (have === null) {
      unknown = true;
      continue;
    }
    const ok =
      asString(expr?.operator) === "In" ? have !== undefined && values.includes(have)
      : asString(expr?.operator) === "NotIn" ? have === undefined || !values.includes(have)
      : asString(expr?.operator) === "Exists" ? have !== undefined
      : asString(expr?.operator) === "DoesNotExist" ? have === undefined
      : undefined;
    if (ok === undefined) unknown = true;
    else if (!ok) return "no";
  }
  return unknown ? "unknown" : "yes";
}
