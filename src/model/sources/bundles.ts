/**
 * trust-manager as the render shows it: where its controller reads Bundle sources (the trust
 * namespace), and which ConfigMaps and Secrets each Bundle or ClusterBundle names as sources. The
 * targets it writes are writers like any other (writers.ts, `SourceIndex.bundleTargetsNamed`).
 */
import { TRUST_MANAGER } from "../../knowledge/trust-sources";
import { findFlags } from "../flags";
import { describeObject } from "../graph/meta";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString } from "../values";
import type { SourceKind } from "./writers";

/** The namespace trust-manager reads sources from, and how the render says so. */
export interface TrustNamespace {
  readonly namespace: string;
  /** Why this namespace, as messages say it: "--trust-namespace=x on Deployment cert-manager/trust-manager". */
  readonly basis: string;
  /** Whether trust-manager's Deployment is in the render (else the namespace is trust-manager's default). */
  readonly fromRender: boolean;
}

/** A ConfigMap or Secret a Bundle names as a source (by name; a label selector names none). */
export interface BundleSourceRef {
  readonly bundle: K8sObject;
  readonly kind: SourceKind;
  readonly name: string;
  /** Where the name is written in the Bundle. */
  readonly path: JsonPath;
  /**
   * The key read (v1alpha1 `key`, v1alpha2 `sourceRefs[].key`), with where it is written; undefined
   * for includeAllKeys. A v1alpha2 key is a pattern: `*` matches any run of characters
   * (trust-manager pkg/apis/trustmanager/v1alpha2 BundleSourceRef.Key), so `*` alone reads every key.
   */
  readonly key: { readonly name: string; readonly path: JsonPath; readonly pattern: boolean } | undefined;
}

/** Whether a source key (a v1alpha2 pattern, or a literal) selects a data key. */
export function sourceKeyMatches(key: { readonly name: string; readonly pattern: boolean }, dataKey: string): boolean {
  if (!key.pattern || !key.name.includes("*")) return key.name === dataKey;
  const re = new RegExp(`^${key.name.split("*").map((part) => part.replace(/[.\\^$+?()[\]{}|-]/g, "\\$&")).join(".*")}$`);
  return re.test(dataKey);
}

const cache = new WeakMap<Model, TrustNamespace>();

/** trust-manager's trust namespace: its controller's --trust-namespace, else trust-manager's default. */
export function trustNamespace(model: Model): TrustNamespace {
  let found = cache.get(model);
  if (!found) cache.set(model, (found = findTrustNamespace(model)));
  return found;
}

function findTrustNamespace(model: Model): TrustNamespace {
  const { defaultTrustNamespace: fallback, trustNamespaceFlag: flag } = TRUST_MANAGER;
  for (const workload of model.workloads) {
    for (const container of workload.containers) {
      if (!TRUST_MANAGER.image.test(container.image)) continue;
      const use = findFlags(container, [flag]).find((u) => u.value);
      const where = `${describeObject(workload.object)}`;
      return use
        ? { namespace: use.value!, basis: `${flag}=${use.value!} on trust-manager's ${where}`, fromRender: true }
        : { namespace: fallback, basis: `trust-manager's default, as ${where} sets no ${flag}`, fromRender: true };
    }
  }
  return { namespace: fallback, basis: `trust-manager's default (its Deployment is not in the render; ${flag} may say otherwise)`, fromRender: false };
}

/**
 * The named sources of a Bundle (v1alpha1 `spec.sources[].configMap|secret.name`) or a
 * ClusterBundle (v1alpha2 `spec.sourceRefs[]` with kind and name).
 */
export function bundleSources(bundle: K8sObject): BundleSourceRef[] {
  const spec = asRecord(bundle.raw.spec);
  const out: BundleSourceRef[] = [];
  asArray(spec?.sources).forEach((s, i) => {
    for (const [field, kind] of [["configMap", "ConfigMap"], ["secret", "Secret"]] as const) {
      const ref = asRecord(asRecord(s)?.[field]);
      const name = asString(ref?.name);
      const key = asString(ref?.key);
      if (name) out.push({ bundle, kind, name, path: ["spec", "sources", i, field, "name"], key: key ? { name: key, path: ["spec", "sources", i, field, "key"], pattern: false } : undefined });
    }
  });
  asArray(spec?.sourceRefs).forEach((s, i) => {
    const ref = asRecord(s);
    const kind = asString(ref?.kind);
    const name = asString(ref?.name);
    const key = asString(ref?.key);
    if (name && (kind === "ConfigMap" || kind === "Secret")) out.push({ bundle, kind, name, path: ["spec", "sourceRefs", i, "name"], key: key ? { name: key, path: ["spec", "sourceRefs", i, "key"], pattern: true } : undefined });
  });
  return out;
}
