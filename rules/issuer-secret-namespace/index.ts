import { defineRule } from "../../src/engine/rule";
import type { RelatedInput } from "../../src/engine/rule";
import { describeObject } from "../../src/model/graph";
import type { KeyWriter } from "../../src/model/graph";
import { clusterResourceNamespaces, isCertManagerObject, issuerSecretRefs } from "../../src/model/issuers";
import type { ClusterResourceNamespace, IssuerSecretRef } from "../../src/model/issuers";
import type { Model } from "../../src/model/model";
import type { K8sObject } from "../../src/model/types";

const NOT_FOUND = 'cert-manager never looks there (secret "{{name}}" not found), so the issuer never becomes Ready and no certificate it signs is issued.';

export default defineRule({
  meta: {
    id: "issuer-secret-namespace",
    shortDescription: "A ClusterIssuer's or Issuer's Secret is rendered in a namespace cert-manager does not read it from.",
    fullDescription:
      "The Secrets an issuer names (ca.secretName, the ACME privateKeySecretRef and externalAccountBinding key, DNS-01 solver secret refs, Vault and Venafi refs) carry no namespace. cert-manager reads an Issuer's in the Issuer's own namespace and a ClusterIssuer's in its cluster resource namespace: the controller's --cluster-resource-namespace flag (its chart passes $(POD_NAMESPACE), the namespace cert-manager runs in; the binary's default is kube-system). When the render puts the Secret only in another namespace, the issuer stays not Ready with 'secret not found' and nothing it signs is issued (cert-manager#324, #2130, #7120). The ACME account key is created when missing, so a misplaced one means a new ACME account (warning). Without the controller in the render, the documented install namespace cert-manager is assumed (warning; the clusterResourceNamespace option states it).",
    remediation:
      "Render the Secret in the namespace cert-manager reads it from: the Issuer's namespace, or for a ClusterIssuer cert-manager's cluster resource namespace (the namespace cert-manager runs in with its chart). Or change --cluster-resource-namespace to where the Secrets are.",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "certificate", "cert-manager", "cross-object"],
    precision: "high",
    securitySeverity: 5.0,
    messages: {
      issuerSecretElsewhere: `{{issuer}} reads {{what}} from Secret {{name}} in its own namespace {{expected}}, but the render puts Secret {{name}} only in {{found}}: ${NOT_FOUND}`,
      clusterIssuerSecretElsewhere: `{{issuer}} reads {{what}} from Secret {{name}} in cert-manager's cluster resource namespace {{expected}} ({{basis}}), but the render puts Secret {{name}} only in {{found}}: ${NOT_FOUND}`,
      accountKeyElsewhere:
        "{{issuer}} keeps its ACME account key in Secret {{name}}, read in {{expected}} ({{basis}}), but the render puts Secret {{name}} only in {{found}}: cert-manager does not find it and registers a new ACME account with a new key, so the rendered key (and an account bound to it) is never used.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        clusterResourceNamespace: {
          type: "string",
          description: "cert-manager's cluster resource namespace, for renders without the cert-manager controller (empty: assume cert-manager, the documented install, and report as a warning).",
        },
      },
    },
    defaultOptions: { clusterResourceNamespace: "" },
  },
  check({ model, options, report }) {
    const sources = model.sources();
    let found: readonly ClusterResourceNamespace[] | undefined;
    const clusterNamespaces = () => (found ??= clusterResourceNamespaces(model, options.clusterResourceNamespace || undefined));
    for (const issuer of model.byKind("ClusterIssuer", "Issuer")) {
      if (!isCertManagerObject(issuer)) continue;
      const cluster = issuer.kind === "ClusterIssuer" ? clusterNamespaces() : [];
      const expected = issuer.kind === "ClusterIssuer" ? cluster.map((c) => c.namespace) : [issuer.namespace ?? "default"];
      // A controller configured from a file the render does not show: where it reads is unknown.
      if (expected.length === 0) continue;
      const basis = issuer.kind === "ClusterIssuer" ? cluster.map((c) => c.basis).join("; ") : "its own namespace";
      const assumed = issuer.kind === "ClusterIssuer" && !cluster.some((c) => c.stated);
      for (const ref of issuerSecretRefs(issuer)) {
        const where = sources.namespacesOf("Secret", ref.name);
        if (where.length === 0 || where.some((ns) => expected.includes(ns))) continue;
        const data = { issuer: describeObject(issuer), what: ref.field.what, name: ref.name, expected: expected.join(" or "), found: where.join(", "), basis };
        const messageId = ref.field.createdIfMissing ? "accountKeyElsewhere" : issuer.kind === "ClusterIssuer" ? "clusterIssuerSecretElsewhere" : "issuerSecretElsewhere";
        report({
          object: issuer,
          path: ref.path,
          messageId,
          data,
          fix: fixFor(model, issuer, ref, expected, where, cluster, assumed),
          related: related(model, ref, where, cluster),
          severity: ref.field.createdIfMissing || assumed ? "warning" : undefined,
        });
      }
    }
  },
});

/** The writers that put the Secret where it is, and the controller flag that says where it is read. */
function related(model: Model, ref: IssuerSecretRef, found: readonly string[], cluster: readonly ClusterResourceNamespace[]): RelatedInput[] {
  const out: RelatedInput[] = [];
  for (const ns of found) {
    for (const w of model.secretFacts(ns, ref.name)?.writers ?? []) out.push({ object: w.object, path: w.path, message: `${w.description} puts Secret ${ref.name} in namespace ${ns}` });
  }
  for (const c of cluster) if (c.source) out.push({ object: c.source.object, path: c.source.path, message: `cert-manager reads ClusterIssuer Secrets in ${c.namespace}` });
  return out;
}

function fixFor(model: Model, issuer: K8sObject, ref: IssuerSecretRef, expected: readonly string[], found: readonly string[], cluster: readonly ClusterResourceNamespace[], assumed: boolean): string {
  const target = expected[0]!;
  const writer = model.secretFacts(found[0], ref.name)?.writers[0];
  const move = writer ? moveWriter(writer, target) : `create Secret ${ref.name} in namespace ${target}`;
  if (issuer.kind === "Issuer") return `Put Secret ${ref.name} in namespace ${target}, where the Issuer reads it: ${move}.`;
  const flag = cluster.find((c) => c.source);
  const instead = flag
    ? ` Or, if the Secrets belong in ${found[0]}, run cert-manager with --cluster-resource-namespace=${found[0]} (${describeObject(flag.source!.object)}).`
    : assumed
      ? ` If cert-manager runs in another namespace, say so with this rule's clusterResourceNamespace option.`
      : "";
  return `Put Secret ${ref.name} in cert-manager's cluster resource namespace ${target}: ${move}.${instead}`;
}

function moveWriter(w: KeyWriter, ns: string): string {
  if (w.type === "rendered") return `set metadata.namespace: ${ns} on the rendered Secret ${w.name}`;
  if (w.shim) return `move ${describeObject(w.object)} to namespace ${ns} (cert-manager's ${w.shim} writes the Secret in its namespace)`;
  if (w.type === "certificate") return `move ${w.description} to namespace ${ns} (a Certificate writes its Secret in its own namespace)`;
  return `have ${w.description} write it in namespace ${ns}`;
}
