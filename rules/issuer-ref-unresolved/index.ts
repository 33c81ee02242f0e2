import { defineRule } from "../../src/engine/rule";
import { CERTIFICATE_SHIM } from "../../src/knowledge/cert-manager";
import { describeObject } from "../../src/model/graph";
import { CERT_MANAGER_GROUP, isCertManagerObject, issuerRequests, resolveIssuer } from "../../src/model/issuers";
import type { IssuerRequest } from "../../src/model/issuers";
import type { Model } from "../../src/model/model";
import type { K8sObject } from "../../src/model/types";

export default defineRule({
  meta: {
    id: "issuer-ref-unresolved",
    shortDescription: "A Certificate or an ingress-shim annotation names an issuer that is not there in that kind or namespace.",
    fullDescription:
      "A Certificate's issuerRef (kind defaults to Issuer, group to cert-manager.io) and the cert-manager.io/issuer, cluster-issuer and issuer-kind annotations of an Ingress or Gateway name one issuer (kubernetes.io/tls-acme on an Ingress names the controller's --default-issuer-name/--default-issuer-kind when the controller is in the render). An Issuer is namespaced: it serves only Certificates in its own namespace, and a ClusterIssuer is found only with kind: ClusterIssuer. When the render has an issuer of that name of the other kind, or an Issuer of that name in another namespace, cert-manager waits forever with 'issuer.cert-manager.io \"x\" not found' and the Secret is never written (cert-manager#3414, #462, #3066): error. When nothing of that name is in the render it may exist in the cluster: info, with the reason. Issuers of other groups (external issuers) are not judged.",
    remediation: "Point issuerRef (or the annotation) at the issuer as it exists: kind: ClusterIssuer for a ClusterIssuer (cert-manager.io/cluster-issuer on an Ingress), or an Issuer in the Certificate's own namespace.",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "certificate", "cert-manager", "cross-object"],
    precision: "high",
    securitySeverity: 5.0,
    messages: {
      nearMiss: '{{object}} asks {{kind}} {{name}}, but {{why}}: cert-manager never finds it ({{resource}}.cert-manager.io "{{name}}" not found), and the certificate is never issued.',
      issuerNotRendered: "{{object}} asks {{kind}} {{name}}, which this render does not contain: it must exist in the cluster in namespace {{namespace}}, or the certificate is never issued.",
      clusterIssuerNotRendered: "{{object}} asks {{kind}} {{name}}, which this render does not contain: it must exist in the cluster, or the certificate is never issued.",
    },
  },
  check({ model, report }) {
    for (const request of issuerRequests(model)) {
      if (request.group !== CERT_MANAGER_GROUP || resolveIssuer(model, request)) continue;
      const near = nearMiss(model, request);
      const asks = { object: describeObject(request.object), kind: request.kind, name: request.name };
      if (near) {
        report({
          object: request.object,
          path: near.wrongKind && request.kindPath ? request.kindPath : request.path,
          messageId: "nearMiss",
          data: { ...asks, why: near.why, resource: request.kind.toLowerCase() },
          fix: near.fix,
          related: [{ object: near.issuer, message: "the issuer of that name in the render" }],
          rootCause: "issuer-ref",
        });
        continue;
      }
      report({
        object: request.object,
        path: request.path,
        ...(request.kind === "Issuer"
          ? { messageId: "issuerNotRendered" as const, data: { ...asks, namespace: request.object.namespace ?? "default" } }
          : { messageId: "clusterIssuerNotRendered" as const, data: asks }),
        fix: `Make sure ${request.kind} ${request.name} exists${request.kind === "Issuer" ? ` in namespace ${request.object.namespace ?? "default"}` : ""} before this is applied (or render it with the chart).`,
        severity: "info",
        rootCause: "issuer-ref",
      });
    }
  },
});

/** An issuer of that name of the other kind, or an Issuer of that name in another namespace. */
function nearMiss(model: Model, request: IssuerRequest): { issuer: K8sObject; why: string; fix: string; wrongKind: boolean } | undefined {
  const ns = request.object.namespace;
  const onIngress = request.object.kind !== "Certificate";
  if (request.kind === "Issuer") {
    const cluster = model.get("ClusterIssuer", undefined, request.name);
    if (cluster && isCertManagerObject(cluster) && request.fromControllerDefaults) {
      return {
        issuer: cluster,
        why: `${request.name} is a ClusterIssuer (cert-manager's default issuer kind is Issuer unless ${CERTIFICATE_SHIM.defaultIssuerKindFlag} says otherwise)`,
        fix: `Run the cert-manager controller with ${CERTIFICATE_SHIM.defaultIssuerKindFlag}=ClusterIssuer (its chart's ingressShim.defaultIssuerKind), or annotate the Ingress with ${CERTIFICATE_SHIM.clusterIssuer}: ${request.name}.`,
        wrongKind: true,
      };
    }
    if (cluster && isCertManagerObject(cluster)) {
      return {
        issuer: cluster,
        why: `${request.name} is a ClusterIssuer${request.kindPath ? "" : " (issuerRef.kind defaults to Issuer)"}`,
        fix: onIngress ? `Use cert-manager.io/cluster-issuer: ${request.name} instead of cert-manager.io/issuer.` : "Set issuerRef.kind: ClusterIssuer.",
        wrongKind: true,
      };
    }
    const elsewhere = model.byKind("Issuer").find((i) => i.name === request.name && i.namespace !== ns && isCertManagerObject(i));
    if (elsewhere) {
      return {
        issuer: elsewhere,
        why: `the Issuer ${request.name} is in namespace ${elsewhere.namespace}, and an Issuer serves only its own namespace (${ns})`,
        fix: `Render an Issuer ${request.name} in namespace ${ns}, or make ${request.name} a ClusterIssuer and refer to it with kind: ClusterIssuer.`,
        wrongKind: false,
      };
    }
  }
  if (request.kind === "ClusterIssuer") {
    const local = model.byKind("Issuer").find((i) => i.name === request.name && isCertManagerObject(i));
    if (local) {
      return {
        issuer: local,
        why: `${request.name} is an Issuer (in namespace ${local.namespace}), not a ClusterIssuer`,
        fix: local.namespace === ns ? (onIngress ? `Use cert-manager.io/issuer: ${request.name} instead of cert-manager.io/cluster-issuer.` : "Set issuerRef.kind: Issuer (or drop kind).") : `Make ${request.name} a ClusterIssuer, or render an Issuer in namespace ${ns} and refer to it with kind: Issuer.`,
        wrongKind: true,
      };
    }
  }
  return undefined;
}
