import { defineRule } from "../../src/engine/rule";
import type { RelatedInput, ReportInput } from "../../src/engine/rule";
import { GATEWAY_API_GROUP } from "../../src/knowledge/edges";
import type { EdgeModel, Listener } from "../../src/model/edges";
import { describeObject } from "../../src/model/graph";
import type { JsonPath, K8sObject } from "../../src/model/types";

type Report = (r: ReportInput<keyof typeof MESSAGES>) => void;

const MESSAGES = {
  secretInOtherNamespace: "{{what}}, but the render writes Secret {{name}} only in namespace {{others}}, not in {{namespace}}: {{effect}}.",
  ingressSecretNamespaced:
    '{{object}} names tls.secretName "{{secret}}": an Ingress can only use a Secret of its own namespace ({{namespace}}), so the controller serves its default "Fake Certificate" for {{hosts}} (kubernetes#57325, ingress-nginx#2170).',
  referenceNotGranted:
    'Listener "{{listener}}" of {{owner}} serves Secret {{namespace}}/{{name}} from another namespace, but {{why}}: the listener gets ResolvedRefs=False (RefNotPermitted) and serves no certificate (gateway-api#1297, envoyproxy/gateway#538).',
  caRefNotLocal: "{{object}} names caCertificateRefs {{kind}} {{refNamespace}}/{{name}}, but these references are local: the CA is looked up in {{namespace}} and the policy is not accepted (ResolvedRefs=False).",
  caConfigMapInOtherNamespace:
    "{{object}} names caCertificateRefs ConfigMap {{name}}, which the render has only in {{others}}, not in {{namespace}}: the gateway has no CA to verify {{targets}} and the policy is not accepted.",
} as const;

export default defineRule({
  meta: {
    id: "tls-secret-unresolvable",
    shortDescription: "An ingress, gateway or backend policy names a TLS Secret or CA it cannot read.",
    fullDescription:
      "Edges read their certificates from their own namespace unless a cross-namespace reference is allowed. Reported: an Ingress tls.secretName written as namespace/name or naming a Secret written only in other namespaces (ingress-nginx then serves its 'Fake Certificate'); a Gateway or ListenerSet certificateRefs entry in another namespace without a ReferenceGrant there allowing exactly that kind and namespace to read that Secret; an Istio Gateway credentialName whose Secret is outside the gateway pods' namespace; a BackendTLSPolicy caCertificateRefs entry elsewhere; a Traefik IngressRoute secret written only elsewhere. A Secret absent from the whole render, or one a cert-manager issuer annotation will create, is not reported.",
    remediation: "Create the Secret (or the Certificate that writes it) in the namespace that reads it, or, for Gateway API, add a ReferenceGrant in the Secret's namespace from the Gateway's kind and namespace to that Secret.",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "ingress", "gateway-api", "istio", "cross-object"],
    precision: "high",
    securitySeverity: 5.0,
    messages: MESSAGES,
  },
  check({ model, report }) {
    const edges = model.edges();
    ingresses(edges, report);
    listeners(edges, report);
    istioGateways(edges, report);
    backendPolicies(edges, report);
    for (const t of edges.traefikTls) elsewhere(edges, t.object, t.secretName.path, t.secretName.value, t.object.namespace ?? "", `${describeObject(t.object)} serves tls.secretName ${t.secretName.value}`, "Traefik cannot read a Secret of another namespace for an IngressRoute and serves its default certificate", report);
  },
});

/** Related locations: every writer of a Secret of that name in other namespaces. */
function writersElsewhere(edges: EdgeModel, name: string, except: string): RelatedInput[] {
  return [...edges.namespacesWithSecret(name)]
    .filter((ns) => ns !== except)
    .flatMap((ns) => edges.secretWriters(ns, name).map((w) => ({ object: w.object, path: w.path, message: `writes Secret ${ns}/${name}` })));
}

/** A Secret the render writes only in other namespaces than the one that reads it. */
function elsewhere(edges: EdgeModel, object: K8sObject, path: JsonPath, name: string, namespace: string, what: string, effect: string, report: Report, related: RelatedInput[] = []): void {
  if (edges.secretWritten(namespace, name)) return;
  const others = [...edges.namespacesWithSecret(name)].filter((ns) => ns !== namespace).sort();
  if (others.length === 0) return;
  report({
    object,
    path,
    messageId: "secretInOtherNamespace",
    data: { what, name, others: others.join(", "), namespace, effect },
    fix: `Create Secret ${name} (or the Certificate that writes it) in namespace ${namespace}.`,
    related: [...related, ...writersElsewhere(edges, name, namespace)],
    rootCause: `tls-secret:${object.seq}:${path.join(".")}`,
  });
}

function ingresses(edges: EdgeModel, report: Report): void {
  for (const ing of edges.ingresses) {
    const ns = ing.object.namespace ?? "";
    for (const tls of ing.tls) {
      const secret = tls.secretName;
      if (!secret) continue;
      if (secret.value.includes("/")) {
        report({
          object: ing.object,
          path: secret.path,
          messageId: "ingressSecretNamespaced",
          data: { object: describeObject(ing.object), secret: secret.value, namespace: ns, hosts: tls.hosts.map((h) => h.value).join(", ") || "these hosts" },
          fix: `Create the Secret in namespace ${ns} and write only its name, or make it the controller's default certificate (ingress-nginx --default-ssl-certificate=${secret.value}).`,
          rootCause: `tls-secret:${ing.object.seq}:${secret.path.join(".")}`,
        });
        continue;
      }
      // A Secret cert-manager's ingress-shim writes for an issuer annotation is written here: the model knows it.
      elsewhere(edges, ing.object, secret.path, secret.value, ns, `${describeObject(ing.object)} serves tls.secretName ${secret.value}`, `an Ingress reads Secrets only from its own namespace, so the controller serves its default "Fake Certificate" (kubernetes#57325, ingress-nginx#2170)`, report);
    }
  }
}

