/**
 * The Certificates cert-manager's certificate-shim creates at run time: one per TLS Secret of an
 * Ingress (ingress-shim) or of a Gateway or ListenerSet (gateway-shim) that carries an issuer
 * annotation, named after the Secret, in the object's namespace, with the hosts the object serves
 * from that Secret as dnsNames. The rules of which objects, entries and listeners count are
 * cert-manager's (src/knowledge/cert-manager.ts, CERTIFICATE_SHIM); src/model/sources/writers.ts
 * turns each into the writer of its Secret.
 */
import { CERTIFICATE_SHIM, CERT_MANAGER_CONTROLLER, CERT_MANAGER_GROUP } from "../../knowledge/cert-manager";
import { resolve } from "../graph/controllers";
import { readListeners } from "../edges/gateway-api";
import { annotationPath, annotationsOf } from "../graph/meta";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString } from "../values";
import { pushAll } from "../../util/arrays";

/** The issuer an annotated Ingress, Gateway or ListenerSet names. */
export interface ShimIssuer {
  readonly name: string;
  readonly kind: string;
  readonly group: string;
  /** Where the name is written (the issuer or cluster-issuer annotation). */
  readonly path: JsonPath;
  /** Where the kind is written, when an issuer-kind annotation sets it. */
  readonly kindPath: JsonPath | undefined;
  /** Why cert-manager refuses the annotations and creates nothing; undefined when it accepts them. */
  readonly refused: string | undefined;
  /** The issuer is the controller's default (an auto-certificate annotation such as kubernetes.io/tls-acme). */
  readonly fromDefaults: boolean;
}

export type ShimName = "ingress-shim" | "gateway-shim";

/** One Certificate the shim creates. */
export interface ShimCertificate {
  readonly shim: ShimName;
  /** The Ingress, Gateway or ListenerSet. */
  readonly owner: K8sObject;
  readonly issuer: ShimIssuer;
  readonly namespace: string;
  /** The Secret, and the Certificate's name. */
  readonly secretName: string;
  /** Where the Secret's name is first written (tls[i].secretName, a listener's certificateRefs entry). */
  readonly secretPath: JsonPath;
  /** The DNS names asked for, each where it is written. */
  readonly hosts: readonly { readonly name: string; readonly path: JsonPath }[];
  /** Where the names are written: the TLS entry's hosts, or the first listener's hostname. */
  readonly hostsPath: JsonPath;
}

/** The default issuer of the cert-manager controller in the render, for Ingresses with an auto-certificate annotation. */
export interface ShimDefaults {
  readonly name: string;
  readonly kind: string;
  readonly group: string;
  readonly autoAnnotations: readonly string[];
}

const defaultsCache = new WeakMap<Model, { readonly found: ShimDefaults | undefined }>();

/** The ingress-shim defaults of the first cert-manager controller in the render; undefined without one or without a default issuer name. */
export function shimDefaults(model: Model): ShimDefaults | undefined {
  let hit = defaultsCache.get(model);
  if (!hit) defaultsCache.set(model, (hit = { found: findDefaults(model) }));
  return hit.found;
}

function findDefaults(model: Model): ShimDefaults | undefined {
  const image = new RegExp(CERT_MANAGER_CONTROLLER.image, "i");
  const s = CERTIFICATE_SHIM;
  for (const workload of model.workloads) {
    for (const container of workload.containers) {
      if (!image.test(container.image)) continue;
      const ns = workload.object.namespace ?? "default";
      const flag = (name: string) => resolve({ flag: name }, container, ns)?.value.trim();
      const name = flag(s.defaultIssuerNameFlag);
      if (!name) return undefined;
      const auto = flag(s.autoAnnotationsFlag);
      return {
        name,
        kind: flag(s.defaultIssuerKindFlag) || s.defaultIssuerKind,
        group: flag(s.defaultIssuerGroupFlag) || CERT_MANAGER_GROUP,
        autoAnnotations: auto ? auto.split(",").map((k) => k.trim()).filter(Boolean) : s.autoAnnotations,
      };
    }
  }
  return undefined;
}

/**
 * The issuer an object asks cert-manager for, as cert-manager reads its annotations; undefined
 * when it asks none. `defaults` (the controller's default issuer) answers an Ingress's
 * auto-certificate annotation (kubernetes.io/tls-acme: "true").
 */
export function shimIssuer(o: K8sObject, defaults: ShimDefaults | undefined): ShimIssuer | undefined {
  const a = annotationsOf(o);
  const { issuer, clusterIssuer, issuerKind, issuerGroup } = CERTIFICATE_SHIM;
  const hasIssuer = a[issuer] !== undefined;
  const hasCluster = a[clusterIssuer] !== undefined;
  if (!hasIssuer && !hasCluster) return o.kind === "Ingress" && defaults ? autoIssuer(a, defaults) : undefined;
  // The namespaced annotation is the one a user wrote on purpose when both are there; either way cert-manager refuses.
  const key = hasIssuer ? issuer : clusterIssuer;
  const name = (a[key] ?? "").trim();
  const kindAnnotation = a[issuerKind];
  const groupAnnotation = a[issuerGroup];
  const refusals = [
    name ? "" : `${key} is empty`,
    hasIssuer && hasCluster ? `both ${issuer} and ${clusterIssuer} are set` : "",
    hasCluster && groupAnnotation !== undefined ? `both ${clusterIssuer} and ${issuerGroup} are set` : "",
    hasCluster && kindAnnotation !== undefined ? `both ${clusterIssuer} and ${issuerKind} are set` : "",
  ].filter(Boolean);
  return {
    name,
    kind: key === clusterIssuer ? "ClusterIssuer" : kindAnnotation || "Issuer",
    group: groupAnnotation || CERT_MANAGER_GROUP,
    path: annotationPath(key),
    kindPath: kindAnnotation !== undefined && key === issuer ? annotationPath(issuerKind) : undefined,
    refused: refusals.length ? refusals.join(", ") : undefined,
    fromDefaults: false,
  };
}

