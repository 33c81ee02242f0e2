import { posix } from "node:path";
import { SERVICE_ACCOUNT_DIR, SYSTEM_TRUST_PATHS, TRUST_DIRECTORIES } from "../../knowledge/trust-paths";
import { KUBE_ROOT_CA_CONFIGMAP } from "../../knowledge/trust-sources";
import type { BackingKey } from "../files";
import { normalisePath } from "../files";
import type { Model } from "../model";
import type { Container, KeyToPath, VolumeMount, VolumeSource, Workload } from "../workload";
import type { TrustContent } from "./content";
import { UNKNOWN_CONTENT, hostPathContent, imageBundle, serviceAccountCa, systemTrustPath } from "./content";
import type { ImageFacts } from "./image";
import type { SourceIndex } from "../sources/facts";
import type { SourceKind } from "../sources/writers";
import { pushAll } from "../../util/arrays";

/** Where a path named by a CA setting comes from inside a container, and what it holds. */
export interface PathSource {
  readonly provider: "mount" | "image" | "service-account" | "none" | "relative";
  readonly mount?: VolumeMount;
  /** The ConfigMap or Secret key behind the file, when the volume maps keys to files. */
  readonly key?: BackingKey;
  readonly content: TrustContent;
  /** Why the file is not there, when the render shows that it is not; undefined when it is (or may be). */
  readonly missing: string | undefined;
}

/** Everything path resolution needs about one container. */
export interface PathContext {
  readonly model: Model;
  readonly sources: SourceIndex;
  readonly workload: Workload;
  readonly container: Container;
  readonly image: ImageFacts;
}

const RELATIVE: PathSource = { provider: "relative", content: UNKNOWN_CONTENT, missing: undefined };

/**
 * Resolves a path the way the container's mount namespace does: the deepest volume mount that
 * covers it decides; otherwise the service-account projection; otherwise the image, judged by its
 * known layout (or, for images the tables do not know, by the common system trust paths).
 */
export function resolvePath(ctx: PathContext, raw: string, directory = false): PathSource {
  if (!raw.startsWith("/")) return RELATIVE; // Relative to a working directory trustlint cannot see.
  const target = normalisePath(raw);
  const ns = ctx.workload.object.namespace;
  // Keys are judged as writers and injectors leave them (an injected ConfigMap renders empty).
  const provider = ctx.model.resolveFile(ctx.workload, ctx.container, target);
  if (provider) {
    const { mount, backing: key } = provider;
    if (key) {
      if (key.exists === false) {
        // Say why when a writer withholds the key (an ACME issuer's Certificate: no ca.crt).
        const withholder = key.facts?.withholderOf(key.key);
        const why = withholder ? ` (${withholder.description} writes it, and ${withholder.withheld!.why})` : "";
        return { provider: "mount", mount, key, content: UNKNOWN_CONTENT, missing: `a file that volume "${mount.name}" does not contain: ${key.kind} ${key.name} has no key "${key.key}"${why}` };
      }
      return { provider: "mount", mount, key, content: ctx.sources.contentOf(key.kind, ns, key.name, key.key), missing: undefined };
    }
    return { provider: "mount", mount, content: mountContent(mount, provider.relative), missing: undefined };
  }
  if (directory && ctx.container.mounts.some((m) => normalisePath(m.mountPath).startsWith(target + "/"))) {
    return { provider: "mount", content: UNKNOWN_CONTENT, missing: undefined };
  }
  if (target === SERVICE_ACCOUNT_DIR || target.startsWith(SERVICE_ACCOUNT_DIR + "/")) {
    if (ctx.workload.podSpec.automountServiceAccountToken === false) {
      return { provider: "none", content: UNKNOWN_CONTENT, missing: "a service-account file, but the pod does not automount its token" };
    }
    const file = posix.basename(target);
    if (file !== "ca.crt" && file !== "service-ca.crt") return { provider: "service-account", content: UNKNOWN_CONTENT, missing: undefined };
    // The kubelet projects kube-root-ca.crt (key ca.crt) there; OpenShift adds its service CA.
    const [name, key] = file === "ca.crt" ? [KUBE_ROOT_CA_CONFIGMAP, "ca.crt"] : ["openshift-service-ca.crt", "service-ca.crt"];
    const backing: BackingKey = { kind: "ConfigMap", name, key, exists: true, facts: ctx.model.configMapFacts(ns, name) };
    return { provider: "service-account", key: backing, content: serviceAccountCa(file), missing: undefined };
  }
  return imagePath(ctx.image, target, directory);
}

