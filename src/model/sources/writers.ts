/**
 * Every writer of a Secret or ConfigMap a render implies, with the keys it leaves there and the
 * DNS names of the certificate it issues:
 * - the render itself (a Secret or ConfigMap with data);
 * - a cert-manager Certificate's `spec.secretName` (tls.crt, tls.key, ca.crt, plus the keystores
 *   `spec.keystores.{jks,pkcs12}.create` asks for);
 * - the Certificate cert-manager's ingress-shim or gateway-shim creates for an annotated Ingress,
 *   Gateway or ListenerSet (./shim.ts): the TLS Secret it names, with its hosts as DNS names;
 * - OpenShift service-ca: a Service's serving-cert-secret-name annotation (tls.crt, tls.key), and
 *   the inject-cabundle annotation on a ConfigMap (its data replaced by service-ca.crt);
 * - the Cluster Network Operator's trusted-bundle label (data replaced by ca-bundle.crt);
 * - the kube-controller-manager's kube-root-ca.crt ConfigMap (ca.crt) in every namespace;
 * - trust-manager `Bundle` (v1alpha1: target.{configMap,secret}.key plus
 *   target.additionalFormats.{jks,pkcs12}.key) and `ClusterBundle` (v1alpha2:
 *   target.{configMap,secret}.data[].key) targets, named after the bundle, in each namespace the
 *   target's namespaceSelector selects;
 * - a known controller writing its own serving certificate (src/knowledge/cert-controllers.ts).
 * Sources: ../shared/reference/trust-facts.md §1b, §1d, §1e and src/knowledge/ca-injection.ts.
 */
import type { IService } from "kubernetes-models/v1/Service";
import { CERT_MANAGER, SERVICE_CA, TRUSTED_CA_BUNDLE, serviceCaDnsNames, serviceCaEnabled } from "../../knowledge/ca-injection";
import { KUBE_ROOT_CA_CONFIGMAP, TRUST_MANAGER_BUNDLE, TRUST_MANAGER_CLUSTER_BUNDLE } from "../../knowledge/trust-sources";
import { CA_DEPENDENT_KEYS } from "../../knowledge/cert-manager";
import type { ControllerInstance } from "../graph/controllers";
import { certificateIssuer, issuerWithoutCa, resolveIssuer } from "../issuers";
import { shimCertificates } from "./shim";
import type { ShimCertificate, ShimName } from "./shim";
import { annotationPath, annotationsOf, describeObject, labelsOf } from "../graph/meta";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString, stringMap, viewAs } from "../values";
import { isIP } from "node:net";

export type SourceKind = "Secret" | "ConfigMap";

export type WriterType = "rendered" | "certificate" | "service-ca" | "controller" | "trust-manager" | "injector";

/**
 * What the keys a writer leaves hold, when the writer decides it whatever the render shows:
 * trust-manager with default CAs writes a full bundle, a Certificate one issuer's CA.
 */
export interface ProducedContent {
  readonly kind: "bundle" | "private";
  /** "own": only the keys this writer writes; "all": every key of the object (the writer owns it). */
  readonly scope: "own" | "all";
  /** The sentence that says why, for one key. */
  readonly basis: (key: string) => string;
}