/** An auto-certificate annotation set to true: the default issuer, with issuer-kind and issuer-group still overriding it. */
function autoIssuer(a: Readonly<Record<string, string>>, defaults: ShimDefaults): ShimIssuer | undefined {
  const key = defaults.autoAnnotations.find((k) => (CERTIFICATE_SHIM.trueValues as readonly string[]).includes(a[k] ?? ""));
  if (!key) return undefined;
  const kind = a[CERTIFICATE_SHIM.issuerKind];
  return {
    name: defaults.name,
    kind: kind || defaults.kind,
    group: a[CERTIFICATE_SHIM.issuerGroup] || defaults.group,
    path: annotationPath(key),
    kindPath: kind !== undefined ? annotationPath(CERTIFICATE_SHIM.issuerKind) : undefined,
    refused: undefined,
    fromDefaults: true,
  };
}

/** Every Certificate the shim creates for the render's annotated Ingresses, Gateways and ListenerSets. */
export function shimCertificates(model: Model): ShimCertificate[] {
  const out: ShimCertificate[] = [];
  const defaults = shimDefaults(model);
  for (const ing of model.byKind("Ingress")) {
    const issuer = shimIssuer(ing, defaults);
    if (issuer && !issuer.refused) pushAll(out, ingressCertificates(ing, issuer));
  }
  const byOwner = new Map<K8sObject, Map<string, ShimCertificate>>();
  for (const l of readListeners(model)) {
    const issuer = shimIssuer(l.owner, undefined);
    if (!issuer || issuer.refused || !l.hostname) continue;
    if (!(CERTIFICATE_SHIM.gatewayProtocols as readonly string[]).includes(l.protocol)) continue;
    if ((l.tlsMode ?? CERTIFICATE_SHIM.gatewayTlsMode) !== CERTIFICATE_SHIM.gatewayTlsMode) continue;
    const ignored = (annotationsOf(l.owner)[CERTIFICATE_SHIM.ignoreTlsListeners] ?? "").split(",").map((n) => n.trim());
    if (ignored.includes(l.name)) continue;
    const ns = l.owner.namespace ?? "";
    const valid = l.certificateRefs.length > 0 && l.certificateRefs.every((r) => (CERTIFICATE_SHIM.secretGroups as readonly string[]).includes(r.group) && r.kind === "Secret" && r.namespace === ns);
    if (!valid) continue;
    let certs = byOwner.get(l.owner);
    if (!certs) byOwner.set(l.owner, (certs = new Map<string, ShimCertificate>()));
    for (const ref of l.certificateRefs) {
      const host = { name: l.hostname.value, path: l.hostname.path };
      const known = certs.get(ref.name);
      if (known) {
        if (!known.hosts.some((h) => h.name === host.name)) certs.set(ref.name, { ...known, hosts: [...known.hosts, host] });
      } else {
        certs.set(ref.name, { shim: "gateway-shim", owner: l.owner, issuer, namespace: ns, secretName: ref.name, secretPath: ref.path, hosts: [host], hostsPath: l.hostname.path });
      }
    }
  }
  for (const certs of byOwner.values()) pushAll(out, [...certs.values()]);
  // A Certificate of that name the render already has is not the shim's: cert-manager leaves it alone.
  return out.filter((c) => !model.get("Certificate", c.namespace, c.secretName));
}

function ingressCertificates(ing: K8sObject, issuer: ShimIssuer): ShimCertificate[] {
  const entries = asArray(asRecord(ing.raw.spec)?.tls).map((t) => asRecord(t));
  const secretNames = entries.map((t) => asString(t?.secretName) ?? "");
  // One secretName in two entries: cert-manager rejects the whole Ingress.
  if (secretNames.some((n, i) => secretNames.indexOf(n) !== i)) return [];
  const ns = ing.namespace ?? "";
  return entries.flatMap((tls, i): ShimCertificate[] => {
    const secretName = secretNames[i]!.trim();
    // A namespaced name (ns/name) is no Certificate name; tls-secret-unresolvable reports it.
    if (!tls || !secretName || secretName.includes("/")) return [];
    const hosts: { name: string; path: JsonPath }[] = [];
    asArray(tls.hosts).forEach((h, j) => {
      const name = typeof h === "string" ? h.trim() : "";
      if (name && !hosts.some((k) => k.name === name)) hosts.push({ name, path: ["spec", "tls", i, "hosts", j] });
    });
    if (hosts.length === 0) return [];
    return [{ shim: "ingress-shim", owner: ing, issuer, namespace: ns, secretName, secretPath: ["spec", "tls", i, "secretName"], hosts, hostsPath: ["spec", "tls", i, "hosts"] }];
  });
}