function imagePath(image: ImageFacts, target: string, directory: boolean): PathSource {
  const layout = image.layout;
  if (layout && (layout.files.includes(target) || layout.directories.includes(target))) {
    return { provider: "image", content: imageBundle(target, image.description), missing: undefined };
  }
  if (layout && layout.name !== "image table") {
    // Inside a directory that also holds other files (hash links, per-CA files): cannot say.
    if (layout.directories.some((d) => target.startsWith(d + "/") && !layout.exactDirectories.includes(d))) return { provider: "image", content: UNKNOWN_CONTENT, missing: undefined };
    const what = directory ? "a directory" : "a path";
    return { provider: "none", content: UNKNOWN_CONTENT, missing: `${what} no volume mount provides and the image does not ship: ${image.description} keeps its trust store at ${layout.files.join(", ")}` };
  }
  if (SYSTEM_TRUST_PATHS.includes(target)) return { provider: "image", content: systemTrustPath(target), missing: undefined };
  return { provider: "none", content: UNKNOWN_CONTENT, missing: "a path no volume mount provides" };
}

/** What a mount without a key mapping provides at `relative`: the node's trust store for hostPath trust directories. */
function mountContent(mount: VolumeMount, relative: string): TrustContent {
  const s = mount.volume?.source;
  if (s?.type !== "hostPath") return UNKNOWN_CONTENT;
  const hostPath = normalisePath(relative ? `${s.path}/${relative}` : s.path);
  const isTrust = TRUST_DIRECTORIES.includes(hostPath) || SYSTEM_TRUST_PATHS.includes(hostPath) || TRUST_DIRECTORIES.some((d) => hostPath.startsWith(d + "/"));
  return hostPathContent(s.path, isTrust);
}

/** One file a volume puts into its mount point. */
export interface VolumeFile {
  /** Path relative to the mount point. */
  readonly relative: string;
  readonly kind: SourceKind;
  readonly name: string;
  readonly key: string;
  readonly content: TrustContent;
}

/** The files a volume provides, as far as the render shows them. */
export interface VolumeListing {
  readonly files: readonly VolumeFile[];
  /** False when some source is not in the render (its keys are unknown). */
  readonly complete: boolean;
  /** For volumes without keys (hostPath): what the whole volume holds. */
  readonly content: TrustContent | undefined;
}

export function listVolume(sources: SourceIndex, namespace: string | undefined, source: VolumeSource | undefined): VolumeListing {
  if (!source) return { files: [], complete: false, content: undefined };
  const one = (kind: SourceKind, name: string, items: readonly KeyToPath[] | undefined): { files: VolumeFile[]; complete: boolean } => {
    if (items) return { files: items.map((i) => ({ relative: normalisePath(i.path).replace(/^\//, ""), kind, name, key: i.key, content: sources.contentOf(kind, namespace, name, i.key) })), complete: true };
    const keys = sources.facts(kind, namespace, name)?.keys;
    if (!keys) return { files: [], complete: false };
    return { files: [...keys].map((k) => ({ relative: k, kind, name, key: k, content: sources.contentOf(kind, namespace, name, k) })), complete: true };
  };
  switch (source.type) {
    case "secret":
      return { ...one("Secret", source.name, source.items), content: undefined };
    case "configMap":
      return { ...one("ConfigMap", source.name, source.items), content: undefined };
    case "projected": {
      const files: VolumeFile[] = [];
      let complete = true;
      for (const s of source.sources) {
        if (s.type === "secret" || s.type === "configMap") {
          const r = one(s.type === "secret" ? "Secret" : "ConfigMap", s.name, s.items);
          pushAll(files, r.files);
          complete &&= r.complete;
        } else if (s.type === "clusterTrustBundle") complete = false;
      }
      return { files, complete, content: undefined };
    }
    case "hostPath": {
      const p = normalisePath(source.path);
      const isTrust = TRUST_DIRECTORIES.includes(p) || TRUST_DIRECTORIES.some((d) => p.startsWith(d + "/"));
      return { files: [], complete: false, content: isTrust ? hostPathContent(source.path, true) : undefined };
    }
    case "emptyDir":
    case "csi":
    case "downwardAPI":
    case "persistentVolumeClaim":
    case "other":
      return { files: [], complete: false, content: undefined };
  }
}

/**
 * What a volume as a whole offers as trust: a full bundle if any of its files is one, only private
 * CAs if every file is known and private, otherwise unknown.
 */
export function listingContent(listing: VolumeListing): TrustContent {
  if (listing.content) return listing.content;
  const full = listing.files.find((f) => f.content.kind === "bundle");
  if (full) return full.content;
  const privates = listing.files.filter((f) => f.content.kind === "private");
  if (listing.complete && privates.length > 0 && privates.length === listing.files.length) return privates[0]!.content;
  return UNKNOWN_CONTENT;
}