/** Someone who puts keys into a Secret or ConfigMap. */
export interface KeyWriter {
  readonly type: WriterType;
  readonly kind: SourceKind;
  /** The object that makes it a writer: the Secret, the Certificate, the Service, the workload, the Bundle. */
  readonly object: K8sObject;
  /** Where in that object (the Secret's name, spec.secretName, the annotation, the flag, the target key). */
  readonly path: JsonPath;
  readonly namespace: string;
  readonly name: string;
  readonly keys: readonly string[];
  /** An injector that replaces the object's data: only its keys remain, whatever the render put there. */
  readonly replacesData: boolean;
  /** The names in the certificate it writes; undefined when it does not issue one (or they are unknown). */
  readonly dnsNames: readonly string[] | undefined;
  readonly dnsNamesPath: JsonPath | undefined;
  /** A rendered Secret without data: a placeholder for another writer to fill. */
  readonly placeholder: boolean;
  /** A rendered Secret that service-ca created (it carries the originating-service-uid annotation). */
  readonly ownedByServiceCa: boolean;
  readonly controller: ControllerInstance | undefined;
  /** How messages name it: "cert-manager Certificate ns/x", "OpenShift service-ca (annotation on Service ns/x)". */
  readonly description: string;
  /** How messages name it as something that rewrites the object when certificates rotate; undefined when it does not. */
  readonly rotation: string | undefined;
  readonly content: ProducedContent | undefined;
  /**
   * Keys writers of this type write but this one will not, and why: a Certificate whose issuer
   * returns no CA (ACME) leaves out ca.crt and the trust stores. Undefined when it withholds nothing.
   */
  readonly withheld: WithheldKeys | undefined;
  /** For a Certificate that cert-manager's ingress-shim or gateway-shim creates: which; `object` is then the Ingress, Gateway or ListenerSet. */
  readonly shim: ShimName | undefined;
}

export interface WithheldKeys {
  readonly keys: readonly string[];
  /** The issuer that returns no CA. */
  readonly issuer: K8sObject;
  /** "the ACME ClusterIssuer letsencrypt returns no CA". */
  readonly why: string;
}

/** A trust-manager target: written into every namespace `namespaceSelector` selects. */
export interface BundleTarget {
  readonly writer: KeyWriter;
  readonly namespaceSelector: unknown;
}

export function isCertificate(o: K8sObject): boolean {
  return o.kind === "Certificate" && o.apiVersion.startsWith("cert-manager.io/");
}

export function servingSecretAnnotation(service: K8sObject): { key: string; value: string } | undefined {
  const a = annotationsOf(service);
  for (const key of [SERVICE_CA.servingSecretBeta, SERVICE_CA.servingSecretAlpha]) {
    const value = a[key]?.trim();
    if (value) return { key, value };
  }
  return undefined;
}

const NOT_A_CERTIFICATE = { dnsNames: undefined, dnsNamesPath: undefined, placeholder: false, ownedByServiceCa: false, controller: undefined, withheld: undefined, shim: undefined } as const;

