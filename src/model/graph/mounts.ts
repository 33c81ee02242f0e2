/** Which containers mount each Secret and ConfigMap (directly or as a projected source). */
import type { Model } from "../model";
import type { KeyToPath, VolumeMount, Container, Workload } from "../workload";
import type { SourceKind } from "../sources/writers";
import { nsName, pushTo } from "./meta";

export type { SourceKind };

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
