import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { JsonPath, K8sObject } from "./types";
import { podMetadataPath, podSpecPath, dig } from "./podspec";
import { asArray, asRecord, asString, stringMap, viewAs } from "./values";
import type { UntrustedView } from "./values";

/** Where an environment variable's value comes from. */
export type EnvSource =
  | { readonly kind: "literal" }
  | { readonly kind: "configMap"; readonly name: string; readonly key: string }
  | { readonly kind: "secret"; readonly name: string; readonly key: string }
  | { readonly kind: "field" }
  | { readonly kind: "image" };

export interface EnvVar {
  readonly name: string;
  /** The value when it is known from the render; never set for values that come from Secrets. */
  readonly value: string | undefined;
  readonly source: EnvSource;
  /** Path of the `env[i]` (or `envFrom[j]`) entry, from the object root. */
  readonly path: JsonPath;
}

export type VolumeSource =
  | { readonly type: "secret"; readonly name: string; readonly items: readonly KeyToPath[] | undefined }
  | { readonly type: "configMap"; readonly name: string; readonly items: readonly KeyToPath[] | undefined }
  | { readonly type: "projected"; readonly sources: readonly ProjectedSource[] }
  | { readonly type: "hostPath"; readonly path: string }
  | { readonly type: "emptyDir" }
  | { readonly type: "csi"; readonly driver: string }
  | { readonly type: "downwardAPI" }
  | { readonly type: "persistentVolumeClaim"; readonly claimName: string }
  | { readonly type: "other"; readonly field: string };

export interface KeyToPath {
  readonly key: string;
  readonly path: string;
  /** Where the item's `key` is written, from the volume entry (["configMap", "items", 0, "key"]): findings about one item point there. */
  readonly keyAt: JsonPath;
}

export type ProjectedSource =
  | { readonly type: "secret"; readonly name: string; readonly items: readonly KeyToPath[] | undefined }
  | { readonly type: "configMap"; readonly name: string; readonly items: readonly KeyToPath[] | undefined }
  | { readonly type: "serviceAccountToken"; readonly path: string }
  | { readonly type: "clusterTrustBundle"; readonly path: string }
  | { readonly type: "downwardAPI" };

export interface Volume {
  readonly name: string;
  readonly source: VolumeSource;
  readonly path: JsonPath;
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly subPath: string | undefined;
  readonly subPathExpr: string | undefined;
  readonly readOnly: boolean;
  readonly path: JsonPath;
  /** The pod volume this mount uses; undefined when the name matches none. */
  readonly volume: Volume | undefined;
}

/** One word of `command` + `args`, with its path. */
export interface Arg {
  readonly value: string;
  readonly path: JsonPath;
}

export type ContainerRole = "container" | "initContainer" | "ephemeralContainer";

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly role: ContainerRole;
  readonly path: JsonPath;
  /** The container as written (a read-only view of untrusted input: values.ts UntrustedView). */
  readonly spec: UntrustedView<IContainer>;
  /** Effective environment: `env` over `envFrom`, later entries over earlier ones. */
  readonly env: ReadonlyMap<string, EnvVar>;
  /** `command` then `args`, as the kubelet concatenates them. */
  readonly argv: readonly Arg[];
  readonly hasCommand: boolean;
  readonly mounts: readonly VolumeMount[];
}

/** An object that runs pods: its pod spec, containers and volumes, joined once. */
export interface Workload {
  readonly object: K8sObject;
  readonly podSpecPath: JsonPath;
  /** The pod spec as written (a read-only view of untrusted input: values.ts UntrustedView). */
  readonly podSpec: UntrustedView<IPodSpec>;
  readonly volumes: ReadonlyMap<string, Volume>;
  readonly containers: readonly Container[];
  /** Labels and annotations of the pod template (or of the Pod). */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly podMetadataPath: JsonPath;
}

/** What the model needs to resolve env from ConfigMaps and Secrets of the same render. */
export interface ConfigSource {
  configMapData(namespace: string | undefined, name: string): Readonly<Record<string, string>> | undefined;
  renderedSecretKeys(namespace: string | undefined, name: string): readonly string[] | undefined;
}

