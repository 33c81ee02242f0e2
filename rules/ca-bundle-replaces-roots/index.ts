import { defineRule } from "../../src/engine/rule";
import type { RelatedInput } from "../../src/engine/rule";
import { IMAGES_OPTION_SCHEMA } from "../../src/knowledge/images";
import { GO_CERT_DIRECTORIES } from "../../src/knowledge/ca-settings";
import { fullBundleRecipe } from "../../src/knowledge/trust-fixes";
import type { Model } from "../../src/model/model";
import type { CaSetting, ContainerTrustStore, PathSource } from "../../src/model/trust";
import { certainlyIgnored } from "../../src/model/trust";

const REPLACES = '{{setting}} in container "{{container}}" replaces the default roots with a file that holds only a private CA ({{evidence}})';

export default defineRule({
  meta: {
    id: "ca-bundle-replaces-roots",
    shortDescription: "A setting that replaces the default roots points at a file holding only a private CA.",
    fullDescription:
      "SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, AWS_CA_BUNDLE, GIT_SSL_CAINFO, GRPC_DEFAULT_SSL_ROOTS_FILE_PATH and -Djavax.net.ssl.trustStore replace the default trust roots rather than adding to them. When the file they name comes from a source that holds one private CA (a key such as ca.crt or service-ca.crt, a cert-manager Certificate Secret, kube-root-ca.crt, or a few PEM certificates) instead of a full bundle (a trust-manager target with default CAs, an OpenShift trusted-cabundle ConfigMap, ca-certificates.crt), the private endpoint works and every public one (cloud APIs, registries, webhooks) fails. NODE_EXTRA_CA_CERTS adds to the roots and is never flagged. In a component known to dial public endpoints (external-dns with a cloud provider, cluster-autoscaler on a cloud, cert-manager's ACME client, AWS/GCP/Azure SDK clients; src/knowledge/public-endpoints.ts) the finding is an error: every call it makes fails.",
    remediation:
      "Point the setting at a full bundle (the public roots plus the private CA, e.g. a trust-manager Bundle with useDefaultCAs: true, or an OpenShift inject-trusted-cabundle ConfigMap), or use the runtime's additive mechanism (NODE_EXTRA_CA_CERTS for Node.js, SSL_CERT_DIR for Go).",
    severity: "warning",
    incident: 1,
    tags: ["security", "tls", "trust-store", "container"],
    precision: "high",
    securitySeverity: 6.0,
    messages: {
      publicRootsLost: `${REPLACES}: public endpoints (cloud APIs, registries, webhooks) then fail with "certificate signed by unknown authority".`,
      componentLosesPublicRoots: `${REPLACES}: {{component}} dials {{dials}}, and every call fails with "certificate signed by unknown authority".`,
      goScanKeepsRoots: `${REPLACES}. Go still scans {{directory}}, whose full bundle this image ships, so public roots survive for Go; any other TLS client in the container (and any change to SSL_CERT_DIR) loses them.`,
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { images: IMAGES_OPTION_SCHEMA } },
    defaultOptions: { images: [] },
  },
  check({ model, report }) {
    const stores = model.trustStores();
    for (const ct of stores.containers) {
      for (const s of ct.settings) {
        // A setting the runtime never reads replaces nothing (ca-env-ignored-by-runtime says so).
        if (!s.reportPath || s.effect !== "replaces" || s.purpose !== "ca" || certainlyIgnored(s)) continue;
        for (const p of s.paths) {
          if (p.source.content.kind !== "private") continue;
          const goKeeps = s.name === "SSL_CERT_FILE" ? ct.goScanKeepsRoots : undefined;
          const where = { setting: s.label, container: ct.container.name, evidence: p.source.content.describe() };
          const need = ct.needsPublicRoots;
          report({
            object: ct.workload.object,
            path: s.reportPath,
            ...(goKeeps
              ? { messageId: "goScanKeepsRoots" as const, data: { ...where, directory: goKeeps } }
              : need
                ? { messageId: "componentLosesPublicRoots" as const, data: { ...where, component: need.component, dials: need.dials } }
                : { messageId: "publicRootsLost" as const, data: where }),
            fix: fixFor(ct, s, p.source),
            related: related(model, ct, p.source),
            // A component that dials public endpoints loses them all: an outage, so an error.
            ...(goKeeps ? { severity: "info" as const } : need ? { severity: "error" as const } : {}),
            rootCause: s.rootCause,
          });
        }
      }
    }
  },
});

function fixFor(ct: ContainerTrustStore, s: CaSetting, source: PathSource): string {
  const ca = source.key;
  const name = s.carrier.kind === "java" ? "-Djavax.net.ssl.trustStore" : s.name;
  if (s.carrier.kind === "java") {
    return `Point ${name} at a store holding the JVM's default roots plus the CA (import the CA into a copy of $JAVA_HOME/lib/security/cacerts with keytool -importcert, or use a trust-manager Bundle with useDefaultCAs: true and additionalFormats.jks), or on eclipse-temurin drop the property and set USE_SYSTEM_CA_CERTS=1 with the CA mounted in /certificates.`;
  }
  const parts = [`Point ${name} at a full bundle that includes the CA: ${fullBundleRecipe(name, ca)}.`];
  const dir = s.value?.replace(/\/[^/]+$/, "") || "/";
  if (ct.image.runtime === "go" && name === "SSL_CERT_FILE" && !GO_CERT_DIRECTORIES.includes(dir) && !ct.shadows.some((sh) => sh.directory === dir)) {
    parts.push(`For a Go program you can instead remove SSL_CERT_FILE and add the CA's directory: SSL_CERT_DIR=/etc/ssl/certs:${dir}.`);
  }
  if (ct.image.runtime === "node") parts.push(`For Node.js, NODE_EXTRA_CA_CERTS=${s.value ?? "<the CA file>"} adds the CA without replacing the roots.`);
  return parts.join(" ");
}

/** The ConfigMap or Secret behind the file, when the render has it. */
function related(model: Model, ct: ContainerTrustStore, source: PathSource): RelatedInput[] {
  const key = source.key;
  if (!key) return [];
  const o = model.get(key.kind, ct.workload.object.namespace, key.name);
  if (!o) return [];
  return [{ object: o, path: ["data", key.key], message: `${key.kind} ${key.name} key "${key.key}": a single private CA, not a full bundle` }];
}