/** Writers of Secrets and ConfigMaps whose namespace is fixed, in a stable order (render, Certificates, service-ca, controllers, injectors). */
export function namespacedWriters(model: Model, controllers: readonly ControllerInstance[]): KeyWriter[] {
  const out: KeyWriter[] = [];
  for (const s of model.byKind("Secret")) {
    const keys = [...(s.secretKeys?.keys() ?? [])];
    out.push({
      ...NOT_A_CERTIFICATE,
      type: "rendered",
      kind: "Secret",
      object: s,
      path: ["metadata", "name"],
      namespace: s.namespace ?? "",
      name: s.name,
      keys,
      replacesData: false,
      placeholder: keys.length === 0,
      ownedByServiceCa: annotationsOf(s)[SERVICE_CA.originatingServiceUid] !== undefined,
      description: `the rendered ${describeObject(s)}`,
      rotation: undefined,
      content: undefined,
    });
  }
  for (const c of model.byKind("Certificate")) {
    if (!isCertificate(c)) continue;
    const spec = asRecord(c.raw.spec);
    const secretName = asString(spec?.secretName);
    if (!secretName) continue;
    const withheld = withheldKeys(certificateIssuer(model, c));
    const keys = [...CERT_MANAGER.secretKeys, ...keystoreKeys(asRecord(spec?.keystores))];
    out.push({
      ...NOT_A_CERTIFICATE,
      type: "certificate",
      kind: "Secret",
      object: c,
      path: ["spec", "secretName"],
      namespace: c.namespace ?? "",
      name: secretName,
      keys: withheld ? keys.filter((k) => !withheld.keys.includes(k)) : keys,
      replacesData: false,
      dnsNames: asArray(spec?.dnsNames).map((n) => asString(n) ?? "").filter(Boolean),
      dnsNamesPath: spec?.dnsNames !== undefined ? ["spec", "dnsNames"] : spec?.commonName !== undefined ? ["spec", "commonName"] : ["spec"],
      description: `cert-manager ${describeObject(c)}`,
      rotation: `cert-manager Certificate ${c.name}`,
      content: { kind: "private", scope: "all", basis: (key) => `Secret ${secretName} is written by cert-manager Certificate ${c.name}: its "${key}" is one issuer's CA or certificate` },
      withheld,
    });
  }
  for (const shim of shimCertificates(model)) out.push(shimWriter(model, shim));
  for (const svc of model.byKind("Service")) {
    const ann = servingSecretAnnotation(svc);
    if (!ann) continue;
    const headless = asString(viewAs<IService>(svc.raw).spec?.clusterIP) === "None";
    out.push({
      ...NOT_A_CERTIFICATE,
      type: "service-ca",
      kind: "Secret",
      object: svc,
      path: annotationPath(ann.key),
      namespace: svc.namespace ?? "",
      name: ann.value,
      keys: SERVICE_CA.secretKeys,
      replacesData: false,
      dnsNames: serviceCaDnsNames(svc.name, svc.namespace ?? "", headless),
      dnsNamesPath: annotationPath(ann.key),
      description: `OpenShift service-ca (${ann.key} on ${describeObject(svc)})`,
      rotation: `OpenShift service-ca (serving certificate of Service ${svc.name})`,
      content: { kind: "private", scope: "all", basis: () => `Secret ${ann.value} is the service-ca serving certificate of Service ${svc.name}` },
    });
  }
  for (const ctl of controllers) {
    if (!ctl.secret) continue;
    out.push({
      ...NOT_A_CERTIFICATE,
      type: "controller",
      kind: "Secret",
      object: ctl.workload.object,
      path: ctl.secret.path,
      namespace: ctl.secret.namespace,
      name: ctl.secret.name,
      keys: ctl.secret.keys,
      replacesData: false,
      dnsNames: ctl.secret.dnsNames,
      dnsNamesPath: ctl.secret.dnsNamesPath ?? ctl.secret.path,
      controller: ctl,
      description: `${ctl.entry.description} (${describeObject(ctl.workload.object)})`,
      rotation: undefined,
      content: undefined,
    });
  }
  for (const cm of model.byKind("ConfigMap")) {
    const ns = cm.namespace ?? "";
    out.push({ ...NOT_A_CERTIFICATE, type: "rendered", kind: "ConfigMap", object: cm, path: ["metadata", "name"], namespace: ns, name: cm.name, keys: renderedConfigMapKeys(cm), replacesData: false, description: `the rendered ${describeObject(cm)}`, rotation: undefined, content: undefined });
    const a = annotationsOf(cm);
    const inject = [SERVICE_CA.injectBeta, SERVICE_CA.injectAlpha].find((k) => serviceCaEnabled(a[k]));
    if (inject) {
      out.push({
        ...NOT_A_CERTIFICATE,
        type: "injector",
        kind: "ConfigMap",
        object: cm,
        path: annotationPath(inject),
        namespace: ns,
        name: cm.name,
        keys: [SERVICE_CA.configMapKey],
        replacesData: true,
        description: "OpenShift service-ca (inject-cabundle)",
        rotation: "OpenShift service-ca (CA bundle injection)",
        content: { kind: "private", scope: "own", basis: (key) => `ConfigMap ${cm.name} key "${key}" is OpenShift's injected service CA` },
      });
    }
    if (serviceCaEnabled(labelsOf(cm)[TRUSTED_CA_BUNDLE.label])) {
      out.push({
        ...NOT_A_CERTIFICATE,
        type: "injector",
        kind: "ConfigMap",
        object: cm,
        path: ["metadata", "labels", TRUSTED_CA_BUNDLE.label],
        namespace: ns,
        name: cm.name,
        keys: [TRUSTED_CA_BUNDLE.configMapKey],
        replacesData: true,
        description: `the Cluster Network Operator (${TRUSTED_CA_BUNDLE.label})`,
        rotation: "the OpenShift Cluster Network Operator (trusted CA bundle)",
        content: { kind: "bundle", scope: "own", basis: () => `ConfigMap ${cm.name} is labelled ${TRUSTED_CA_BUNDLE.label}, so OpenShift fills it with the cluster's trusted CA bundle` },
      });
    }
  }
  return out;
}

