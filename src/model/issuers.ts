/**
 * cert-manager's issuer chain as the render shows it: who asks for a certificate (a Certificate's
 * issuerRef, an ingress-shim Ingress or gateway-shim Gateway annotation), which Issuer or
 * ClusterIssuer that names, and for ACME issuers which solver cert-manager picks for a name.
 * Sources: cert-manager pkg/apis/certmanager/v1 types_certificate.go (issuerRef kind defaults to
 * Issuer, group to cert-manager.io), pkg/apis/meta/v1 (annotations issuer, cluster-issuer,
 * issuer-kind, issuer-group), pkg/issuer/acme/http/solver selection
 * (pkg/controller/acmeorders/selectors: dnsNames match beats dnsZones, the longest zone wins,
 * then labels, then an empty selector).
 */
import type { Model } from "./model";
import type { JsonPath, K8sObject } from "./types";
import { asArray, asRecord, asString, stringMap } from "./values";
import { annotationPath, annotationsOf } from "./graph/meta";

export const CERT_MANAGER_GROUP = "cert-manager.io";

/** A request for certificates from an issuer. */
export interface IssuerRequest {
  /** The Certificate, Ingress or Gateway that asks. */
  readonly object: K8sObject;
  readonly name: string;
  /** "Issuer", "ClusterIssuer", or an external issuer's kind. */
  readonly kind: string;
  readonly group: string;
  /** Where the name is written (issuerRef.name or the annotation). */
  readonly path: JsonPath;
  /** Where the kind is written, when it is. */
  readonly kindPath: JsonPath | undefined;
  /** The names asked for, with where each is written. */
  readonly names: readonly { readonly name: string; readonly path: JsonPath }[];
  readonly labels: Readonly<Record<string, string>>;
}

export function isCertManagerObject(o: K8sObject): boolean {
  return o.apiVersion.startsWith(`${CERT_MANAGER_GROUP}/`);
}

/** Every issuer request in the render: Certificates, ingress-shim Ingresses, gateway-shim Gateways. */
export function issuerRequests(model: Model): IssuerRequest[] {
  const out: IssuerRequest[] = [];
  for (const cert of model.byKind("Certificate")) {
    if (!isCertManagerObject(cert)) continue;
    const spec = asRecord(cert.raw.spec);
    const ref = asRecord(spec?.issuerRef);
    const name = asString(ref?.name);
    if (!ref || !name) continue;
    const names = asArray(spec?.dnsNames).flatMap((d, i) => (typeof d === "string" ? [{ name: d, path: ["spec", "dnsNames", i] }] : []));
    const cn = asString(spec?.commonName);
    if (cn && !names.some((n) => n.name === cn)) names.push({ name: cn, path: ["spec", "commonName"] });
    out.push({
      object: cert,
      name,
      kind: asString(ref.kind) || "Issuer",
      group: asString(ref.group) || CERT_MANAGER_GROUP,
      path: ["spec", "issuerRef", "name"],
      kindPath: ref.kind !== undefined ? ["spec", "issuerRef", "kind"] : undefined,
      names,
      labels: stringMap(asRecord(cert.raw.metadata)?.labels),
    });
  }
  for (const o of model.byKind("Ingress", "Gateway")) {
    const a = annotationsOf(o);
    const cluster = a["cert-manager.io/cluster-issuer"];
    const namespaced = a["cert-manager.io/issuer"];
    const key = namespaced !== undefined ? "cert-manager.io/issuer" : cluster !== undefined ? "cert-manager.io/cluster-issuer" : undefined;
    if (!key) continue;
    const name = (a[key] ?? "").trim();
    if (!name) continue;
    const kindAnnotation = a["cert-manager.io/issuer-kind"];
    const kind = key === "cert-manager.io/cluster-issuer" ? "ClusterIssuer" : kindAnnotation || "Issuer";
    out.push({
      object: o,
      name,
      kind,
      group: a["cert-manager.io/issuer-group"] || CERT_MANAGER_GROUP,
      path: annotationPath(key),
      kindPath: kindAnnotation !== undefined && key === "cert-manager.io/issuer" ? annotationPath("cert-manager.io/issuer-kind") : undefined,
      names: shimNames(o),
      labels: stringMap(asRecord(o.raw.metadata)?.labels),
    });
  }
  return out;
}

