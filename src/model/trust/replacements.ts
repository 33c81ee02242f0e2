import { posix } from "node:path";
import { GO_CERT_DIRECTORIES } from "../../knowledge/ca-settings";
import { LAYOUTS } from "../../knowledge/images";
import { SYSTEM_TRUST_PATHS, TRUST_DIRECTORIES } from "../../knowledge/trust-paths";
import { normalisePath } from "../files";
import type { VolumeMount } from "../workload";
import type { TrustContent } from "./content";
import type { PathContext } from "./paths";
import { resolvePath } from "./paths";

/**
 * A single file mounted over one of the image's bundle files (a `subPath` of a ConfigMap or
 * Secret, a hostPath file): every client that reads that file now trusts what the file holds,
 * and nothing else.
 */
export interface FileReplacement {
  readonly mount: VolumeMount;
  /** The image's bundle file that the mount replaces. */
  readonly file: string;
  readonly content: TrustContent;
  /** The ConfigMap or Secret key behind the file, when there is one. */
  readonly key: { readonly kind: "Secret" | "ConfigMap"; readonly name: string; readonly key: string } | undefined;
  /** For a hostPath file: the node's file that replaces the image's. */
  readonly hostPath: string | undefined;
  /** For Go on an image whose directory keeps per-certificate files: the directory Go's scan still reads. */
  readonly goScanKeeps: string | undefined;
  /** "trust-file:<container path>:<file>". */
  readonly rootCause: string;
}

/** The image's bundle files: the known layout's, else the common system bundle files. */
export function bundleFiles(ctx: PathContext): readonly string[] {
  const layout = ctx.image.layout;
  if (layout && layout.name !== "image table") return layout.files;
  const known = layout?.files ?? [];
  return [...new Set([...known, ...SYSTEM_TRUST_PATHS.filter((p) => !TRUST_DIRECTORIES.includes(p))])];
}

export function findFileReplacements(ctx: PathContext, containerKey: string): FileReplacement[] {
  const files = new Set(bundleFiles(ctx));
  const out: FileReplacement[] = [];
  for (const mount of ctx.container.mounts) {
    const file = normalisePath(mount.mountPath);
    if (!files.has(file) || mount.subPathExpr) continue;
    const source = resolvePath(ctx, file);
    // A deeper mount (or none) decides what the path holds; only the mount that provides the file replaces it.
    if (source.mount !== mount) continue;
    const s = mount.volume?.source;
    const hostPath = s?.type === "hostPath" ? normalisePath(mount.subPath ? `${s.path}/${mount.subPath}` : s.path) : undefined;
    // A ConfigMap or Secret mounted at a file path without subPath turns the file into a directory: the content is unknown.
    const keyed = source.key && (mount.subPath || (s?.type !== "secret" && s?.type !== "configMap" && s?.type !== "projected"));
    out.push({
      mount,
      file,
      content: source.content,
      key: keyed && source.key ? { kind: source.key.kind, name: source.key.name, key: source.key.key } : undefined,
      hostPath,
      goScanKeeps: goScanKeeps(ctx, file),
      rootCause: `trust-file:${containerKey}:${file}`,
    });
  }
  return out;
}

/** Go reads every file of its certificate directories: where the image keeps per-certificate files there, the roots survive for Go. */
function goScanKeeps(ctx: PathContext, file: string): string | undefined {
  const layout = ctx.image.layout;
  if (ctx.image.runtime !== "go" || !layout || layout.name === "image table") return undefined;
  const dir = posix.dirname(file);
  if (!GO_CERT_DIRECTORIES.includes(dir) || layout.exactDirectories.includes(dir) || !layout.directories.includes(dir)) return undefined;
  // Another mount over the whole directory hides those files too.
  if (ctx.container.mounts.some((m) => !m.subPath && normalisePath(m.mountPath) === dir)) return undefined;
  return dir;
}

/** Every bundle file some known distribution keeps on a node. */
const NODE_BUNDLE_FILES: ReadonlySet<string> = new Set([...Object.values(LAYOUTS).flatMap((l) => l.files), ...SYSTEM_TRUST_PATHS.filter((p) => !TRUST_DIRECTORIES.includes(p))]);

/**
 * For a node trust directory (hostPath) mounted over the image's directory: the files the image's
 * runtime reads there that no known node distribution keeps in that host directory. A Debian
 * node's /etc/ssl/certs has ca-certificates.crt; a RHEL node's /etc/pki/tls/certs has only
 * ca-bundle.crt, so an image reading /etc/ssl/certs/ca-certificates.crt finds nothing there.
 */
export function filesMissingOnNode(ctx: PathContext, hostDirectory: string, mountDirectory: string): string[] {
  const host = normalisePath(hostDirectory);
  const dir = normalisePath(mountDirectory);
  return bundleFiles(ctx)
    .filter((f) => f.startsWith(dir + "/"))
    .filter((f) => !NODE_BUNDLE_FILES.has(`${host}${f.slice(dir.length)}`));
}
