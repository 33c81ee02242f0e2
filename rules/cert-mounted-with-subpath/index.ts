import { posix } from "node:path";
import { defineRule } from "../../src/engine/rule";
import { TRUST_DIRECTORIES } from "../../src/knowledge/trust-paths";
import { CERT_FILE_NAME } from "../../src/knowledge/trust-sources";
import { describeVolume } from "../../src/model/describe";
import { normalisePath } from "../../src/model/files";
import type { Model } from "../../src/model/model";
import type { Container, VolumeMount, Workload } from "../../src/model/workload";
import { cachedLinear } from "../../src/util/linear-regex";
import type { Matcher } from "../../src/util/linear-regex";

/** Top-level directories a whole-volume mount must never replace. */
const SYSTEM_DIRECTORIES = new Set(["/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var"]);

export default defineRule({
  meta: {
    id: "cert-mounted-with-subpath",
    shortDescription: "A certificate or CA from a Secret, ConfigMap or projected volume is mounted with subPath and never sees a renewal.",
    fullDescription:
      "The kubelet refreshes Secret, ConfigMap and projected volumes in place, but a volumeMount with subPath (or subPathExpr) is a bind mount of the file as it was when the container started: it never changes again. When the mounted key is a certificate, a key or a CA bundle (by its producer, such as a cert-manager Certificate, OpenShift service-ca or trust-manager; by its PEM content; or by its name), the container keeps serving or trusting the old one after rotation, and fails when it expires.",
    remediation:
      "Mount the volume as a directory of its own (pick and rename keys with items, or combine several Secrets and ConfigMaps in one projected volume) and point the program at the file inside that directory.",
    severity: "warning",
    incident: 2,
    tags: ["security", "tls", "rotation", "container"],
    precision: "high",
    securitySeverity: 5.0,
    messages: {
      rotationNeverSeen: '{{volume}} is mounted with {{field}} "{{subPath}}" at {{mountPath}} in container "{{container}}": {{what}}, and a {{field}} mount is a copy taken when the container starts, so the container never sees {{rotation}}.',
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: { extraFilePatterns: { type: "array", items: { type: "string", minLength: 1, linearPattern: true }, description: "More file-name patterns (regular expressions) that mark a mounted key as a certificate." } },
    },
    defaultOptions: { extraFilePatterns: [] },
  },
  check({ model, options, report }) {
    // Config patterns run on the linear-time matcher (validated when the config loaded).
    const patterns: Matcher[] = [CERT_FILE_NAME, ...options.extraFilePatterns.map((p) => cachedLinear(p, "i"))];
    for (const workload of model.workloads) {
      for (const container of workload.containers) {
        for (const mount of container.mounts) {
          const sub = mount.subPath ?? mount.subPathExpr;
          const source = mount.volume?.source;
          if (!sub || !source || (source.type !== "secret" && source.type !== "configMap" && source.type !== "projected")) continue;
          const why = certificateEvidence(model, workload, container, mount, patterns);
          if (!why) continue;
          const field = mount.subPath ? "subPath" : "subPathExpr";
          report({
            object: workload.object,
            path: [...mount.path, field],
            messageId: "rotationNeverSeen",
            data: { volume: describeVolume(mount), field, subPath: sub, mountPath: mount.mountPath, container: container.name, what: why.what, rotation: why.rotation },
            fix: fixFor(model, workload, container, mount, why.key),
            rootCause: `subpath:${container.path.join(".")}:${mount.mountPath}`,
          });
        }
      }
    }
  },
});

interface Evidence {
  /** What makes the file a certificate. */
  readonly what: string;
  /** What update the container misses. */
  readonly rotation: string;
  /** The ConfigMap or Secret key behind the file, when known. */
  readonly key: string | undefined;
}

function certificateEvidence(model: Model, workload: Workload, container: Container, mount: VolumeMount, patterns: readonly Matcher[]): Evidence | undefined {
  const ns = workload.object.namespace;
  const sources = model.sources();
  const provider = mount.subPath ? model.resolveFile(workload, container, mount.mountPath) : undefined;
  const key = provider?.mount === mount ? provider.backing : undefined;
  const objects = objectsOf(mount);
  // The producer decides: cert-manager, service-ca, trust-manager and the cluster CA all rotate.
  const candidates: ObjectRef[] = key ? [{ kind: key.kind, name: key.name }] : objects;
  for (const o of candidates) {
    const producer = sources.facts(o.kind, ns, o.name)?.rotation;
    if (producer) return { what: `${o.kind} ${o.name} is written by ${producer}`, rotation: o.kind === "Secret" ? "a renewed certificate" : "an updated CA bundle", key: key?.key };
  }
  const source = mount.volume?.source;
  if (source?.type === "projected" && source.sources.some((s) => s.type === "clusterTrustBundle" && normalisePath(s.path) === normalisePath(mount.subPath ?? ""))) {
    return { what: "the file is a ClusterTrustBundle projection", rotation: "an updated CA bundle", key: undefined };
  }
  if (key) {
    const secret = key.kind === "Secret" ? model.get("Secret", ns, key.name) : undefined;
    if (secret && secret.raw.type === "kubernetes.io/tls") return { what: `Secret ${key.name} is a kubernetes.io/tls Secret`, rotation: "a renewed certificate", key: key.key };
    const content = sources.contentOf(key.kind, ns, key.name, key.key);
    if (content.kind !== "unknown" && content.basis === "pem-count") return { what: content.describe(), rotation: "an updated certificate or CA", key: key.key };
  }
  const name = key?.key ?? posix.basename(mount.subPath ?? mount.subPathExpr ?? "");
  if (patterns.some((p) => p.test(name) || p.test(posix.basename(mount.mountPath)))) {
    return { what: `"${name}" is named like a certificate, key or CA file`, rotation: "a renewed certificate or CA", key: key?.key };
  }
  return undefined;
}

