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

/**
 * The volume mount that provides `file` in `container`, the deepest mount point winning as
 * it does in the container's mount namespace. Undefined when no mount covers the path.
 */
export function providerOf(model: Model, workload: Workload, container: Container, file: string): FileProvider | undefined {
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
  const key = keyBehind(model, workload, best.mount, best.relative);
  return key ? { ...best, key } : best;
}

function keyBehind(model: Model, workload: Workload, mount: VolumeMount, relative: string): FileProvider["key"] {
  const source = mount.volume?.source;
  if (!source || relative === "") return undefined;
  const ns = workload.object.namespace;
  const lookup = (kind: "Secret" | "ConfigMap", name: string, items: readonly KeyToPath[] | undefined) => {
    const keys = kind === "Secret" ? model.secretKeyNames(ns, name) : keysOf(model.configMapData(ns, name));
    if (items) {
      const item = items.find((i) => normalisePath(i.path) === relative);
      if (!item) return undefined;
      return { kind, name, key: item.key, exists: keys ? keys.includes(item.key) : undefined };
    }
    if (relative.includes("/")) return undefined;
    return { kind, name, key: relative, exists: keys ? keys.includes(relative) : undefined };
  };
  if (source.type === "secret") return lookup("Secret", source.name, source.items) ?? { kind: "Secret", name: source.name, key: relative, exists: false };
  if (source.type === "configMap") return lookup("ConfigMap", source.name, source.items) ?? { kind: "ConfigMap", name: source.name, key: relative, exists: false };
  if (source.type === "projected") {
    for (const s of source.sources) {
      if (s.type !== "secret" && s.type !== "configMap") continue;
      const hit = lookup(s.type === "secret" ? "Secret" : "ConfigMap", s.name, s.items);
      if (hit && hit.exists !== false) return hit;
    }
  }
  return undefined;
}

function keysOf(data: Readonly<Record<string, string>> | undefined): string[] | undefined {
  return data ? Object.keys(data) : undefined;
}