const ROLES: ReadonlyArray<[string, ContainerRole]> = [
  ["initContainers", "initContainer"],
  ["containers", "container"],
  ["ephemeralContainers", "ephemeralContainer"],
];

export function buildWorkload(o: K8sObject, configs: ConfigSource): Workload | undefined {
  const specPath = podSpecPath(o);
  if (!specPath) return undefined;
  const podSpec = dig(o.raw, specPath)!;
  const volumes = new Map<string, Volume>();
  asArray(podSpec.volumes).forEach((v, i) => {
    const vol = buildVolume(asRecord(v), [...specPath, "volumes", i]);
    if (vol) volumes.set(vol.name, vol);
  });
  const containers: Container[] = [];
  for (const [field, role] of ROLES) {
    asArray(podSpec[field]).forEach((c, i) => {
      const raw = asRecord(c);
      if (raw) containers.push(buildContainer(raw, role, [...specPath, field, i], volumes, o.namespace, configs));
    });
  }
  const metaPath = podMetadataPath(o)!;
  const meta = dig(o.raw, metaPath) ?? {};
  return {
    object: o,
    podSpecPath: specPath,
    podSpec: viewAs<IPodSpec>(podSpec),
    volumes,
    containers,
    podLabels: stringMap(meta.labels),
    podAnnotations: stringMap(meta.annotations),
    podMetadataPath: metaPath,
  };
}

function buildContainer(raw: Record<string, unknown>, role: ContainerRole, path: JsonPath, volumes: ReadonlyMap<string, Volume>, namespace: string | undefined, configs: ConfigSource): Container {
  const argv: Arg[] = [];
  for (const field of ["command", "args"] as const) {
    asArray(raw[field]).forEach((a, i) => {
      const value = asString(a);
      if (value !== undefined) argv.push({ value, path: [...path, field, i] });
    });
  }
  const mounts: VolumeMount[] = [];
  asArray(raw.volumeMounts).forEach((m, i) => {
    const r = asRecord(m);
    const name = asString(r?.name);
    const mountPath = asString(r?.mountPath);
    if (!r || !name || !mountPath) return;
    mounts.push({
      name,
      mountPath,
      subPath: asString(r.subPath) || undefined,
      subPathExpr: asString(r.subPathExpr) || undefined,
      readOnly: r.readOnly === true,
      path: [...path, "volumeMounts", i],
      volume: volumes.get(name),
    });
  });
  return {
    name: asString(raw.name) ?? "",
    image: asString(raw.image) ?? "",
    role,
    path,
    spec: viewAs<IContainer>(raw),
    env: resolveEnv(raw, path, namespace, configs),
    argv,
    hasCommand: asArray(raw.command).length > 0,
    mounts,
  };
}

/**
 * The environment the kubelet gives the container: `envFrom` sources in order, then `env`
 * entries in order, later names replacing earlier ones. Values from Secrets stay unknown.
 */
