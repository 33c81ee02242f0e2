import { defineRule } from "../../src/engine/rule";
import { COMPONENTS_OPTION_SCHEMA } from "../../src/knowledge/components";
import { IMAGES_OPTION_SCHEMA } from "../../src/knowledge/images";
import { BUNDLE_FILE, fullBundleRecipe } from "../../src/knowledge/trust-fixes";
import { GO_CERT_DIRECTORIES } from "../../src/knowledge/ca-settings";
import { normalisePath } from "../../src/model/files";
import type { CaSetting, ContainerTrustStore } from "../../src/model/trust";

export default defineRule({
  meta: {
    id: "ca-flag-ignored",
    shortDescription: "A CA flag is set on a component that ignores it in the configured mode.",
    fullDescription:
      "Some components read their CA flags only in some modes. external-dns reads --tls-ca, --tls-client-cert and --tls-client-cert-key (and their EXTERNAL_DNS_* environment forms) only in the pdns and rfc2136 providers; with --provider=aws, azure, cloudflare, webhook or any other, the flags do nothing and the provider verifies its endpoint against Go's system roots (SSL_CERT_FILE, then /etc/ssl/certs). A private CA passed this way is never trusted, and TLS fails with 'certificate signed by unknown authority' although the flag is set. The component table is data and can be extended.",
    remediation:
      "Put the CA into the trust the component really uses: point SSL_CERT_FILE at a full bundle that includes it (public roots plus the CA, e.g. a trust-manager Bundle with useDefaultCAs: true), or mount such a bundle at the bundle path the image already reads; then remove the ignored flag.",
    severity: "error",
    incident: 1,
    tags: ["security", "tls", "trust-store", "container", "external-dns"],
    precision: "very-high",
    securitySeverity: 7.0,
    messages: {
      caIgnored:
        '{{setting}} in container "{{container}}" is ignored: {{component}} reads {{name}} only with {{selector}} {{modes}}, and this container runs {{mode}}, which trusts {{otherwise}}{{imageTrust}}: the CA is never trusted and TLS fails with "certificate signed by unknown authority".',
      caIgnoredButProvided:
        '{{setting}} in container "{{container}}" is ignored: {{component}} reads {{name}} only with {{selector}} {{modes}}, and this container runs {{mode}}; the CA seems to reach the process through {{already}} instead, so the flag is only misleading.',
      clientCertIgnored:
        '{{setting}} in container "{{container}}" is ignored: {{component}} reads {{name}} only with {{selector}} {{modes}}, and this container runs {{mode}}, which never presents a client certificate from it.',
    },
    supersedes: ["ca-bundle-path-not-mounted"],
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: { components: COMPONENTS_OPTION_SCHEMA, images: IMAGES_OPTION_SCHEMA },
    },
    defaultOptions: { components: [], images: [] },
  },
  check({ model, report }) {
    const stores = model.trustStores();
    for (const ct of stores.containers) {
      for (const s of ct.settings) {
        const use = s.component;
        // honoured is false only when the mode is known, so modeLabel is set.
        if (!use || use.honoured !== false || !s.reportPath || use.modeLabel === undefined) continue;
        const { profile } = use;
        // The finding points at what to remove: the flag itself, not its value.
        const at = s.carrier.kind === "flag" ? s.carrier.use.arg.path : s.reportPath;
        const modes = profile.honouredWhen.join(" or ");
        const base = { setting: s.label, container: ct.container.name, component: profile.name, name: s.name, selector: profile.selector.flag, modes, mode: use.modeLabel };
        if (s.purpose !== "ca") {
          report({
            object: ct.workload.object,
            path: at,
            messageId: "clientCertIgnored",
            data: base,
            fix: `Remove ${s.name}: with ${use.modeLabel} ${profile.name} never reads it (authenticate with the ${profile.selector.noun}'s own credentials instead).`,
            severity: "warning",
            rootCause: s.rootCause,
          });
          continue;
        }
        const already = caReachesSystemTrust(ct);
        report({
          object: ct.workload.object,
          path: at,
          ...(already ? { messageId: "caIgnoredButProvided", data: { ...base, already } } : { messageId: "caIgnored", data: { ...base, otherwise: profile.otherwise, imageTrust: imageTrust(ct) } }),
          fix: already ? `Remove ${s.name}: with ${use.modeLabel} it does nothing, and the CA is already provided through ${already}.` : fixFor(ct, s),
          ...(already ? { severity: "info" as const } : {}),
          rootCause: s.rootCause,
        });
      }
    }
  },
});