interface ObjectRef {
  readonly kind: "Secret" | "ConfigMap";
  readonly name: string;
}

function objectsOf(mount: VolumeMount): ObjectRef[] {
  const s = mount.volume?.source;
  if (!s) return [];
  if (s.type === "secret") return [{ kind: "Secret", name: s.name }];
  if (s.type === "configMap") return [{ kind: "ConfigMap", name: s.name }];
  if (s.type === "projected") {
    return s.sources.flatMap((p): ObjectRef[] => (p.type === "secret" ? [{ kind: "Secret", name: p.name }] : p.type === "configMap" ? [{ kind: "ConfigMap", name: p.name }] : []));
  }
  return [];
}

/** A pasteable fix: a directory mount of the same volume, in a directory that hides nothing. */
function fixFor(model: Model, workload: Workload, container: Container, mount: VolumeMount, key: string | undefined): string {
  const file = posix.basename(normalisePath(mount.mountPath));
  const parent = posix.dirname(normalisePath(mount.mountPath));
  const siblings = container.mounts.filter((m) => m.subPath && posix.dirname(normalisePath(m.mountPath)) === parent);
  const parentIsShared =
    SYSTEM_DIRECTORIES.has(parent) ||
    TRUST_DIRECTORIES.includes(parent) ||
    container.mounts.some((m) => !siblings.includes(m) && m !== mount && normalisePath(m.mountPath) === parent);
  const outer = container.mounts.find((m) => m !== mount && !m.subPath && normalisePath(m.mountPath) === parent && isApiVolume(m));
  if (mount.subPath && outer) {
    // Nested inside another volume's directory (a CA inside a webhook's Secret cert-dir): one projected volume serves both, and both rotate.
    const k = model.resolveFile(workload, container, mount.mountPath);
    const inner = k?.mount === mount && k.backing ? `{${k.backing.kind === "Secret" ? "secret" : "configMap"}: {name: ${k.backing.name}, items: [{key: ${k.backing.key}, path: ${file}}]}}` : undefined;
    const outerSources = projectedSources(outer);
    if (inner && outerSources.length > 0) {
      return `${mount.mountPath} is nested inside volume "${outer.name}" mounted at ${parent}: serve the directory from one projected volume instead, so every file in it rotates: volumes: [{name: ${outer.name}, projected: {sources: [${[...outerSources, inner].join(", ")}]}}], keep volumeMounts: [{name: ${outer.name}, mountPath: ${parent}, readOnly: true}] and drop the subPath mount.`;
    }
  }
  const dir = parentIsShared ? `/etc/${mount.name}` : parent;
  const hides = dir !== parent ? ` (a directory of its own: a volume mounted at ${parent} would hide the files the image keeps there)` : "";
  const volumes = new Set(siblings.map((m) => m.name));
  if (mount.subPath && volumes.size > 1 && !parentIsShared) {
    // Several Secrets and ConfigMaps feed one directory (a webhook's cert-dir): one projected volume does it.
    const sources = siblings.flatMap((m) => {
      const p = model.resolveFile(workload, container, m.mountPath);
      const k = p?.mount === m ? p.backing : undefined;
      if (!k) return [];
      const field = k.kind === "Secret" ? "secret" : "configMap";
      return [`{${field}: {name: ${k.name}, items: [{key: ${k.key}, path: ${posix.basename(normalisePath(m.mountPath))}}]}}`];
    });
    return `Serve ${parent} from one projected volume mounted as a directory: volumes: [{name: certs, projected: {sources: [${sources.join(", ")}]}}] with volumeMounts: [{name: certs, mountPath: ${parent}, readOnly: true}] in place of the subPath mounts.`;
  }
  const item = mount.subPath ? `items: [{key: ${key ?? mount.subPath}, path: ${file}}]` : "items that map the keys you need to file names";
  return `Mount the volume as a directory${hides}: volumeMounts: [{name: ${mount.name}, mountPath: ${dir}, readOnly: true}] (no subPath), with ${item} on volume "${mount.name}", and point the program at ${dir}/${file}.`;
}

function isApiVolume(mount: VolumeMount): boolean {
  const t = mount.volume?.source.type;
  return t === "secret" || t === "configMap" || t === "projected";
}

/** The volume's sources written as projected-volume sources. */
function projectedSources(mount: VolumeMount): string[] {
  const s = mount.volume?.source;
  const items = (list: readonly { key: string; path: string }[] | undefined) => (list ? `, items: [${list.map((i) => `{key: ${i.key}, path: ${i.path}}`).join(", ")}]` : "");
  if (s?.type === "secret") return [`{secret: {name: ${s.name}${items(s.items)}}}`];
  if (s?.type === "configMap") return [`{configMap: {name: ${s.name}${items(s.items)}}}`];
  if (s?.type === "projected") return s.sources.flatMap((p) => (p.type === "secret" ? [`{secret: {name: ${p.name}${items(p.items)}}}`] : p.type === "configMap" ? [`{configMap: {name: ${p.name}${items(p.items)}}}`] : []));
  return [];
}
