import { defineRule } from "../../src/engine/rule";
import { IMAGES_OPTION_SCHEMA } from "../../src/knowledge/images";
import { normalisePath } from "../../src/model/files";
import type { CaSetting, ContainerTrustStore, ResolvedPath } from "../../src/model/trust";
import { certainlyIgnored } from "../../src/model/trust";

export default defineRule({
  meta: {
    id: "ca-bundle-path-not-mounted",
    shortDescription: "A CA setting points at a file that no volume mount provides.",
    fullDescription:
      "An environment variable (SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, ...), a CA flag (--tls-ca, --ca-file, --client-ca-file, ...) or a Java -Djavax.net.ssl.trustStore names a path that no volumeMount of the container provides and that the image does not ship (judged from the image's known base layout, e.g. distroless ships only /etc/ssl/certs/ca-certificates.crt, or from the common system trust paths for images trustlint does not know). The program then starts with no CA at that path: Go silently ends up with an empty or default pool, Python and Node.js fail at the first TLS call, and a CA the user believes is trusted is not.",
    remediation:
      "Mount the Secret or ConfigMap that holds the CA at the directory the setting names (mount the volume as a directory and pick the key with items), or change the setting to the path the volume is mounted at.",
    severity: "error",
    incident: 1,
    tags: ["security", "tls", "trust-store", "container"],
    precision: "high",
    securitySeverity: 7.0,
    messages: {
      settingNamesMissing: '{{name}}={{path}} in container "{{container}}" names {{missing}}.',
      flagNamesMissing: '{{name}} {{path}} in container "{{container}}" names {{missing}}.',
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        extraEnv: { type: "array", items: { type: "string", minLength: 1 } },
        extraFlags: { type: "array", items: { type: "string", pattern: "^-" } },
        imagePaths: { type: "array", items: { type: "string", pattern: "^/" }, description: "Paths known to exist in your images (baked-in bundles)." },
        images: IMAGES_OPTION_SCHEMA,
      },
    },
    defaultOptions: { extraEnv: [], extraFlags: [], imagePaths: [], images: [] },
  },
  check({ model, options, report }) {
    const baked = new Set(options.imagePaths.map(normalisePath));
    const stores = model.trustStores();
    for (const ct of stores.containers) {
      for (const s of ct.settings) {
        if (!s.reportPath || s.purpose !== "ca") continue;
        for (const p of s.paths) {
          const missing = p.source.missing;
          if (!missing || baked.has(normalisePath(p.path))) continue;
          report({
            object: ct.workload.object,
            path: s.reportPath,
            messageId: s.carrier.kind === "flag" ? "flagNamesMissing" : "settingNamesMissing",
            data: { name: s.name, path: p.path, container: ct.container.name, missing },
            fix: fixFor(p.path, s.carrier.kind === "env" && s.carrier.name === "SSL_CERT_DIR"),
            rootCause: rootCause(ct, s, p),
          });
        }
      }
    }
  },
});

/**
 * The setting's own root cause, unless the file is missing because a volume hides the trust
 * directory it lives in: then that mount is the root cause (and trust-store-shadowed says so).
 */
function rootCause(ct: ContainerTrustStore, s: CaSetting, p: ResolvedPath): string {
  if (certainlyIgnored(s)) return s.rootCause;
  const shadow = ct.shadows.find((sh) => sh.mount === p.source.mount);
  return shadow?.rootCause ?? s.rootCause;
}

function fixFor(path: string, isDir: boolean): string {
  const dir = isDir ? normalisePath(path) : normalisePath(path).replace(/\/[^/]+$/, "") || "/";
  const file = isDir ? "ca.crt" : path.split("/").pop()!;
  return `Mount the CA volume at ${dir} (volumeMounts: [{name: ca, mountPath: ${dir}, readOnly: true}], with items: [{key: <key>, path: ${file}}] on the volume), or point the setting at the path where the CA is mounted.`;
}
