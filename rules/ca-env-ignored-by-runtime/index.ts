import { defineRule } from "../../src/engine/rule";
import { IMAGES_OPTION_SCHEMA, RUNTIME_NAMES } from "../../src/knowledge/images";
import type { CaSetting, ContainerTrustStore } from "../../src/model/trust";
import { certainlyIgnored } from "../../src/model/trust";

export default defineRule({
  meta: {
    id: "ca-env-ignored-by-runtime",
    shortDescription: "A CA setting is one that the container's runtime never reads.",
    fullDescription:
      "Each TLS stack reads its own CA settings. Node.js ignores SSL_CERT_FILE and SSL_CERT_DIR unless started with --use-openssl-ca or --use-system-ca (it reads NODE_EXTRA_CA_CERTS); Python's requests ignores SSL_CERT_FILE (it reads REQUESTS_CA_BUNDLE); the JVM reads only its trust store; Go reads only SSL_CERT_FILE and SSL_CERT_DIR; .NET reads SSL_CERT_DIR as a single directory, so a colon-separated list names none; eclipse-temurin imports CAs for USE_SYSTEM_CA_CERTS only from its entrypoint, only from /certificates/*crt. The runtime comes from the image table (extensible); images it does not know are not judged. A setting is reported only when none of the runtime's own CA mechanisms is also set.",
    remediation: "Use the CA mechanism of the container's runtime: NODE_EXTRA_CA_CERTS for Node.js, REQUESTS_CA_BUNDLE (a full bundle) for requests, a trust store for the JVM, SSL_CERT_FILE or SSL_CERT_DIR for Go and .NET; keep eclipse-temurin's entrypoint when using USE_SYSTEM_CA_CERTS.",
    severity: "warning",
    incident: 1,
    tags: ["security", "tls", "trust-store", "container"],
    precision: "medium",
    securitySeverity: 5.5,
    messages: {
      ignoredByRuntime: '{{setting}} in container "{{container}}" is ignored by the {{runtime}} runtime of {{image}}: {{why}}.',
      hookAddsNoCa: '{{setting}} in container "{{container}}" adds no CA: {{why}}.',
    },
    supersedes: ["ca-bundle-path-not-mounted", "ca-bundle-replaces-roots"],
    optionsSchema: { type: "object", additionalProperties: false, properties: { images: IMAGES_OPTION_SCHEMA } },
    defaultOptions: { images: [] },
  },
  check({ model, report }) {
    const stores = model.trustStores();
    for (const ct of stores.containers) {
      for (const s of ct.settings) {
        const ignore = s.ignoredByRuntime;
        if (!ignore || !s.reportPath) continue;
        report({
          object: ct.workload.object,
          path: s.reportPath,
          ...(s.purpose === "hook"
            ? { messageId: "hookAddsNoCa", data: { setting: s.label, container: ct.container.name, why: ignore.why } }
            : { messageId: "ignoredByRuntime", data: { setting: s.label, container: ct.container.name, runtime: RUNTIME_NAMES[ct.image.runtime], image: ct.container.image, why: ignore.why } }),
          fix: fixFor(ct, s, ignore.instead),
          severity: ignore.severity,
          // Only a certain ignore is the root cause of the setting's other findings; a partial one (Python's
          // SSL_CERT_FILE) is a separate hint that must not hide them.
          rootCause: certainlyIgnored(s) ? s.rootCause : `${s.rootCause}:partly-ignored`,
        });
      }
    }
  },
});

/** The runtime's own mechanism, with this setting's path filled in where it fits. */
function fixFor(ct: ContainerTrustStore, s: CaSetting, instead: string): string {
  if (s.purpose === "hook") return `To make ${s.name} work, ${instead}: e.g. volumeMounts: [{name: corp-ca, mountPath: /certificates, readOnly: true}] with items: [{key: ca.crt, path: corp-ca.crt}] on the volume.`;
  const first = s.paths[0];
  const isDirectory = s.carrier.kind === "env" && s.carrier.name === "SSL_CERT_DIR";
  let filled = instead;
  if (first && !isDirectory) {
    filled = filled.replace("<the CA file>", first.path).replace("<dir of your CA>", first.path.replace(/\/[^/]+$/, "") || "/");
    // The same file serves as the runtime's bundle unless it is known to hold a single CA.
    if (first.source.content.kind !== "private") filled = filled.replace("<a full bundle that includes the CA>", `${first.path} (it must be a full bundle)`).replace("<a full bundle>", `${first.path} (it must be a full bundle)`);
  }
  if (filled.includes(`${s.name}=`)) return `Use ${filled}.`;
  if (ct.image.runtime === "python") return `Set ${filled}; ${s.name} can stay for the stdlib ssl module.`;
  return `Remove ${s.name} and use ${filled}.`;
}
