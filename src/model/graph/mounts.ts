/**
 * Which containers mount each Secret and ConfigMap, and which key (if any) ends up behind a file
 * path once the writers of the Secret are taken into account: a service-ca Secret has tls.crt and
 * tls.key whatever the render shows, an injected ConfigMap has only service-ca.crt.
 */
import { normalisePath, providerOf } from "../files";
import type { Model } from "../model";
import type { KeyToPath, VolumeMount, VolumeSource, Container, Workload } from "../workload";
import { nsName, pushTo } from "./meta";

export type SourceKind = "Secret" | "ConfigMap";

/** One container's mount of a Secret or ConfigMap (directly or as a projected source). */
export interface VolumeUse {
  readonly workload: Workload;
  readonly container: Container;
  readonly mount: VolumeMount;
  readonly kind: SourceKind;
  readonly name: string;
  readonly items: readonly KeyToPath[] | undefined;
  readonly projected: boolean;
}

/** The keys a Secret or ConfigMap will hold; undefined when nothing in the render says. */
export type KeysOf = (kind: SourceKind, namespace: string, name: string) => ReadonlySet<string> | undefined;

/** What backs a file path in a container. */
export interface FileSource {
  readonly mount: VolumeMount;
  readonly volumeType: VolumeSource["type"] | undefined;
  /** The path below the mount point. */
  readonly relative: string;
  /** The Secret or ConfigMap key behind the file; `exists` is undefined when unknowable. */
  readonly backing: { readonly kind: SourceKind; readonly name: string; readonly key: string; readonly exists: boolean | undefined } | undefined;
}

/** Index "Kind:ns/name" → every container mount of it. */
export function volumeUses(model: Model): Map<string, VolumeUse[]> {
  const out = new Map<string, VolumeUse[]>();
  for (const workload of model.workloads) {
    const ns = workload.object.namespace;
    for (const container of workload.containers) {
      for (const mount of container.mounts) {
        const s = mount.volume?.source;
        if (!s) continue;
        const add = (kind: SourceKind, name: string, items: readonly KeyToPath[] | undefined, projected: boolean) =>
          pushTo(out, `${kind}:${nsName(ns, name)}`, { workload, container, mount, kind, name, items, projected });
        if (s.type === "secret") add("Secret", s.name, s.items, false);
        else if (s.type === "configMap") add("ConfigMap", s.name, s.items, false);
        else if (s.type === "projected") {
          for (const p of s.sources) {
            if (p.type === "secret") add("Secret", p.name, p.items, true);
            else if (p.type === "configMap") add("ConfigMap", p.name, p.items, true);
          }
        }
      }
    }
  }
  return out;
}

/** The mount and key behind `file` in `container`, with key existence judged by `keysOf`. */
export function resolveFile(model: Model, workload: Workload, container: Container, file: string, keysOf: KeysOf): FileSource | undefined {
  const provider = providerOf(model, workload, container, file);
  if (!provider) return undefined;
  const { mount, relative } = provider;
  const source = mount.volume?.source;
  const ns = workload.object.namespace ?? "";
  const base = { mount, relative, volumeType: source?.type };
  if (!source || relative === "") return { ...base, backing: undefined };
  const lookup = (kind: SourceKind, name: string, items: readonly KeyToPath[] | undefined) => {
    const keys = keysOf(kind, ns, name);
    if (items) {
      const item = items.find((i) => normalisePath(i.path) === normalisePath(relative));
      return item ? { kind, name, key: item.key, exists: keys ? keys.has(item.key) : undefined } : undefined;
    }
    if (relative.includes("/")) return undefined;
    return { kind, name, key: relative, exists: keys ? keys.has(relative) : undefined };
  };
  if (source.type === "secret" || source.type === "configMap") {
    const kind = source.type === "secret" ? "Secret" : "ConfigMap";
    return { ...base, backing: lookup(kind, source.name, source.items) ?? { kind, name: source.name, key: relative, exists: false } };
  }
  if (source.type === "projected") {
    const candidates = source.sources.flatMap((s) => (s.type === "secret" || s.type === "configMap" ? [lookup(s.type === "secret" ? "Secret" : "ConfigMap", s.name, s.items)] : [])).filter((c) => c !== undefined);
    const hit = candidates.find((c) => c.exists === true) ?? candidates.find((c) => c.exists === undefined);
    if (hit) return { ...base, backing: hit };
    const first = source.sources.find((s) => s.type === "secret" || s.type === "configMap");
    const missing = candidates[0] ?? (first && (first.type === "secret" || first.type === "configMap") ? { kind: first.type === "secret" ? ("Secret" as const) : ("ConfigMap" as const), name: first.name, key: relative, exists: false } : undefined);
    return { ...base, backing: missing ? { ...missing, exists: false } : undefined };
  }
  return { ...base, backing: undefined };
}
