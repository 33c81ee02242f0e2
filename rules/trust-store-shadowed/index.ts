import { posix } from "node:path";
import { defineRule } from "../../src/engine/rule";
import type { MessageData, RelatedInput } from "../../src/engine/rule";
import { GO_CERT_DIRECTORIES } from "../../src/knowledge/ca-settings";
import { IMAGES_OPTION_SCHEMA, RUNTIME_NAMES } from "../../src/knowledge/images";
import { describeVolume } from "../../src/model/describe";
import type { Model } from "../../src/model/model";
import type { ContainerTrustStore, FileReplacement, Shadow } from "../../src/model/trust";
import type { Severity } from "../../src/model/types";
import type { VolumeMount } from "../../src/model/workload";

const OVER_DIRECTORY = '{{volume}} is mounted over {{directory}} in container "{{container}}"';
const OVER_FILE = '{{what}} is mounted over {{file}}, the image\'s CA bundle ({{image}}), in container "{{container}}"';

// {{details}}: further sentences (a component that loses its public roots, settings left naming nothing), each after a space, or empty.
const MESSAGES = {
  certificatesOverDirectory: `${OVER_DIRECTORY}, hiding the image's CA bundle ({{lost}}): only the mounted certificates stay trusted{{evidence}}.{{details}}`,
  bundleOverDirectory: `${OVER_DIRECTORY}. It holds a full bundle ({{evidence}}), so public roots stay trusted, but it hides {{lost}}.{{details}}`,
  bundleMisnamedOverDirectory: `${OVER_DIRECTORY}. It holds a full bundle ({{evidence}}), but not as {{bundles}}, the file the image's TLS clients read: they find no bundle there{{goScan}}.{{details}}`,
  nodeStoreOverDirectory: `${OVER_DIRECTORY}: the node's trust store (hostPath {{hostPath}}) replaces the image's, so the container trusts whatever each node trusts, and {{lost}} are hidden.{{details}}`,
  privateOverFile: `${OVER_FILE}, and holds only private CAs ({{evidence}}).{{details}}`,
  bundleOverFile: `${OVER_FILE}. It holds a full bundle ({{evidence}}), so public roots stay trusted; as a subPath mount it never sees an update of that bundle.`,
  unknownOverFile: `${OVER_FILE}: every TLS client that reads that file trusts only what the mounted file holds{{dials}}; unless it is a full bundle, public endpoints fail.`,
  nodeBundleOverFile: `${OVER_FILE}: the node's bundle replaces the image's, so the container trusts whatever each node trusts (and the file must exist on every node, or the pod does not start).`,
} as const;

/** A message of this rule, by id and data. */
interface Said {
  readonly messageId: keyof typeof MESSAGES;
  readonly data: MessageData;
}

