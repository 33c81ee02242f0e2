import type { JsonPath, K8sObject } from "../types";
import type { Workload } from "../workload";

/** A value read from a manifest, with the path it came from. */
export interface Located<T = string> {
  readonly value: T;
  readonly path: JsonPath;
}

/** A reference to an object an edge needs (a Secret, a ConfigMap, a Service), resolved to a namespace. */
export interface ObjectRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly path: JsonPath;
  /** Whether the reference itself names the namespace (a cross-namespace reference). */
  readonly explicitNamespace: boolean;
}

/** A Service an edge forwards to, joined to the pods it selects. */
export interface Backend {
  readonly namespace: string;
  readonly name: string;
  readonly port: number | string | undefined;
  readonly path: JsonPath;
  /** The rendered Service, if any. */
  readonly service: K8sObject | undefined;
  readonly pods: readonly Workload[];
}

/** One host name an edge serves, with where it is written. */
export type Host = Located;