/** The kube-controller-manager's root CA ConfigMap, which it publishes in every namespace. */
export const KUBE_ROOT_CA = {
  keys: ["ca.crt"],
  rotation: "the kube-controller-manager (cluster root CA)",
  content: { kind: "private", scope: "all", basis: () => `ConfigMap ${KUBE_ROOT_CA_CONFIGMAP} holds only the cluster's root CA` },
} as const satisfies { keys: readonly string[]; rotation: string; content: ProducedContent };

/** The kube-controller-manager as the writer of a rendered kube-root-ca.crt: it puts the cluster's root CA back. */
export function kubeRootCaWriter(rendered: K8sObject): KeyWriter {
  return {
    ...NOT_A_CERTIFICATE,
    type: "injector",
    kind: "ConfigMap",
    object: rendered,
    path: ["metadata", "name"],
    namespace: rendered.namespace ?? "",
    name: KUBE_ROOT_CA_CONFIGMAP,
    keys: KUBE_ROOT_CA.keys,
    replacesData: true,
    description: KUBE_ROOT_CA.rotation,
    rotation: KUBE_ROOT_CA.rotation,
    content: KUBE_ROOT_CA.content,
  };
}

/** trust-manager Bundles (trust.cert-manager.io) and ClusterBundles (trust-manager.io) of the render. */
export function trustManagerBundles(model: Model): K8sObject[] {
  return model.byKind(TRUST_MANAGER_BUNDLE.kind, TRUST_MANAGER_CLUSTER_BUNDLE.kind).filter((b) => {
    const group = b.kind === TRUST_MANAGER_BUNDLE.kind ? TRUST_MANAGER_BUNDLE.group : TRUST_MANAGER_CLUSTER_BUNDLE.group;
    return b.apiVersion.startsWith(`${group}/`);
  });
}