function listeners(edges: EdgeModel, report: Report): void {
  for (const l of edges.listeners) {
    const ns = l.owner.namespace ?? "";
    for (const ref of l.certificateRefs) {
      if (ref.kind !== "Secret" || ref.group !== "") continue;
      if (ref.namespace === ns) {
        elsewhere(edges, l.owner, l.path, ref.name, ns, `Listener "${l.name}" of ${describeObject(l.owner)} serves certificateRefs ${ref.name}`, "a certificateRef without a namespace reads the listener's own namespace, so the listener is not programmed (ResolvedRefs=False, InvalidCertificateRef)", report);
        continue;
      }
      const from = { group: GATEWAY_API_GROUP, kind: l.owner.kind, namespace: ns };
      if (edges.grantFor(from, { group: "", kind: "Secret", name: ref.name, namespace: ref.namespace })) continue;
      missingGrant(edges, l, ref.namespace, ref.name, ref.path, report);
    }
  }
}

function missingGrant(edges: EdgeModel, l: Listener, namespace: string, name: string, refPath: JsonPath, report: Report): void {
  const ns = l.owner.namespace ?? "";
  // Grants in the Secret's namespace that let something read Secrets: the near misses to show.
  const nearMisses = edges.referenceGrantsIn(namespace).filter((g) => g.to.some((t) => t.group === "" && t.kind === "Secret"));
  const related: RelatedInput[] = nearMisses.map((g) => {
    const allowed = g.from.map((f) => `${f.kind} in ${f.namespace ?? "?"}`).join(", ");
    const to = g.to.filter((t) => t.kind === "Secret").map((t) => t.name ?? "every Secret").join(", ");
    return { object: g.object, path: g.from[0]?.path ?? ["spec", "from"], message: `allows ${allowed || "nothing"} to read ${to}, not ${l.owner.kind} in ${ns} to read ${name}` };
  });
  related.push({ object: l.owner, path: refPath, message: `certificateRefs entry naming ${namespace}/${name}` });
  for (const w of edges.secretWriters(namespace, name)) related.push({ object: w.object, path: w.path, message: `writes Secret ${namespace}/${name}` });
  const why = nearMisses.length ? `the ReferenceGrant${nearMisses.length > 1 ? "s" : ""} there (${nearMisses.map((g) => g.object.name).join(", ")}) do not allow ${l.owner.kind} in namespace ${ns} to read it` : `no ReferenceGrant in ${namespace} allows it`;
  report({
    object: l.owner,
    path: l.path,
    messageId: "referenceNotGranted",
    data: { listener: l.name, owner: describeObject(l.owner), namespace, name, why },
    fix: `Add to namespace ${namespace}: a ReferenceGrant with from: [{group: ${GATEWAY_API_GROUP}, kind: ${l.owner.kind}, namespace: ${ns}}] and to: [{group: "", kind: Secret, name: ${name}}] — or create the Secret in ${ns}.`,
    related,
    rootCause: `tls-secret:${l.owner.seq}:${refPath.join(".")}`,
  });
}

function istioGateways(edges: EdgeModel, report: Report): void {
  for (const gw of edges.istioGateways) {
    const podNamespaces = [...new Set(gw.pods.map((p) => p.object.namespace ?? ""))];
    if (podNamespaces.length === 0) continue;
    for (const server of gw.servers) {
      const cred = server.credentialName;
      if (!cred) continue;
      const name = cred.value.replace(/^kubernetes:\/\//, "");
      for (const podNs of podNamespaces) {
        const pods = gw.pods.filter((p) => p.object.namespace === podNs);
        elsewhere(
          edges,
          gw.object,
          cred.path,
          name,
          podNs,
          `${describeObject(gw.object)} serves credentialName ${name} on its pods ${pods.map((p) => describeObject(p.object)).join(", ")}`,
          "Istio reads credentialName only from the namespace of the gateway workload, so the server has no certificate and TLS handshakes fail (istio#58517)",
          report,
          pods.map((p) => ({ object: p.object, path: ["metadata", "name"], message: "gateway pods selected by the Gateway" })),
        );
      }
    }
  }
}

function backendPolicies(edges: EdgeModel, report: Report): void {
  for (const p of edges.backendTlsPolicies) {
    const ns = p.object.namespace ?? "";
    for (const ref of p.caCertificateRefs) {
      if (ref.explicitNamespace && ref.namespace !== ns) {
        report({
          object: p.object,
          path: ref.path,
          messageId: "caRefNotLocal",
          data: { object: describeObject(p.object), kind: ref.kind, refNamespace: ref.namespace, name: ref.name, namespace: ns },
          fix: `Put the CA ${ref.kind} in namespace ${ns} and drop the namespace from the reference.`,
          rootCause: `tls-secret:${p.object.seq}:${ref.path.join(".")}`,
        });
        continue;
      }
      if (ref.kind !== "ConfigMap" || ref.group !== "") continue;
      const where = edges.namespacesWithConfigMap(ref.name);
      if (where.has(ns) || where.size === 0) continue;
      report({
        object: p.object,
        path: ref.path,
        messageId: "caConfigMapInOtherNamespace",
        data: { object: describeObject(p.object), name: ref.name, others: [...where].sort().join(", "), namespace: ns, targets: p.targets.map((t) => t.name).join(", ") || "the backend" },
        fix: `Create ConfigMap ${ref.name} with the backend CA (ca.crt) in namespace ${ns} (trust-manager can copy it there).`,
        rootCause: `tls-secret:${p.object.seq}:${ref.path.join(".")}`,
      });
    }
  }
}
