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
import { CERT_MANAGER_CONTROLLER, CERT_MANAGER_GROUP, ISSUER_SECRET_FIELDS, ISSUER_TYPES_WITHOUT_CA } from "../knowledge/cert-manager";
import type { IssuerSecretField } from "../knowledge/cert-manager";
import type { Model } from "./model";
import type { JsonPath, K8sObject } from "./types";
import { asArray, asRecord, asString, stringMap } from "./values";
import { describeObject } from "./graph/meta";
import { findFlags } from "./flags";
import { resolve } from "./graph/controllers";
import { shimCertificates, shimDefaults, shimIssuer } from "./sources/shim";
import { LISTENER_SET_KINDS } from "../knowledge/edges";

export { CERT_MANAGER_GROUP };

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
  /** The issuer is cert-manager's default issuer (--default-issuer-name/-kind), asked for by an auto-certificate annotation. */
  readonly fromControllerDefaults: boolean;
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
      fromControllerDefaults: false,
    });
  }
  // ingress-shim and gateway-shim: the annotation names the issuer, the shim's Certificates the names.
  const shimmed = shimCertificates(model);
  const defaults = shimDefaults(model);
  for (const o of model.byKind("Ingress", "Gateway", ...LISTENER_SET_KINDS)) {
    const issuer = shimIssuer(o, defaults);
    if (!issuer?.name) continue;
    out.push({
      object: o,
      name: issuer.name,
      kind: issuer.kind,
      group: issuer.group,
      path: issuer.path,
      kindPath: issuer.kindPath,
      names: shimmed.filter((c) => c.owner === o).flatMap((c) => c.hosts),
      labels: stringMap(asRecord(o.raw.metadata)?.labels),
      fromControllerDefaults: issuer.fromDefaults,
    });
  }
  return out;
}

/** The issuer a request names, if the render has it. */
export function resolveIssuer(model: Model, request: IssuerRequest): K8sObject | undefined {
  if (request.group !== CERT_MANAGER_GROUP) return undefined;
  const found = request.kind === "ClusterIssuer" ? model.get("ClusterIssuer", undefined, request.name) : request.kind === "Issuer" ? model.get("Issuer", request.object.namespace, request.name) : undefined;
  return found && isCertManagerObject(found) ? found : undefined;
}

/** The issuer a Certificate's issuerRef names (kind Issuer and group cert-manager.io by default), if the render has it. */
export function certificateIssuer(model: Model, cert: K8sObject): K8sObject | undefined {
  const ref = asRecord(asRecord(cert.raw.spec)?.issuerRef);
  const name = asString(ref?.name);
  if (!ref || !name || (asString(ref.group) || CERT_MANAGER_GROUP) !== CERT_MANAGER_GROUP) return undefined;
  const kind = asString(ref.kind) || "Issuer";
  const found = kind === "ClusterIssuer" ? model.get("ClusterIssuer", undefined, name) : kind === "Issuer" ? model.get("Issuer", cert.namespace, name) : undefined;
  return found && isCertManagerObject(found) ? found : undefined;
}

/** The issuer type of an issuer that never returns a CA (ACME), as messages name it; undefined for the others. */
export function issuerWithoutCa(issuer: K8sObject): string | undefined {
  const spec = asRecord(issuer.raw.spec);
  return ISSUER_TYPES_WITHOUT_CA.find((t) => asRecord(spec?.[t.field]) !== undefined)?.description;
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

/** A Secret an issuer reads, named without a namespace. */
export interface IssuerSecretRef {
  readonly name: string;
  /** Where the name is written. */
  readonly path: JsonPath;
  readonly field: IssuerSecretField;
}

/** Every Secret the issuer's spec names (src/knowledge/cert-manager.ts). */
export function issuerSecretRefs(issuer: K8sObject): IssuerSecretRef[] {
  const out: IssuerSecretRef[] = [];
  for (const field of ISSUER_SECRET_FIELDS) {
    for (const { value, path } of valuesAt(issuer.raw.spec, field.path, ["spec"])) {
      const name = (field.form === "name" ? asString(value) : asString(asRecord(value)?.name))?.trim();
      if (name) out.push({ name, path: field.form === "name" ? path : [...path, "name"], field });
    }
  }
  return out;
}

function valuesAt(value: unknown, segments: readonly string[], path: JsonPath): { value: unknown; path: JsonPath }[] {
  if (segments.length === 0) return value === undefined ? [] : [{ value, path }];
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === "*") return asArray(value).flatMap((v, i) => valuesAt(v, rest, [...path, i]));
  const record = asRecord(value);
  return record && head in record ? valuesAt(record[head], rest, [...path, head]) : [];
}

/** Where cert-manager reads the Secrets of ClusterIssuers. */
export interface ClusterResourceNamespace {
  readonly namespace: string;
  /** How messages say where the namespace comes from. */
  readonly basis: string;
  /** False when neither the render nor the user states it and the documented install is assumed. */
  readonly stated: boolean;
  /** The controller's flag (or container) that sets it, when the render has the controller. */
  readonly source: { readonly object: K8sObject; readonly path: JsonPath } | undefined;
}

/**
 * cert-manager's cluster resource namespaces: for each cert-manager controller in the render its
 * `--cluster-resource-namespace` (with `$(POD_NAMESPACE)` expanded, as the chart passes it), else
 * the binary's default; without a controller in the render, `configured` (the user's word), else
 * the namespace of the documented install. Empty when a controller takes its settings from a
 * configuration file the render does not show.
 */
export function clusterResourceNamespaces(model: Model, configured: string | undefined): ClusterResourceNamespace[] {
  const image = new RegExp(CERT_MANAGER_CONTROLLER.image, "i");
  const out: ClusterResourceNamespace[] = [];
  let controllers = 0;
  for (const workload of model.workloads) {
    for (const container of workload.containers) {
      if (!image.test(container.image)) continue;
      controllers++;
      const podNs = workload.object.namespace ?? "default";
      const flag = CERT_MANAGER_CONTROLLER.clusterResourceNamespaceFlag;
      const given = resolve({ flag }, container, podNs);
      if (given?.value.includes("$(")) continue; // A reference the render leaves unexpanded: cannot tell.
      if (given?.value) {
        out.push({ namespace: given.value, basis: `${flag}=${given.value} on ${describeObject(workload.object)}`, stated: true, source: { object: workload.object, path: given.path ?? [...container.path, "args"] } });
      } else if (findFlags(container, [CERT_MANAGER_CONTROLLER.configFlag]).length === 0) {
        const ns = CERT_MANAGER_CONTROLLER.defaultClusterResourceNamespace;
        out.push({ namespace: ns, basis: `${describeObject(workload.object)} passes no ${flag}, so the controller's default ${ns} applies`, stated: true, source: { object: workload.object, path: [...container.path, "image"] } });
      }
    }
  }
  if (controllers > 0) return out;
  if (configured) return [{ namespace: configured, basis: "the clusterResourceNamespace option", stated: true, source: undefined }];
  const ns = CERT_MANAGER_CONTROLLER.installNamespace;
  return [{ namespace: ns, basis: `the cert-manager controller is not in the render; assumed to run in ${ns}, where its chart reads them`, stated: false, source: undefined }];
}
