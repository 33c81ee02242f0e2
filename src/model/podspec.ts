import type { JsonPath, K8sObject } from "./types";
import { asArray, asRecord } from "./values";

/**
 * Where the pod spec of a workload sits. Known kinds first; then any kind with
 * `spec.template.spec.containers` (Argo Rollout, OpenShift DeploymentConfig, operators' CRs).
 */
export function podSpecPath(o: K8sObject): JsonPath | undefined {
  const raw = o.raw;
  switch (o.kind) {
    case "Pod":
      return hasContainers(asRecord(raw.spec)) ? ["spec"] : undefined;
    case "CronJob":
      return hasContainers(dig(raw, ["spec", "jobTemplate", "spec", "template", "spec"])) ? ["spec", "jobTemplate", "spec", "template", "spec"] : undefined;
    case "PodTemplate":
      return hasContainers(dig(raw, ["template", "spec"])) ? ["template", "spec"] : undefined;
    default:
      return hasContainers(dig(raw, ["spec", "template", "spec"])) ? ["spec", "template", "spec"] : undefined;
  }
}

/** Path of the pod template's metadata (for labels and annotations), if the kind has one. */
export function podMetadataPath(o: K8sObject): JsonPath | undefined {
  const spec = podSpecPath(o);
  if (!spec) return undefined;
  if (o.kind === "Pod") return ["metadata"];
  return [...spec.slice(0, -1), "metadata"];
}

function hasContainers(spec: Record<string, unknown> | undefined): boolean {
  return !!spec && asArray(spec.containers).length > 0;
}

export function dig(value: unknown, path: JsonPath): Record<string, unknown> | undefined {
  let cur: unknown = value;
  for (const step of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return asRecord(cur);
}