function resolveEnv(raw: Record<string, unknown>, path: JsonPath, namespace: string | undefined, configs: ConfigSource): Map<string, EnvVar> {
  const env = new Map<string, EnvVar>();
  asArray(raw.envFrom).forEach((e, i) => {
    const r = asRecord(e);
    if (!r) return;
    const prefix = asString(r.prefix) ?? "";
    const entryPath = [...path, "envFrom", i];
    const cmName = asString(asRecord(r.configMapRef)?.name);
    const secretName = asString(asRecord(r.secretRef)?.name);
    if (cmName) {
      for (const [key, value] of Object.entries(configs.configMapData(namespace, cmName) ?? {})) {
        env.set(prefix + key, { name: prefix + key, value, source: { kind: "configMap", name: cmName, key }, path: entryPath });
      }
    } else if (secretName) {
      for (const key of configs.renderedSecretKeys(namespace, secretName) ?? []) {
        env.set(prefix + key, { name: prefix + key, value: undefined, source: { kind: "secret", name: secretName, key }, path: entryPath });
      }
    }
  });
  asArray(raw.env).forEach((e, i) => {
    const r = asRecord(e);
    const name = asString(r?.name);
    if (!r || !name) return;
    const entryPath = [...path, "env", i];
    const from = asRecord(r.valueFrom);
    const cmRef = asRecord(from?.configMapKeyRef);
    const secretRef = asRecord(from?.secretKeyRef);
    if (cmRef) {
      const cm = asString(cmRef.name) ?? "";
      const key = asString(cmRef.key) ?? "";
      env.set(name, { name, value: configs.configMapData(namespace, cm)?.[key], source: { kind: "configMap", name: cm, key }, path: entryPath });
    } else if (secretRef) {
      env.set(name, { name, value: undefined, source: { kind: "secret", name: asString(secretRef.name) ?? "", key: asString(secretRef.key) ?? "" }, path: entryPath });
    } else if (from) {
      env.set(name, { name, value: undefined, source: { kind: "field" }, path: entryPath });
    } else {
      env.set(name, { name, value: asString(r.value) ?? "", source: { kind: "literal" }, path: entryPath });
    }
  });
  return env;
}

function keyToPaths(v: unknown, at: JsonPath): KeyToPath[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.flatMap((i, n) => {
    const r = asRecord(i);
    const key = asString(r?.key);
    const path = asString(r?.path);
    return key && path ? [{ key, path, keyAt: [...at, "items", n, "key"] }] : [];
  });
}

function buildVolume(r: Record<string, unknown> | undefined, path: JsonPath): Volume | undefined {
  const name = asString(r?.name);
  if (!r || !name) return undefined;
  return { name, path, source: volumeSource(r) };
}

function volumeSource(r: Record<string, unknown>): VolumeSource {
  const secret = asRecord(r.secret);
  if (secret) return { type: "secret", name: asString(secret.secretName) ?? "", items: keyToPaths(secret.items, ["secret"]) };
  const cm = asRecord(r.configMap);
  if (cm) return { type: "configMap", name: asString(cm.name) ?? "", items: keyToPaths(cm.items, ["configMap"]) };
  const projected = asRecord(r.projected);
  if (projected) return { type: "projected", sources: asArray(projected.sources).flatMap((s, i) => projectedSource(s, ["projected", "sources", i])) };
  const hostPath = asRecord(r.hostPath);
  if (hostPath) return { type: "hostPath", path: asString(hostPath.path) ?? "" };
  if (r.emptyDir !== undefined) return { type: "emptyDir" };
  const csi = asRecord(r.csi);
  if (csi) return { type: "csi", driver: asString(csi.driver) ?? "" };
  if (r.downwardAPI !== undefined) return { type: "downwardAPI" };
  const pvc = asRecord(r.persistentVolumeClaim);
  if (pvc) return { type: "persistentVolumeClaim", claimName: asString(pvc.claimName) ?? "" };
  return { type: "other", field: Object.keys(r).find((k) => k !== "name") ?? "" };
}

function projectedSource(s: unknown, at: JsonPath): ProjectedSource[] {
  const r = asRecord(s);
  if (!r) return [];
  const secret = asRecord(r.secret);
  if (secret) return [{ type: "secret", name: asString(secret.name) ?? "", items: keyToPaths(secret.items, [...at, "secret"]) }];
  const cm = asRecord(r.configMap);
  if (cm) return [{ type: "configMap", name: asString(cm.name) ?? "", items: keyToPaths(cm.items, [...at, "configMap"]) }];
  const token = asRecord(r.serviceAccountToken);
  if (token) return [{ type: "serviceAccountToken", path: asString(token.path) ?? "" }];
  const ctb = asRecord(r.clusterTrustBundle);
  if (ctb) return [{ type: "clusterTrustBundle", path: asString(ctb.path) ?? "" }];
  if (r.downwardAPI !== undefined) return [{ type: "downwardAPI" }];
  return [];
}
