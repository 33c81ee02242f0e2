/**
 * Which containers mount each Secret and ConfigMap, and which key (if any) ends up behind a file
 * path once the writers of the Secret are taken into account: a service-ca Secret has tls.crt and
 * tls.key whatever the render shows, an injected ConfigMap has only service-ca.crt.
 */
import { providerOf } from "../files";
import type { KeysOf } from "../files";
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
  const provider = providerOf(model, workload, container, file, keysOf);
  if (!provider) return undefined;
  return { mount: provider.mount, relative: provider.relative, volumeType: provider.mount.volume?.source.type, backing: provider.key };
}