export default defineRule({
  meta: {
    id: "trust-store-shadowed",
    shortDescription: "A volume is mounted over a system trust directory and hides the image's public root certificates.",
    fullDescription:
      "A volume mounted over a system trust directory (/etc/ssl/certs, /etc/pki/tls/certs, /etc/pki/ca-trust/extracted, a JVM's lib/security) or, through subPath, over the image's bundle file replaces the image's CA bundle: unless the volume holds a complete bundle, every public endpoint fails with 'certificate signed by unknown authority'. Private CAs only: a warning, and an error in a component known to dial public endpoints (src/knowledge/public-endpoints.ts) or when a CA setting then names a missing file. A full bundle is info. A node trust directory or bundle file mounted through hostPath replaces the image's with the node's (warning; an error when the image's OpenSSL-based runtime reads a bundle file no known node distribution keeps there).",
    remediation:
      "Mount the private CA into its own directory and point the runtime at it (SSL_CERT_DIR, NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE with a full bundle), or mount a complete bundle (public roots plus the private CA, e.g. a trust-manager Bundle with useDefaultCAs: true) under the file name the image reads.",
    severity: "warning",
    incident: 1,
    tags: ["security", "tls", "trust-store", "container"],
    precision: "high",
    securitySeverity: 6.5,
    messages: MESSAGES,
    supersedes: ["ca-bundle-path-not-mounted"],
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: { extraDirectories: { type: "array", items: { type: "string", pattern: "^/" } }, images: IMAGES_OPTION_SCHEMA },
    },
    defaultOptions: { extraDirectories: [], images: [] },
  },
  check({ model, report }) {
    const stores = model.trustStores();
    for (const ct of stores.containers) {
      for (const shadow of ct.shadows) {
        if (shadow.harmless) continue;
        report({
          object: ct.workload.object,
          path: [...shadow.mount.path, "mountPath"],
          ...messageFor(ct, shadow),
          fix: fixFor(ct, shadow),
          related: related(model, ct, shadow.mount),
          ...severityOf(ct, shadow),
          rootCause: shadow.rootCause,
        });
      }
      for (const file of ct.replacedFiles) {
        const severity = fileSeverity(ct, file);
        if (severity === undefined) continue;
        report({
          object: ct.workload.object,
          path: [...file.mount.path, "mountPath"],
          ...fileMessage(ct, file),
          fix: fileFix(ct, file),
          related: related(model, ct, file.mount),
          severity,
          rootCause: file.rootCause,
        });
      }
    }
  },
});

function severityOf(ct: ContainerTrustStore, shadow: Shadow): { severity?: Severity } {
  const podBroken = shadow.broken.some((b) => b.setting.reportPath !== undefined);
  if (shadow.node) return { severity: podBroken || nodeLayoutBreaks(ct, shadow.node.missingOnNode) ? "error" : "warning" };
  // A full bundle only helps the clients that find it: under the bundle file names the image's clients read.
  const full = shadow.content.kind === "bundle" && shadow.lostBundles.length === 0;
  // Private CAs in place of the public roots, in a component that dials public endpoints: an outage, not a risk.
  const outage = ct.needsPublicRoots !== undefined && shadow.content.kind === "private";
  return podBroken || outage ? { severity: "error" } : full ? { severity: "info" } : {};
}

/**
 * Whether the runtime reads one of the files the node lacks. Go also scans every file of its
 * certificate directories, and Node.js trusts its compiled-in roots, so neither loses them; the
 * JVM reads only its cacerts store.
 */
function nodeLayoutBreaks(ct: ContainerTrustStore, missing: readonly string[]): boolean {
  switch (ct.image.runtime) {
    case "python":
    case "dotnet":
      return missing.length > 0;
    case "jvm":
      return missing.some((f) => f.endsWith("/cacerts"));
    case "go":
    case "node":
    case "unknown":
      return false;
  }
}

/** Undefined when the replacement is harmless (a full bundle where the image keeps nothing else). */
function fileSeverity(ct: ContainerTrustStore, file: FileReplacement): Severity | undefined {
  if (file.hostPath !== undefined) return "warning";
  switch (file.content.kind) {
    case "private":
      return file.goScanKeeps ? "warning" : "error";
    case "bundle":
      return "info";
    case "unknown":
      return "warning";
  }
}

function fileMessage(ct: ContainerTrustStore, file: FileReplacement): Said {
  const what = file.hostPath !== undefined ? `hostPath ${file.hostPath} (volume "${file.mount.name}")` : file.key ? `${file.key.kind} ${file.key.name} key "${file.key.key}" (volume "${file.mount.name}"${file.mount.subPath ? `, subPath ${file.mount.subPath}` : ""})` : describeVolume(file.mount);
  const head = { what, file: file.file, image: ct.image.description, container: ct.container.name };
  if (file.hostPath !== undefined) return { messageId: "nodeBundleOverFile", data: head };
  switch (file.content.kind) {
    case "private": {
      const need = ct.needsPublicRoots;
      const tail = file.goScanKeeps
        ? ` Go still scans the per-certificate files of ${file.goScanKeeps}, so public roots survive for Go; every other TLS client in the container loses them.`
        : need
          ? ` The container runs ${need.component}, which dials ${need.dials}: every call fails with "x509: certificate signed by unknown authority".`
          : ` Every public root of the image is gone: public endpoints fail with "certificate signed by unknown authority".`;
      return { messageId: "privateOverFile", data: { ...head, evidence: file.content.describe(), details: tail } };
    }
    case "bundle":
      return { messageId: "bundleOverFile", data: { ...head, evidence: file.content.describe() } };
    case "unknown":
      return { messageId: "unknownOverFile", data: { ...head, dials: ct.needsPublicRoots ? `, and ${ct.needsPublicRoots.component} dials ${ct.needsPublicRoots.dials}` : "" } };
  }
}

