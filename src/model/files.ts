/**
 * The one file resolver: container path → the volume mount that covers it → its volume → the
 * Secret or ConfigMap key behind it → that object's facts (src/model/sources). The trust stores,
 * the certificate graph and the rules all resolve files here (`Model.resolveFile`).
 */
import { posix } from "node:path";
import type { Model } from "./model";
import type { SourceFacts } from "./sources/facts";
import type { SourceKind } from "./sources/writers";
import type { Container, KeyToPath, VolumeMount, VolumeSource, Workload } from "./workload";

/** The Secret or ConfigMap key behind a file. */
export interface BackingKey {
  readonly kind: SourceKind;
  readonly name: string;
  readonly key: string;
  /** False when the render shows the key will be absent (judged by its writers), undefined when unknowable. */
  readonly exists: boolean | undefined;
  /** What is known about the object; undefined when nothing in the render writes it. */
  readonly facts: SourceFacts | undefined;
}

/** What backs a file path inside a container. */
export interface ResolvedFile {
  readonly mount: VolumeMount;
  readonly volumeType: VolumeSource["type"] | undefined;
  /** The path relative to the volume root ("" for the mount point itself). */
  readonly relative: string;
  /** The Secret or ConfigMap key behind the file, when the volume maps keys to files. */
  readonly backing: BackingKey | undefined;
}

/** Normalises a container path: collapses `//`, `.` and `..`, drops a trailing slash. */
export function normalisePath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

/**
 * The volume mount that provides `file` in `container` (the deepest mount point wins, as in the
 * container's mount namespace) and the key behind it, judged by what its writers leave in the
 * Secret or ConfigMap, not only by what the render shows. Undefined when no mount covers the path.
 */
export function resolveFile(model: Model, workload: Workload, container: Container, file: string): ResolvedFile | undefined {
  const target = normalisePath(file);
  let best: { mount: VolumeMount; relative: string; depth: number } | undefined;
  for (const mount of container.mounts) {
    const mp = normalisePath(mount.mountPath);
    let relative: string | undefined;
    if (target === mp) relative = mount.subPath ?? "";
    else if (target.startsWith(mp === "/" ? "/" : mp + "/")) {
      const rest = target.slice(mp === "/" ? 1 : mp.length + 1);
      relative = mount.subPath ? `${mount.subPath}/${rest}` : rest;
    }
    if (relative === undefined) continue;
    if (!best || mp.length > best.depth) best = { mount, relative, depth: mp.length };
  }
  if (!best) return undefined;
  const { mount, relative } = best;
  return { mount, relative, volumeType: mount.volume?.source.type, backing: keyBehind(model, workload, mount, relative) };
}

function keyBehind(model: Model, workload: Workload, mount: VolumeMount, relative: string): BackingKey | undefined {
  const source = mount.volume?.source;
  if (!source || relative === "") return undefined;
  const ns = workload.object.namespace;
  const wanted = normalisePath(relative);
  const lookup = (kind: SourceKind, name: string, items: readonly KeyToPath[] | undefined): BackingKey | undefined => {
    const facts = kind === "Secret" ? model.secretFacts(ns, name) : model.configMapFacts(ns, name);
    const has = (key: string) => (facts?.keys ? facts.keys.has(key) : undefined);
    if (items) {
      const item = items.find((i) => normalisePath(i.path) === wanted);
      return item ? { kind, name, key: item.key, exists: has(item.key), facts } : undefined;
    }
    if (relative.includes("/")) return undefined;
    return { kind, name, key: relative, exists: has(relative), facts };
  };
  const missing = (kind: SourceKind, name: string): BackingKey => ({ kind, name, key: relative, exists: false, facts: kind === "Secret" ? model.secretFacts(ns, name) : model.configMapFacts(ns, name) });
  if (source.type === "secret") return lookup("Secret", source.name, source.items) ?? missing("Secret", source.name);
  if (source.type === "configMap") return lookup("ConfigMap", source.name, source.items) ?? missing("ConfigMap", source.name);
  if (source.type === "projected") {
    // The first source known to hold the key wins; else one that may; else the key is missing.
    const sources = source.sources.flatMap((s) => (s.type === "secret" || s.type === "configMap" ? [s] : []));
    const candidates = sources.map((s) => lookup(s.type === "secret" ? "Secret" : "ConfigMap", s.name, s.items)).filter((c): c is BackingKey => c !== undefined);
    const hit = candidates.find((c) => c.exists === true) ?? candidates.find((c) => c.exists === undefined);
    if (hit) return hit;
    const first = sources[0];
    const absent = candidates[0] ?? (first ? missing(first.type === "secret" ? "Secret" : "ConfigMap", first.name) : undefined);
    return absent ? { ...absent, exists: false } : undefined;
  }
  return undefined;
}