/** The names ingress-shim (tls[].hosts) or gateway-shim (listener hostnames with TLS) asks for. */
function shimNames(o: K8sObject): { name: string; path: JsonPath }[] {
  const spec = asRecord(o.raw.spec);
  if (o.kind === "Ingress") {
    return asArray(spec?.tls).flatMap((t, i) => asArray(asRecord(t)?.hosts).flatMap((h, j) => (typeof h === "string" ? [{ name: h, path: ["spec", "tls", i, "hosts", j] }] : [])));
  }
  return asArray(spec?.listeners).flatMap((l, i) => {
    const listener = asRecord(l);
    const host = asString(listener?.hostname);
    return host && asRecord(listener?.tls) ? [{ name: host, path: ["spec", "listeners", i, "hostname"] }] : [];
  });
}

/** The issuer a request names, if the render has it. */
export function resolveIssuer(model: Model, request: IssuerRequest): K8sObject | undefined {
  if (request.group !== CERT_MANAGER_GROUP) return undefined;
  const found = request.kind === "ClusterIssuer" ? model.get("ClusterIssuer", undefined, request.name) : request.kind === "Issuer" ? model.get("Issuer", request.object.namespace, request.name) : undefined;
  return found && isCertManagerObject(found) ? found : undefined;
}

/** One ACME solver of an issuer. */
export interface AcmeSolver {
  readonly index: number;
  readonly type: "http01" | "dns01" | "unknown";
  readonly dnsNames: readonly string[];
  readonly dnsZones: readonly string[];
  readonly matchLabels: Readonly<Record<string, string>>;
}

export function acmeOf(issuer: K8sObject): Record<string, unknown> | undefined {
  return asRecord(asRecord(issuer.raw.spec)?.acme);
}

export function acmeSolvers(issuer: K8sObject): AcmeSolver[] {
  return asArray(acmeOf(issuer)?.solvers).map((s, index) => {
    const solver = asRecord(s);
    const selector = asRecord(solver?.selector);
    const type = solver?.dns01 !== undefined ? "dns01" : solver?.http01 !== undefined ? "http01" : "unknown";
    return {
      index,
      type,
      dnsNames: asArray(selector?.dnsNames).flatMap((d) => (typeof d === "string" ? [d] : [])),
      dnsZones: asArray(selector?.dnsZones).flatMap((d) => (typeof d === "string" ? [d] : [])),
      matchLabels: stringMap(selector?.matchLabels),
    };
  });
}

/**
 * The solvers cert-manager would choose from for a name: those whose selector lists the name,
 * else those whose dnsZones hold it (the longest zone), else those selecting by labels only
 * (labels that match), else those with an empty selector.
 */
export function solversFor(solvers: readonly AcmeSolver[], name: string, labels: Readonly<Record<string, string>>): AcmeSolver[] {
  const labelsMatch = (s: AcmeSolver) => Object.entries(s.matchLabels).every(([k, v]) => labels[k] === v);
  const byName = solvers.filter((s) => s.dnsNames.includes(name) && labelsMatch(s));
  if (byName.length) return byName;
  const bare = name.startsWith("*.") ? name.slice(2) : name;
  let best = -1;
  let byZone: AcmeSolver[] = [];
  for (const s of solvers) {
    if (s.dnsNames.length || !labelsMatch(s)) continue;
    for (const zone of s.dnsZones) {
      if (bare !== zone && !bare.endsWith(`.${zone}`)) continue;
      if (zone.length > best) {
        best = zone.length;
        byZone = [s];
      } else if (zone.length === best) byZone.push(s);
    }
  }
  if (byZone.length) return byZone;
  const byLabels = solvers.filter((s) => !s.dnsNames.length && !s.dnsZones.length && Object.keys(s.matchLabels).length && labelsMatch(s));
  if (byLabels.length) return byLabels;
  return solvers.filter((s) => !s.dnsNames.length && !s.dnsZones.length && !Object.keys(s.matchLabels).length);
}