function fileFix(ct: ContainerTrustStore, file: FileReplacement): string {
  if (file.hostPath !== undefined) {
    return `Prefer a bundle the chart controls (a trust-manager Bundle with useDefaultCAs: true mounted at its own directory, with SSL_CERT_FILE pointing at it); if the node's bundle is wanted, set hostPath type: File so a node without ${file.hostPath} fails visibly.`;
  }
  const name = file.mount.name;
  const dir = posix.dirname(file.file);
  if (file.content.kind === "bundle") return `Mount the bundle's volume at a directory of its own (volumeMounts: [{name: ${name}, mountPath: /etc/trust, readOnly: true}]) and point SSL_CERT_FILE at /etc/trust/<bundle file>, so updates of the bundle reach the container.`;
  const keep = GO_CERT_DIRECTORIES.includes(dir) ? dir : "/etc/ssl/certs";
  return `Mount the CA at a directory of its own (volumeMounts: [{name: ${name}, mountPath: /etc/custom-ca, readOnly: true}]) and add it to the runtime's trust (SSL_CERT_DIR=${keep}:/etc/custom-ca for Go and OpenSSL, NODE_EXTRA_CA_CERTS=/etc/custom-ca/<file> for Node.js), or mount a complete bundle (public roots + your CA, e.g. a trust-manager Bundle with useDefaultCAs: true) in place of ${file.file}.`;
}

function messageFor(ct: ContainerTrustStore, shadow: Shadow): Said {
  const head = { volume: describeVolume(shadow.mount), directory: shadow.directory, container: ct.container.name };
  // The first sentence is the message's own; what follows (the component that loses its roots, settings left pointing nowhere) is its details.
  const said = (first: Said, parts: readonly string[]): Said => ({ messageId: first.messageId, data: { ...first.data, details: parts.map((p) => ` ${p}`).join("") } });
  const lost = shadow.lost.length ? shadow.lost.join(", ") : "the image's files there";
  if (shadow.node) {
    const missing = shadow.node.missingOnNode;
    const parts: string[] = [];
    if (missing.length > 0) {
      parts.push(
        nodeLayoutBreaks(ct, missing)
          ? `The image's ${RUNTIME_NAMES[ct.image.runtime]} clients read ${missing.join(", ")}, which no known node distribution keeps in ${shadow.node.hostPath}: they find no bundle and every TLS connection fails.`
          : `No known node distribution keeps ${missing.join(", ")} in ${shadow.node.hostPath}.`,
      );
    }
    for (const b of shadow.broken) parts.push(`${b.setting.name}=${b.path}${b.setting.reportPath ? "" : " (set by the image)"} then names ${b.missing}.`);
    return said({ messageId: "nodeStoreOverDirectory", data: { ...head, hostPath: shadow.node.hostPath, lost } }, parts);
  }
  const first: Said =
    shadow.content.kind === "bundle" && shadow.lostBundles.length === 0
      ? { messageId: "bundleOverDirectory", data: { ...head, evidence: shadow.content.describe(), lost } }
      : shadow.content.kind === "bundle"
        ? { messageId: "bundleMisnamedOverDirectory", data: { ...head, evidence: shadow.content.describe(), bundles: shadow.lostBundles.join(", "), goScan: GO_CERT_DIRECTORIES.includes(shadow.directory) ? ` (only Go's scan of ${shadow.directory} still finds it)` : "" } }
        : { messageId: "certificatesOverDirectory", data: { ...head, lost, evidence: shadow.content.kind === "private" ? ` (${shadow.content.describe()})` : "" } };
  const parts: string[] = [];
  const need = ct.needsPublicRoots;
  if (need && shadow.content.kind !== "bundle") {
    parts.push(
      shadow.content.kind === "private"
        ? `The container runs ${need.component}, which dials ${need.dials}: every call fails with "x509: certificate signed by unknown authority".`
        : `The container runs ${need.component}, which dials ${need.dials} and fails unless the volume holds the public roots.`,
    );
  }
  for (const b of shadow.broken) {
    const from = b.setting.reportPath ? "" : " (set by the image)";
    parts.push(`${b.setting.name}=${b.path}${from} then names ${b.missing}.`);
  }
  return said(first, parts);
}

