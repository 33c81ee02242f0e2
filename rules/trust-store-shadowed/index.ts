import { defineRule } from "../../src/engine/rule";
import { TRUST_DIRECTORIES } from "../../src/knowledge/trust-paths";
import { normalisePath } from "../../src/model/files";
import { describeVolume } from "../../src/model/describe";

interface Options extends Record<string, unknown> {
  /** More directories to treat as trust stores (e.g. a JVM's lib/security). */
  extraDirectories: string[];
}

export default defineRule<Options>({
  meta: {
    id: "trust-store-shadowed",
    shortDescription: "A volume is mounted over a system trust directory and hides the image's public root certificates.",
    fullDescription:
      "A volumeMount without subPath whose mountPath is a system trust directory (/etc/ssl/certs, /etc/pki/tls/certs, /etc/pki/ca-trust/extracted, ...) replaces the whole directory with the volume. The image's CA bundle disappears: unless the volume holds a complete bundle, the process trusts only the mounted certificates and every public endpoint fails with 'certificate signed by unknown authority'.",
    remediation:
      "Mount the private CA into its own directory and point the runtime at it (SSL_CERT_DIR, NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE with a full bundle), or mount a complete bundle (public roots plus the private CA, e.g. a trust-manager Bundle with useDefaultCAs: true) under the file name the image reads.",
    severity: "warning",
    incident: 1,
    tags: ["security", "tls", "trust-store", "container"],
    precision: "high",
    securitySeverity: 6.5,
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: { extraDirectories: { type: "array", items: { type: "string", pattern: "^/" } } },
    },
    defaultOptions: { extraDirectories: [] },
  },
  check({ model, options, report }) {
    const dirs = new Set([...TRUST_DIRECTORIES, ...options.extraDirectories].map(normalisePath));
    for (const workload of model.workloads) {
      for (const container of workload.containers) {
        for (const mount of container.mounts) {
          if (mount.subPath || mount.subPathExpr) continue;
          const dir = normalisePath(mount.mountPath);
          if (!dirs.has(dir)) continue;
          report({
            object: workload.object,
            path: [...mount.path, "mountPath"],
            message: `${describeVolume(mount)} is mounted over ${dir} in container "${container.name}", hiding the image's CA bundle: only the mounted certificates stay trusted.`,
            fix: `Mount the CA at its own directory instead (for example mountPath: /etc/custom-ca) and add it to the runtime's trust (SSL_CERT_DIR=${dir}:/etc/custom-ca for Go and OpenSSL, NODE_EXTRA_CA_CERTS=/etc/custom-ca/<file> for Node.js), or mount a complete bundle (public roots + your CA, e.g. a trust-manager Bundle with useDefaultCAs: true) here.`,
          });
        }
      }
    }
  },
});
