/**
 * Who writes each Secret and ConfigMap that carries TLS material, and which keys and DNS names
 * they put there: a Secret rendered in the manifests, a cert-manager Certificate's secretName,
 * service-ca's serving-cert-secret-name annotation, a known controller's --secret-name, and the
 * injectors that replace a ConfigMap's data (service-ca, the OpenShift trusted bundle, trust-manager).
 */
import { CERT_MANAGER, SERVICE_CA, TRUSTED_CA_BUNDLE, serviceCaDnsNames, serviceCaEnabled } from "../../knowledge/ca-injection";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString, stringMap } from "../values";
import type { ControllerInstance } from "./controllers";
import { annotationPath, annotationsOf, describeObject, labelsOf, nsName, pushTo } from "./meta";

export type SecretWriterType = "rendered" | "certificate" | "service-ca" | "controller";

export interface SecretWriter {
  readonly type: SecretWriterType;
  /** The object that makes it a writer: the Secret, the Certificate, the Service, the workload. */
  readonly object: K8sObject;
  /** Where in that object (the Secret's name, spec.secretName, the annotation, the flag). */
  readonly path: JsonPath;
  readonly namespace: string;
  readonly name: string;
  readonly keys: readonly string[];
  /** The names in the certificate it writes; undefined when it does not issue one (or it is unknown). */
  readonly dnsNames: readonly string[] | undefined;
  readonly dnsNamesPath: JsonPath | undefined;
  /** A rendered Secret without data: a placeholder for another writer to fill. */
  readonly placeholder: boolean;
  /** A rendered Secret that service-ca created (it carries the originating-service-uid annotation). */
  readonly ownedByServiceCa: boolean;
  readonly controller: ControllerInstance | undefined;
  /** How messages name it: "cert-manager Certificate ns/x", "service-ca (annotation on Service ns/x)". */
  readonly description: string;
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

export function secretWriters(model: Model, controllers: readonly ControllerInstance[]): Map<string, SecretWriter[]> {
  const out = new Map<string, SecretWriter[]>();
  const add = (w: SecretWriter) => pushTo(out, nsName(w.namespace, w.name), w);
  for (const s of model.byKind("Secret")) {
    const keys = [...(s.secretKeys?.keys() ?? [])];
    add({
      type: "rendered",
      object: s,
      path: ["metadata", "name"],
      namespace: s.namespace ?? "",
      name: s.name,
      keys,
      dnsNames: undefined,
      dnsNamesPath: undefined,
      placeholder: keys.length === 0,
      ownedByServiceCa: annotationsOf(s)[SERVICE_CA.originatingServiceUid] !== undefined,
      controller: undefined,
      description: `the rendered ${describeObject(s)}`,
    });
  }
  for (const c of model.byKind("Certificate")) {
    if (!isCertificate(c)) continue;
    const spec = asRecord(c.raw.spec);
    const secretName = asString(spec?.secretName);
    if (!secretName) continue;
    const dnsNames = asArray(spec?.dnsNames).map((n) => asString(n) ?? "").filter(Boolean);
    add({
      type: "certificate",
      object: c,
      path: ["spec", "secretName"],
      namespace: c.namespace ?? "",
      name: secretName,
      keys: [...CERT_MANAGER.secretKeys, ...keystoreKeys(asRecord(spec?.keystores))],
      dnsNames,
      dnsNamesPath: spec?.dnsNames !== undefined ? ["spec", "dnsNames"] : spec?.commonName !== undefined ? ["spec", "commonName"] : ["spec"],
      placeholder: false,
      ownedByServiceCa: false,
      controller: undefined,
      description: `cert-manager ${describeObject(c)}`,
    });
  }
  for (const svc of model.byKind("Service")) {
    const ann = servingSecretAnnotation(svc);
    if (!ann) continue;
    const headless = asString(asRecord(svc.raw.spec)?.clusterIP) === "None";
    add({
      type: "service-ca",
      object: svc,
      path: annotationPath(ann.key),
      namespace: svc.namespace ?? "",
      name: ann.value,
      keys: SERVICE_CA.secretKeys,
      dnsNames: serviceCaDnsNames(svc.name, svc.namespace ?? "", headless),
      dnsNamesPath: annotationPath(ann.key),
      placeholder: false,
      ownedByServiceCa: false,
      controller: undefined,
      description: `OpenShift service-ca (${ann.key} on ${describeObject(svc)})`,
    });
  }
  for (const ctl of controllers) {
    if (!ctl.secret) continue;
    add({
      type: "controller",
      object: ctl.workload.object,
      path: ctl.secret.path,
      namespace: ctl.secret.namespace,
      name: ctl.secret.name,
      keys: ctl.secret.keys,
      dnsNames: ctl.secret.dnsNames,
      dnsNamesPath: ctl.secret.dnsNamesPath ?? ctl.secret.path,
      placeholder: false,
      ownedByServiceCa: false,
      controller: ctl,
      description: `${ctl.entry.description} (${describeObject(ctl.workload.object)})`,
    });
  }
  for (const b of model.byKind("Bundle")) {
    // trust-manager writes its target into a Secret named like the Bundle (in every selected namespace).
    const key = asString(asRecord(asRecord(asRecord(b.raw.spec)?.target)?.secret)?.key);
    if (!b.apiVersion.startsWith("trust.cert-manager.io/") || !key) continue;
    add({ type: "controller", object: b, path: ["spec", "target", "secret", "key"], namespace: "*", name: b.name, keys: [key], dnsNames: undefined, dnsNamesPath: undefined, placeholder: false, ownedByServiceCa: false, controller: undefined, description: `trust-manager ${describeObject(b)}` });
  }
  return out;
}

/** What fills a ConfigMap's data, when something other than the render does. */
export interface ConfigMapInjection {
  readonly object: K8sObject;
  /** The single key the injector leaves. */
  readonly key: string;
  readonly description: string;
}

/** ConfigMaps whose data an injector replaces: keyed by "ns/name" ("*" namespace for trust-manager targets). */
export function configMapInjections(model: Model): Map<string, ConfigMapInjection[]> {
  const out = new Map<string, ConfigMapInjection[]>();
  for (const cm of model.byKind("ConfigMap")) {
    const a = annotationsOf(cm);
    if (serviceCaEnabled(a[SERVICE_CA.injectBeta]) || serviceCaEnabled(a[SERVICE_CA.injectAlpha])) {
      pushTo(out, nsName(cm.namespace, cm.name), { object: cm, key: SERVICE_CA.configMapKey, description: "OpenShift service-ca (inject-cabundle)" });
    }
    if (labelsOf(cm)[TRUSTED_CA_BUNDLE.label] === "true") {
      pushTo(out, nsName(cm.namespace, cm.name), { object: cm, key: TRUSTED_CA_BUNDLE.configMapKey, description: `the Cluster Network Operator (${TRUSTED_CA_BUNDLE.label})` });
    }
  }
  for (const b of model.byKind("Bundle")) {
    const key = asString(asRecord(asRecord(asRecord(b.raw.spec)?.target)?.configMap)?.key);
    if (b.apiVersion.startsWith("trust.cert-manager.io/") && key) pushTo(out, nsName("*", b.name), { object: b, key, description: `trust-manager ${describeObject(b)}` });
  }
  return out;
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