function fixFor(ct: ContainerTrustStore, shadow: Shadow): string {
  const dir = shadow.directory;
  const name = shadow.mount.name;
  if (shadow.content.kind === "bundle") {
    const bundle = shadow.listing.files.find((f) => f.content.kind === "bundle");
    const wanted = ct.image.env.get("SSL_CERT_FILE") ?? ct.image.layout?.files.find((f) => f.startsWith(dir + "/"));
    return (
      `Mount the bundle at a directory of its own (volumeMounts: [{name: ${name}, mountPath: /etc/trust, readOnly: true}]) and point the runtime at it (SSL_CERT_FILE=/etc/trust/${bundle?.relative ?? "<bundle file>"})` +
      (wanted && bundle ? `, or keep it here with items: [{key: ${bundle.key}, path: ${wanted.slice(dir.length + 1)}}] so the file the image reads is the bundle` : "") +
      "."
    );
  }
  const move = `Mount the CA at its own directory instead (volumeMounts: [{name: ${name}, mountPath: /etc/custom-ca, readOnly: true}])`;
  const complete = "or mount a complete bundle (public roots + your CA, e.g. a trust-manager Bundle with useDefaultCAs: true) here under the file names the image reads";
  switch (ct.image.runtime) {
    case "jvm":
      return `Mount the trust store at its own directory (volumeMounts: [{name: ${name}, mountPath: /etc/truststore, readOnly: true}]) and point -Djavax.net.ssl.trustStore at a store holding the JVM's default roots plus your CA (in JAVA_TOOL_OPTIONS); on eclipse-temurin, USE_SYSTEM_CA_CERTS=1 with the CA mounted in /certificates does this for you.`;
    case "node":
      return `${move} and add it with NODE_EXTRA_CA_CERTS=/etc/custom-ca/<file>, ${complete}.`;
    case "python":
      return `${move} and point REQUESTS_CA_BUNDLE at a full bundle that includes it, ${complete}.`;
    case "go":
    case "dotnet":
    case "unknown": {
      const keep = GO_CERT_DIRECTORIES.includes(dir) ? dir : "/etc/ssl/certs";
      return `${move} and add it to the runtime's trust (SSL_CERT_DIR=${keep}:/etc/custom-ca for Go and OpenSSL, NODE_EXTRA_CA_CERTS=/etc/custom-ca/<file> for Node.js), ${complete}.`;
    }
  }
}

/** The ConfigMap or Secret the volume mounts, when the render has it. */
function related(model: Model, ct: ContainerTrustStore, mount: VolumeMount): RelatedInput[] {
  const s = mount.volume?.source;
  const ref = s?.type === "configMap" ? { kind: "ConfigMap", name: s.name } : s?.type === "secret" ? { kind: "Secret", name: s.name } : undefined;
  const o = ref ? model.get(ref.kind, ct.workload.object.namespace, ref.name) : undefined;
  return o ? [{ object: o, message: `${ref!.kind} ${ref!.name}: what ${mount.mountPath} holds in the container` }] : [];
}
