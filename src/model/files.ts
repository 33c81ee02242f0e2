import { posix } from "node:path";
import type { Model } from "./model";
import type { Container, KeyToPath, VolumeMount, Workload } from "./workload";

/** What backs a file path inside a container. */
export interface FileProvider {
  readonly mount: VolumeMount;
  /** The path relative to the volume root ("" for the mount point itself). */
  readonly relative: string;
  /**
   * The ConfigMap or Secret key behind the file, when the volume maps keys to files.
   * `exists` is false when the render shows the key is absent, undefined when unknowable.
   */
  readonly key?: { readonly kind: "Secret" | "ConfigMap"; readonly name: string; readonly key: string; readonly exists: boolean | undefined };
}

/** Normalises a container path: collapses `//`, `.` and `..`, drops a trailing slash. */
export function normalisePath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

/** The keys a Secret or ConfigMap will hold; undefined when nothing in the render says. */
export type KeysOf = (kind: "Secret" | "ConfigMap", namespace: string | undefined, name: string) => ReadonlySet<string> | undefined;

/**
 * The volume mount that provides `file` in `container`, the deepest mount point winning as
 * it does in the container's mount namespace, and the key behind it. Key existence is judged by
 * `keysOf`: by default the model's answer, which knows what writers and injectors put in a
 * Secret or ConfigMap, not only what the render shows. Undefined when no mount covers the path.
 */
export function providerOf(model: Model, workload: Workload, container: Container, file: string, keysOf: KeysOf = (k, ns, n) => model.keysOf(k, ns, n)): FileProvider | undefined {
  const target = normalisePath(file);
  let best: { mount: VolumeMount; relative: string } | undefined;
  for (const mount of container.mounts) {
    const mp = normalisePath(mount.mountPath);
    let relative: string | undefined;
    if (target === mp) relative = mount.subPath ?? "";
    else if (target.startsWith(mp === "/" ? "/" : mp + "/")) {
      const rest = target.slice(mp === "/" ? 1 : mp.length + 1);
      relative = mount.subPath ? `${mount.subPath}/${rest}` : rest;
    }
    if (relative === undefined) continue;
    if (!best || mp.length > normalisePath(best.mount.mountPath).length) best = { mount, relative };
  }
  if (!best) return undefined;
  const key = keyBehind(workload, best.mount, best.relative, keysOf);
  return key ? { ...best, key } : best;
}

type Key = NonNullable<FileProvider["key"]>;

function keyBehind(workload: Workload, mount: VolumeMount, relative: string, keysOf: KeysOf): Key | undefined {
  const source = mount.volume?.source;
  if (!source || relative === "") return undefined;
  const ns = workload.object.namespace;
  const wanted = normalisePath(relative);
  const lookup = (kind: Key["kind"], name: string, items: readonly KeyToPath[] | undefined): Key | undefined => {
    const keys = keysOf(kind, ns, name);
    if (items) {
      const item = items.find((i) => normalisePath(i.path) === wanted);
      return item ? { kind, name, key: item.key, exists: keys ? keys.has(item.key) : undefined } : undefined;
    }
    if (relative.includes("/")) return undefined;
    return { kind, name, key: relative, exists: keys ? keys.has(relative) : undefined };
  };
  if (source.type === "secret") return lookup("Secret", source.name, source.items) ?? { kind: "Secret", name: source.name, key: relative, exists: false };
  if (source.type === "configMap") return lookup("ConfigMap", source.name, source.items) ?? { kind: "ConfigMap", name: source.name, key: relative, exists: false };
  if (source.type === "projected") {
    // The first source known to hold the key wins; else one that may; else the key is missing.
    const sources = source.sources.flatMap((s) => (s.type === "secret" || s.type === "configMap" ? [s] : []));
    const candidates = sources.map((s) => lookup(s.type === "secret" ? "Secret" : "ConfigMap", s.name, s.items)).filter((c): c is Key => c !== undefined);
    const hit = candidates.find((c) => c.exists === true) ?? candidates.find((c) => c.exists === undefined);
    if (hit) return hit;
    const first = sources[0];
    const missing = candidates[0] ?? (first ? { kind: first.type === "secret" ? ("Secret" as const) : ("ConfigMap" as const), name: first.name, key: relative, exists: false } : undefined);
    return missing ? { ...missing, exists: false } : undefined;
  }
  return undefined;
}