/** trust-manager targets, by the name they are written under (the bundle's name). */
export function bundleTargets(model: Model): Map<string, BundleTarget[]> {
  const out = new Map<string, BundleTarget[]>();
  for (const b of trustManagerBundles(model)) {
    const spec = asRecord(b.raw.spec);
    const target = asRecord(spec?.target);
    if (!target) continue;
    const cluster = b.kind === TRUST_MANAGER_CLUSTER_BUNDLE.kind;
    // v1alpha2 ClusterBundle: spec.defaultCAs.provider System; v1alpha1 Bundle: sources[].useDefaultCAs.
    const withDefaults = cluster ? asString(asRecord(spec?.defaultCAs)?.provider) === "System" : asArray(spec?.sources).some((s) => asRecord(s)?.useDefaultCAs === true);
    const formats = asRecord(target.additionalFormats);
    for (const [field, kind] of [["configMap", "ConfigMap"], ["secret", "Secret"]] as const) {
      const t = asRecord(target[field]);
      if (!t) continue;
      let keys: string[];
      let path: JsonPath;
      if (cluster) {
        keys = asArray(t.data).flatMap((d) => asString(asRecord(d)?.key) ?? []);
        path = ["spec", "target", field, "data"];
      } else {
        const key = asString(t.key);
        if (!key) continue;
        // The JKS and PKCS#12 formats are written next to the PEM key of each target.
        keys = [key, ...(["jks", "pkcs12"] as const).flatMap((f) => asString(asRecord(formats?.[f])?.key) ?? [])];
        path = ["spec", "target", field, "key"];
      }
      if (keys.length === 0) continue;
      const what = (key: string) => `${kind} ${b.name} key "${key}" is a target of trust-manager ${b.kind} ${b.name}`;
      const writer: KeyWriter = {
        ...NOT_A_CERTIFICATE,
        type: "trust-manager",
        kind,
        object: b,
        path,
        namespace: "",
        name: b.name,
        keys,
        replacesData: kind === "ConfigMap",
        description: `trust-manager ${describeObject(b)}`,
        rotation: `trust-manager ${b.kind} ${b.name}`,
        content: withDefaults
          ? { kind: "bundle", scope: "own", basis: (key) => `${what(key)}, which includes the default public CAs` }
          : { kind: "private", scope: "own", basis: (key) => `${what(key)}, which has no default public CAs` },
      };
      const list = out.get(b.name);
      const entry = { writer, namespaceSelector: target.namespaceSelector };
      if (list) list.push(entry);
      else out.set(b.name, [entry]);
    }
  }
  return out;
}

/** The Certificate an annotated Ingress, Gateway or ListenerSet gets from cert-manager's shim, as the writer of its Secret. */
function shimWriter(model: Model, shim: ShimCertificate): KeyWriter {
  const { owner, issuer, secretName } = shim;
  const withheld = withheldKeys(resolveIssuer(model, { ...issuer, object: owner, names: shim.hosts, labels: {}, fromControllerDefaults: issuer.fromDefaults }));
  const certificate = `cert-manager's ${shim.shim} Certificate ${shim.namespace}/${secretName} (for ${describeObject(owner)})`;
  return {
    ...NOT_A_CERTIFICATE,
    type: "certificate",
    kind: "Secret",
    object: owner,
    path: shim.secretPath,
    namespace: shim.namespace,
    name: secretName,
    keys: withheld ? CERT_MANAGER.secretKeys.filter((k) => !withheld.keys.includes(k)) : CERT_MANAGER.secretKeys,
    replacesData: false,
    // IP addresses among the hosts become the Certificate's ipAddresses, not DNS names.
    dnsNames: shim.hosts.map((h) => h.name).filter((n) => !isIP(n)),
    dnsNamesPath: shim.hostsPath,
    description: certificate,
    rotation: `cert-manager Certificate ${secretName} (${shim.shim})`,
    content: { kind: "private", scope: "all", basis: (key) => `Secret ${secretName} is written by the ${certificate}: its "${key}" is one issuer's CA or certificate` },
    withheld,
    shim: shim.shim,
  };
}

/** The keys a Certificate's Secret will lack because its issuer returns no CA (ACME). */
function withheldKeys(issuer: K8sObject | undefined): WithheldKeys | undefined {
  const type = issuer ? issuerWithoutCa(issuer) : undefined;
  return issuer && type ? { keys: CA_DEPENDENT_KEYS, issuer, why: `the ${type} ${describeObject(issuer)} returns no CA` } : undefined;
}

/** The keystore keys a Certificate's `spec.keystores` asks cert-manager to add. */
function keystoreKeys(keystores: Record<string, unknown> | undefined): string[] {
  if (!keystores) return [];
  return (["jks", "pkcs12"] as const).flatMap((format) => (asRecord(keystores[format])?.create === true ? CERT_MANAGER.keystoreKeys[format] : []));
}

/** The keys a rendered ConfigMap holds (data and binaryData). */
export function renderedConfigMapKeys(cm: K8sObject): string[] {
  return [...Object.keys(stringMap(cm.raw.data)), ...Object.keys(stringMap(cm.raw.binaryData))];
}
