import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { K8sObject } from "../types";
import { stringMap, viewAs } from "../values";

/** Any object's `metadata`, as kubernetes-models types it (every kind shares ObjectMeta). */
type WithMetadata = Pick<IConfigMap, "metadata">;

/** The object's annotations as strings (non-string values are dropped). */
export function annotationsOf(o: K8sObject): Record<string, string> {
  return stringMap(viewAs<WithMetadata>(o.raw).metadata?.annotations);
}

export function labelsOf(o: K8sObject): Record<string, string> {
  return stringMap(viewAs<WithMetadata>(o.raw).metadata?.labels);
}

/** Path of an annotation key from the object root. */
export function annotationPath(key: string): ["metadata", "annotations", string] {
  return ["metadata", "annotations", key];
}

/** "namespace/name", the key every namespaced index uses. */
export function nsName(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

/** "Kind/name" for cluster-scoped objects, "Kind/ns/name" for the rest (as messages name objects). */
export function describeObject(o: Pick<K8sObject, "kind" | "namespace" | "name">): string {
  return o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
}

/** Pushes onto the list under `key`, creating it. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