/** What the process reads by default, named from the image knowledge. */
function imageTrust(ct: ContainerTrustStore): string {
  const file = ct.settings.find((s) => s.carrier.kind === "env" && s.carrier.name === "SSL_CERT_FILE");
  if (file?.carrier.kind === "env" && file.carrier.origin === "image") return `; this image (${ct.image.description}) sets SSL_CERT_FILE=${file.value}`;
  return "";
}

/** The bundle path the image already reads: its SSL_CERT_FILE, else its layout's first bundle, else Debian's. */
function imageBundlePath(ct: ContainerTrustStore): string {
  return ct.image.env.get("SSL_CERT_FILE") ?? ct.image.layout?.files[0] ?? `/etc/ssl/certs/${BUNDLE_FILE}`;
}

/**
 * A setting through which a CA does reach Go's system pool: SSL_CERT_FILE or AWS_CA_BUNDLE at a full
 * bundle, SSL_CERT_DIR, a CA file mounted into a scanned directory, or a full bundle mounted over one.
 */
function caReachesSystemTrust(ct: ContainerTrustStore): string | undefined {
  for (const s of ct.settings) {
    if (!s.reportPath || s.component || s.carrier.kind !== "env") continue;
    const name = s.carrier.name;
    if ((name === "SSL_CERT_FILE" || name === "AWS_CA_BUNDLE") && s.paths.some((p) => p.source.content.kind === "bundle" && !p.source.missing && p.source.provider === "mount")) return s.label;
    if (name === "SSL_CERT_DIR" && s.paths.length > 0 && s.paths.every((p) => !p.source.missing)) return s.label;
  }
  for (const m of ct.container.mounts) {
    const dir = normalisePath(m.mountPath).replace(/\/[^/]+$/, "");
    if ((m.subPath || m.subPathExpr) && GO_CERT_DIRECTORIES.includes(dir)) return `the file mounted at ${m.mountPath}`;
  }
  const full = ct.shadows.find((sh) => GO_CERT_DIRECTORIES.includes(sh.directory) && sh.content.kind === "bundle");
  return full ? `the full bundle mounted over ${full.directory}` : undefined;
}

function fixFor(ct: ContainerTrustStore, s: CaSetting): string {
  const ca = s.paths[0]?.source.key;
  const first = `Remove ${s.name} and give the process a full bundle that includes the CA: ${fullBundleRecipe("SSL_CERT_FILE", ca)}.`;
  // Mounting over the image's bundle directory loses nothing only when that directory holds nothing else (distroless).
  const layout = ct.image.layout;
  const bundlePath = imageBundlePath(ct);
  const dir = bundlePath.replace(/\/[^/]+$/, "");
  const onlyThatFile = layout?.exactDirectories.includes(dir) && layout.files.every((f) => !f.startsWith(dir + "/") || f === bundlePath) && !layout.directories.some((d) => d.startsWith(dir + "/"));
  if (!onlyThatFile) return first;
  return `${first} Or mount that bundle at ${bundlePath}, the path the image already reads: volumeMounts: [{name: trust-bundle, mountPath: ${dir}, readOnly: true}] with items: [{key: ${BUNDLE_FILE}, path: ${bundlePath.split("/").pop()}}] on the volume.`;
}
