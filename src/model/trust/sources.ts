import {
  BUNDLE_KEY_NAMES,
  FULL_BUNDLE_MIN_CERTIFICATES,
  KUBE_ROOT_CA_CONFIGMAP,
  OPENSHIFT_INJECT_CABUNDLE_ANNOTATIONS,
  OPENSHIFT_SERVICE_CA_KEY,
  OPENSHIFT_SERVING_CERT_ANNOTATIONS,
  OPENSHIFT_TRUSTED_CABUNDLE_KEY,
  OPENSHIFT_TRUSTED_CABUNDLE_LABEL,
  PRIVATE_ONLY_MAX_CERTIFICATES,
  SINGLE_CA_KEY_NAMES,
  TRUST_MANAGER_BUNDLE,
  TRUST_MANAGER_CLUSTER_BUNDLE,
} from "../../knowledge/trust-sources";
import type { K8sObject } from "../types";
import { asArray, asRecord, asString, stringMap } from "../values";
import type { TrustContent } from "./content";
import { bundle, certificates, privateCa, unknownContent } from "./content";

/** The slice of the Model the source index reads (kept narrow so it can be tested alone). */
export interface SourceLookup {
  byKind(...kinds: string[]): K8sObject[];
  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined;
  /**
   * The keys the trust graph's writer index says the object will hold: every writer of a Secret
   * (the rendered Secret, Certificates, service-ca, controllers such as Gatekeeper's rotator) and
   * the injector that replaces a ConfigMap's data, else the rendered keys.
   */
  writtenKeys?(kind: KeyKind, namespace: string | undefined, name: string): ReadonlySet<string> | undefined;
}

export type KeyKind = "ConfigMap" | "Secret";

/** A trust-manager bundle and the keys it writes into its targets. */
interface TrustManagerTarget {
  readonly bundle: K8sObject;
  readonly withDefaults: boolean;
  /** Keys written into the ConfigMap target and into the Secret target. */
  readonly configMapKeys: ReadonlySet<string>;
  readonly secretKeys: ReadonlySet<string>;
}

/**
 * Knows who produces which ConfigMaps and Secrets in the render, so that a key can be called a
 * full bundle or a single private CA by its producer first, its content next, its name last.
 * Built once per model; every question is a map lookup.
 */
export class TrustSources {
  /** Target object name → trust-manager bundle (targets are named after their bundle, in every selected namespace). */
  private readonly trustManager = new Map<string, TrustManagerTarget>();
  /** namespace \0 secret name → the cert-manager Certificate that writes it. */
  private readonly certificateSecrets = new Map<string, K8sObject>();
  /** namespace \0 secret name → the Service whose service-ca serving certificate it is. */
  private readonly servingCertSecrets = new Map<string, K8sObject>();

  constructor(private readonly model: SourceLookup) {
    for (const b of model.byKind(TRUST_MANAGER_BUNDLE.kind, TRUST_MANAGER_CLUSTER_BUNDLE.kind)) {
      const group = b.kind === TRUST_MANAGER_BUNDLE.kind ? TRUST_MANAGER_BUNDLE.group : TRUST_MANAGER_CLUSTER_BUNDLE.group;
      if (!b.apiVersion.startsWith(`${group}/`)) continue;
      const target = trustManagerTarget(b);
      if (target) this.trustManager.set(b.name, target);
    }
    for (const c of model.byKind("Certificate")) {
      if (!c.apiVersion.startsWith("cert-manager.io/")) continue;
      const secretName = asString(asRecord(c.raw.spec)?.secretName);
      if (secretName) this.certificateSecrets.set(nsKey(c.namespace, secretName), c);
    }
    for (const s of model.byKind("Service")) {
      const annotations = stringMap(asRecord(s.raw.metadata)?.annotations);
      for (const a of OPENSHIFT_SERVING_CERT_ANNOTATIONS) {
        const secretName = annotations[a];
        if (secretName) this.servingCertSecrets.set(nsKey(s.namespace, secretName), s);
      }
    }
  }

  /** The cert-manager Certificate whose Secret this is, if the render has one. */
  certificateFor(namespace: string | undefined, secretName: string): K8sObject | undefined {
    return this.certificateSecrets.get(nsKey(namespace, secretName));
  }

