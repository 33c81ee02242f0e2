/**
 * Workloads allowed to rewrite webhook configurations, CRDs or APIServices, and whether that grant
 * makes them a writer of one object's caBundle. Operators that issue their own serving certificate
 * and patch the caBundle at run time (istiod, Gatekeeper, ingress-nginx's patch job, the Vault
 * injector, ...) always ship the grant: a ClusterRole rule with `update` or `patch` on the resource,
 * bound by a ClusterRoleBinding to the ServiceAccount a rendered workload runs as. But the grant
 * alone says only what a program may do, not which objects it touches: cert-manager's cainjector may
 * update every webhook configuration of the cluster and injects only into the annotated ones
 * (issue 15: a rabbitmq operator's webhook without caBundle went unreported beside cert-manager).
 * So a grant counts for one object only with evidence that the workload knows that object:
 * - the grant's resourceNames name it (the role was written for that object);
 * - the workload is configured with its name (a token of an argument or env value), as istiod's
 *   INJECTION_WEBHOOK_CONFIG_NAME or a `--webhook-name=` flag;
 * - the workload is configured with an annotation key the object carries (it selects by it).
 * A workload the knowledge tables recognise (a known controller, an annotation-driven injector such
 * as cainjector) is never taken from RBAC: its table entry says which objects it writes.
 * Wildcard resources (`*`) are no grant at all: an admin-style rule says nothing about a program.
 */
import { CA_BUNDLE_RBAC_RESOURCES, CA_BUNDLE_RBAC_VERBS } from "../../knowledge/ca-injection";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import type { IClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import type { IClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import type { IPolicyRule } from "kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule";
import type { ISubject } from "kubernetes-models/rbac.authorization.k8s.io/v1/Subject";
import { asArray, asString, itemsAs, viewAs } from "../values";
import type { Workload } from "../workload";
import { annotationsOf, nsName, pushTo } from "./meta";

export interface RbacWriter {
  readonly workload: Workload;
  readonly role: K8sObject;
  readonly binding: K8sObject;
  readonly kind: string;
  /** The rule's resourceNames; undefined when it covers every object of the kind. */
  readonly resourceNames: readonly string[] | undefined;
  readonly rulePath: JsonPath;
}

/** A grant on one object, with what ties the workload to that object (none: RBAC alone). */
export interface RbacEvidence {
  readonly writer: RbacWriter;
  /** What ties the workload to the object ("container "x" env NAME names y"); undefined: nothing. */
  readonly evidence: string | undefined;
  /** Why the grant does not count, when there is no evidence. */
  readonly why: string | undefined;
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
    const { roleRef, subjects } = viewAs<IClusterRoleBinding>(binding.raw);
    if (asString(roleRef?.kind) !== "ClusterRole") continue;
    const role = model.get("ClusterRole", undefined, asString(roleRef?.name) ?? "");
    if (!role) continue;
    const grants = writeGrants(role);
    if (grants.length === 0) continue;
    for (const subject of itemsAs<ISubject>(subjects)) {
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

/** What ties the grant's workload to this object, or undefined when only the grant does. */
export function evidenceFor(writer: RbacWriter, o: K8sObject, tokens: ReadonlyMap<string, string>): string | undefined {
  if (writer.resourceNames?.includes(o.name)) return `ClusterRole ${writer.role.name} grants it on ${o.name} by name`;
  const byName = tokens.get(o.name);
  if (byName) return `${byName} name ${o.name}`;
  for (const key of Object.keys(annotationsOf(o))) {
    const byKey = tokens.get(key);
    if (byKey) return `${byKey} name the annotation ${key} the object carries`;
  }
  return undefined;
}

/**
 * Every word of a workload's configuration (arguments and literal env values, split at white
 * space, `=` and `,`), each with the setting it came from, for matching object names and keys.
 */
export function configTokens(workload: Workload): Map<string, string> {
  const out = new Map<string, string>();
  const add = (text: string, where: string): void => {
    for (const t of text.split(/[\s=,]+/)) if (t && !out.has(t)) out.set(t, where);
  };
  for (const c of workload.containers) {
    // Where, never the whole value: an argument may carry more than the matched word.
    for (const a of c.argv) add(a.value, `container "${c.name}" arguments`);
    for (const e of c.env.values()) if (e.source.kind === "literal" && e.value) add(e.value, `container "${c.name}" env ${e.name}`);
  }
  return out;
}

function writeGrants(role: K8sObject): Grant[] {
  return itemsAs<IPolicyRule>(viewAs<IClusterRole>(role.raw).rules).flatMap((rule, i) => {
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
