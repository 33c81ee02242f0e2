/**
 * Workloads allowed to rewrite webhook configurations, CRDs or APIServices: operators that issue
 * their own serving certificate and patch the caBundle at run time (istiod, Gatekeeper, ingress-nginx's
 * patch job, the Vault injector, ...) always ship that grant. A ClusterRole rule with `update` or
 * `patch` on the resource, bound by a ClusterRoleBinding to the ServiceAccount a rendered workload
 * runs as, is read as evidence that the workload fills the caBundle. Wildcard resources (`*`) are
 * not: an admin-style grant says nothing about what a program does.
 */
import { CA_BUNDLE_RBAC_RESOURCES, CA_BUNDLE_RBAC_VERBS } from "../../knowledge/ca-injection";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString } from "../values";
import type { Workload } from "../workload";
import { nsName, pushTo } from "./meta";

export interface RbacWriter {
  readonly workload: Workload;
  readonly role: K8sObject;
  readonly binding: K8sObject;
  readonly kind: string;
  /** The rule's resourceNames; undefined when it covers every object of the kind. */
  readonly resourceNames: readonly string[] | undefined;
  readonly rulePath: JsonPath;
}


interface Grant {
  readonly kind: string;
  readonly resourceNames: readonly string[] | undefined;
  readonly rulePath: JsonPath;
}

/** Index: "Kind/name" (or "Kind/*" for grants without resourceNames) → writers. */
export function rbacWriters(model: Model): Map<string, RbacWriter[]> {
  const bySa = new Map<string, Workload[]>();
  for (const w of model.workloads) {
    const sa = asString(w.podSpec.serviceAccountName) || asString(w.podSpec.serviceAccount) || "default";
    pushTo(bySa, nsName(w.object.namespace, sa), w);
  }
  const out = new Map<string, RbacWriter[]>();
  for (const binding of model.byKind("ClusterRoleBinding")) {
    const roleRef = asRecord(binding.raw.roleRef);
    if (asString(roleRef?.kind) !== "ClusterRole") continue;
    const role = model.get("ClusterRole", undefined, asString(roleRef?.name) ?? "");
    if (!role) continue;
    const grants = writeGrants(role);
    if (grants.length === 0) continue;
    for (const s of asArray(binding.raw.subjects)) {
      const subject = asRecord(s);
      if (asString(subject?.kind) !== "ServiceAccount") continue;
      for (const workload of bySa.get(nsName(asString(subject?.namespace), asString(subject?.name) ?? "")) ?? []) {
        for (const g of grants) {
          const writer: RbacWriter = { workload, role, binding, kind: g.kind, resourceNames: g.resourceNames, rulePath: g.rulePath };
          for (const name of g.resourceNames ?? ["*"]) pushTo(out, `${g.kind}/${name}`, writer);
        }
      }
    }
  }
  return out;
}

function writeGrants(role: K8sObject): Grant[] {
  return asArray(role.raw.rules).flatMap((r, i) => {
    const rule = asRecord(r);
    if (!rule) return [];
    const verbs = asArray(rule.verbs).map((v) => asString(v) ?? "");
    if (!verbs.some((v) => CA_BUNDLE_RBAC_VERBS.has(v))) return [];
    const groups = asArray(rule.apiGroups).map((g) => asString(g) ?? "");
    const names = asArray(rule.resourceNames).map((n) => asString(n) ?? "").filter(Boolean);
    return asArray(rule.resources).flatMap((res) => {
      const known = CA_BUNDLE_RBAC_RESOURCES[asString(res) ?? ""];
      if (!known || !(groups.includes(known.group) || groups.includes("*"))) return [];
      return [{ kind: known.kind, resourceNames: names.length ? names : undefined, rulePath: ["rules", i] }];
    });
  });
}