  /** The Service whose OpenShift serving certificate this Secret is, if any. */
  servingCertServiceFor(namespace: string | undefined, secretName: string): K8sObject | undefined {
    return this.servingCertSecrets.get(nsKey(namespace, secretName));
  }

  /** The trust-manager bundle that writes this ConfigMap or Secret, if any. */
  trustManagerBundleFor(kind: KeyKind, name: string): K8sObject | undefined {
    const t = this.trustManager.get(name);
    if (!t) return undefined;
    return (kind === "ConfigMap" ? t.configMapKeys : t.secretKeys).size > 0 ? t.bundle : undefined;
  }

  /**
   * Whether the object is written by something that rotates it (cert-manager, service-ca,
   * trust-manager, the kube-controller-manager), and by what.
   */
  rotatingProducer(kind: KeyKind, namespace: string | undefined, name: string): string | undefined {
    if (kind === "Secret") {
      const cert = this.certificateFor(namespace, name);
      if (cert) return `cert-manager Certificate ${cert.name}`;
      const svc = this.servingCertServiceFor(namespace, name);
      if (svc) return `OpenShift service-ca (serving certificate of Service ${svc.name})`;
    } else {
      if (name === KUBE_ROOT_CA_CONFIGMAP) return "the kube-controller-manager (cluster root CA)";
      const cm = this.model.get("ConfigMap", namespace, name);
      if (cm) {
        const meta = asRecord(cm.raw.metadata);
        if (isTrue(stringMap(meta?.labels)[OPENSHIFT_TRUSTED_CABUNDLE_LABEL])) return "the OpenShift Cluster Network Operator (trusted CA bundle)";
        const annotations = stringMap(meta?.annotations);
        if (OPENSHIFT_INJECT_CABUNDLE_ANNOTATIONS.some((a) => isTrue(annotations[a]))) return "OpenShift service-ca (CA bundle injection)";
      }
    }
    const bundleObject = this.trustManagerBundleFor(kind, name);
    if (bundleObject) return `trust-manager ${bundleObject.kind} ${bundleObject.name}`;
    return undefined;
  }

  /**
   * What one key of a ConfigMap or Secret holds. The producer decides first (it defines the
   * content whatever the render shows), then the PEM count the render shows, then the key name.
   */
  classify(kind: KeyKind, namespace: string | undefined, name: string, key: string): TrustContent {
    const where = `${kind} ${name} key "${key}"`;
    const producer = this.producerContent(kind, namespace, name, key);
    if (producer) return producer;
    const count = this.pemCount(kind, namespace, name, key);
    if (count !== undefined && count > 0) {
      if (count >= FULL_BUNDLE_MIN_CERTIFICATES) return bundle(`${where} holds ${certificates(count)}`);
      if (count <= PRIVATE_ONLY_MAX_CERTIFICATES) return privateCa(`${where} holds only ${certificates(count)}`);
      return unknownContent(`${where} holds ${certificates(count)}`);
    }
    const base = key.toLowerCase();
    if (BUNDLE_KEY_NAMES.has(base)) return bundle(`${where} is named like a full bundle`);
    if (SINGLE_CA_KEY_NAMES.has(base)) return privateCa(`${where} is named like a single CA`);
    return unknownContent(where);
  }

