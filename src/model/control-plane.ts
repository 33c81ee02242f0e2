import type { Model } from "./model";
import type { JsonPath, K8sObject } from "./types";
import { asRecord } from "./values";

/**
 * Control-plane configuration documents, wherever they sit: k0s `ClusterConfig` (k0s.yaml, or
 * embedded in a k0sctl `Cluster`) and kubeadm `ClusterConfiguration`/`InitConfiguration`/
 * `JoinConfiguration` (kubeadm config files, or embedded in Cluster API bootstrap and
 * control-plane objects). Each view keeps the path of the document's root inside its object,
 * so rules report on the object with full paths.
 */

/** A configuration document inside an object. */
export interface EmbeddedConfig {
  readonly object: K8sObject;
  /** Path of the document's root inside `object` (empty when the object is the document). */
  readonly base: JsonPath;
  readonly config: Record<string, unknown>;
}

export interface K0sClusterConfig extends EmbeddedConfig {
  /**
   * True inside a k0sctl Cluster: k0sctl writes each controller's address into spec.api.sans
   * (and the address itself with onlyBindToAddress), so nothing is auto-detected.
   */
  readonly viaK0sctl: boolean;
}

export function k0sClusterConfigs(model: Model): K0sClusterConfig[] {
  const out: K0sClusterConfig[] = [];
  for (const o of model.byKind("ClusterConfig")) {
    if (o.apiVersion.startsWith("k0s.k0sproject.io/")) out.push({ object: o, base: [], config: o.raw, viaK0sctl: false });
  }
  for (const o of model.byKind("Cluster")) {
    if (!o.apiVersion.startsWith("k0sctl.k0sproject.io/")) continue;
    const config = asRecord(asRecord(asRecord(o.raw.spec)?.k0s)?.config);
    if (config) out.push({ object: o, base: ["spec", "k0s", "config"], config, viaK0sctl: true });
  }
  return out;
}

/** A kubeadm ClusterConfiguration with the Init and Join configurations that go with it. */
export interface KubeadmConfigSet {
  readonly cluster: EmbeddedConfig;
  readonly init: EmbeddedConfig | undefined;
  readonly joins: readonly EmbeddedConfig[];
  /** Cluster API fills controlPlaneEndpoint and the join discovery itself. */
  readonly viaClusterApi: boolean;
}

/** Where Cluster API kinds keep their KubeadmConfigSpec. */
const CAPI_SPECS = new Map<string, JsonPath>([
  ["KubeadmConfig", ["spec"]],
  ["KubeadmConfigTemplate", ["spec", "template", "spec"]],
  ["KubeadmControlPlane", ["spec", "kubeadmConfigSpec"]],
  ["KubeadmControlPlaneTemplate", ["spec", "template", "spec", "kubeadmConfigSpec"]],
]);

/**
 * kubeadm configuration sets. Plain kubeadm documents belong together when they come from the
 * same file (a kubeadm config file holds Init, Cluster and Join configurations as documents);
 * a Cluster API spec holds its own three.
 */
export function kubeadmConfigSets(model: Model): KubeadmConfigSet[] {
  const sets: KubeadmConfigSet[] = [];
  const byFile = new Map<string, { cluster: EmbeddedConfig[]; init: EmbeddedConfig[]; join: EmbeddedConfig[] }>();
  for (const o of model.byKind("ClusterConfiguration", "InitConfiguration", "JoinConfiguration")) {
    if (!o.apiVersion.startsWith("kubeadm.k8s.io/")) continue;
    // A kustomize build is one stream: its objects' source files (as annotated) tell the files apart.
    const key = `${o.doc.origin.file}\u0000${o.doc.origin.helmSource ?? o.doc.origin.kustomizeClaims?.path ?? ""}\u0000${o.doc.origin.render ?? ""}`;
    let group = byFile.get(key);
    if (!group) byFile.set(key, (group = { cluster: [], init: [], join: [] }));
    const doc = { object: o, base: [], config: o.raw };
    if (o.kind === "ClusterConfiguration") group.cluster.push(doc);
    else if (o.kind === "InitConfiguration") group.init.push(doc);
    else group.join.push(doc);
  }
  for (const g of byFile.values()) {
    for (const cluster of g.cluster) sets.push({ cluster, init: g.init[0], joins: g.join, viaClusterApi: false });
  }
  for (const [kind, specPath] of CAPI_SPECS) {
    for (const o of model.byKind(kind)) {
      if (!/^(bootstrap|controlplane)\.cluster\.x-k8s\.io\//.test(o.apiVersion)) continue;
      let spec: unknown = o.raw;
      for (const step of specPath) spec = asRecord(spec)?.[step as string];
      const s = asRecord(spec);
      const part = (field: string): EmbeddedConfig | undefined => {
        const config = asRecord(s?.[field]);
        return config ? { object: o, base: [...specPath, field], config } : undefined;
      };
      const cluster = part("clusterConfiguration");
      if (!cluster) continue;
      const join = part("joinConfiguration");
      sets.push({ cluster, init: part("initConfiguration"), joins: join ? [join] : [], viaClusterApi: true });
    }
  }
  return sets;
}

/** A value at a path below a record. */
export function at(record: Record<string, unknown> | undefined, ...path: string[]): unknown {
  let cur: unknown = record;
  for (const step of path) cur = asRecord(cur)?.[step];
  return cur;
}