  private producerContent(kind: KeyKind, namespace: string | undefined, name: string, key: string): TrustContent | undefined {
    const t = this.trustManager.get(name);
    if (t && (kind === "ConfigMap" ? t.configMapKeys : t.secretKeys).has(key)) {
      const what = `${kind} ${name} key "${key}" is a target of trust-manager ${t.bundle.kind} ${t.bundle.name}`;
      return t.withDefaults ? bundle(`${what}, which includes the default public CAs`) : privateCa(`${what}, which has no default public CAs`);
    }
    if (kind === "Secret") {
      const cert = this.certificateFor(namespace, name);
      if (cert) return privateCa(`Secret ${name} is written by cert-manager Certificate ${cert.name}: its "${key}" is one issuer's CA or certificate`);
      const svc = this.servingCertServiceFor(namespace, name);
      if (svc) return privateCa(`Secret ${name} is the service-ca serving certificate of Service ${svc.name}`);
      return undefined;
    }
    if (name === KUBE_ROOT_CA_CONFIGMAP) return privateCa(`ConfigMap ${KUBE_ROOT_CA_CONFIGMAP} holds only the cluster's root CA`);
    const cm = this.model.get("ConfigMap", namespace, name);
    if (!cm) return undefined;
    const meta = asRecord(cm.raw.metadata);
    if (isTrue(stringMap(meta?.labels)[OPENSHIFT_TRUSTED_CABUNDLE_LABEL]) && key === OPENSHIFT_TRUSTED_CABUNDLE_KEY) {
      return bundle(`ConfigMap ${name} is labelled ${OPENSHIFT_TRUSTED_CABUNDLE_LABEL}, so OpenShift fills it with the cluster's trusted CA bundle`);
    }
    const annotations = stringMap(meta?.annotations);
    if (OPENSHIFT_INJECT_CABUNDLE_ANNOTATIONS.some((a) => isTrue(annotations[a])) && key === OPENSHIFT_SERVICE_CA_KEY) {
      return privateCa(`ConfigMap ${name} key "${key}" is OpenShift's injected service CA`);
    }
    return undefined;
  }

  private pemCount(kind: KeyKind, namespace: string | undefined, name: string, key: string): number | undefined {
    if (kind === "Secret") return this.model.get("Secret", namespace, name)?.secretKeys?.get(key)?.pemCertificates;
    const cm = this.model.get("ConfigMap", namespace, name);
    const value = asString(asRecord(cm?.raw.data)?.[key]);
    return value === undefined ? undefined : (value.match(/-----BEGIN (?:TRUSTED )?CERTIFICATE-----/g) ?? []).length;
  }

  /**
   * The keys a Secret or ConfigMap will hold: what its writers and injectors leave (the trust
   * graph), else a trust-manager target's key, else the rendered keys; undefined when unknown.
   */
  keysOf(kind: KeyKind, namespace: string | undefined, name: string): readonly string[] | undefined {
    const written = this.model.writtenKeys?.(kind, namespace, name);
    if (written) return [...written];
    const t = this.trustManager.get(name);
    if (t) return [...(kind === "ConfigMap" ? t.configMapKeys : t.secretKeys)];
    const o = this.model.get(kind, namespace, name);
    if (!o) return undefined;
    return kind === "Secret" ? [...(o.secretKeys?.keys() ?? [])] : [...Object.keys(asRecord(o.raw.binaryData) ?? {}), ...Object.keys(asRecord(o.raw.data) ?? {})];
  }

}

function trustManagerTarget(b: K8sObject): TrustManagerTarget | undefined {
  const spec = asRecord(b.raw.spec);
  const target = asRecord(spec?.target);
  if (!target) return undefined;
  const configMapKeys = new Set<string>();
  const secretKeys = new Set<string>();
  let withDefaults: boolean;
  if (b.kind === TRUST_MANAGER_CLUSTER_BUNDLE.kind) {
    // v1alpha2: target.{configMap,secret}.data[].key; defaultCAs.provider System | Disabled.
    withDefaults = asString(asRecord(spec?.defaultCAs)?.provider) === "System";
    for (const [field, keys] of [["configMap", configMapKeys], ["secret", secretKeys]] as const) {
      for (const d of asArray(asRecord(target[field])?.data)) {
        const key = asString(asRecord(d)?.key);
        if (key) keys.add(key);
      }
    }
  } else {
    // v1alpha1: sources[].useDefaultCAs; target.{configMap,secret}.key plus additionalFormats.{jks,pkcs12}.key.
    withDefaults = asArray(spec?.sources).some((s) => asRecord(s)?.useDefaultCAs === true);
    for (const [field, keys] of [["configMap", configMapKeys], ["secret", secretKeys]] as const) {
      const key = asString(asRecord(target[field])?.key);
      if (key) keys.add(key);
    }
    const formats = asRecord(target.additionalFormats);
    for (const f of ["jks", "pkcs12"]) {
      const key = asString(asRecord(formats?.[f])?.key);
      if (!key) continue;
      if (configMapKeys.size) configMapKeys.add(key);
      if (secretKeys.size) secretKeys.add(key);
    }
  }
  return { bundle: b, withDefaults, configMapKeys, secretKeys };
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.toLowerCase() === "true";
}

function nsKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}\u0000${name}`;
}
