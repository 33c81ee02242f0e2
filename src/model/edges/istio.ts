/**
 * Istio: Gateways (the pods they select and the credentialName Secrets those pods read),
 * DestinationRules (TLS a client sidecar originates, per host, port and subset),
 * PeerAuthentications (the mTLS mode each workload's sidecar accepts) and sidecar injection.
 */
import { ISTIO_DEFAULT_ROOT_NAMESPACE, ISTIO_INJECTION, ISTIO_MESH_CONFIG, ISTIO_MTLS, ISTIO_NETWORKING_GROUP, ISTIO_SECURITY_GROUP } from "../../knowledge/edges";
import { labelsOf } from "../graph/meta";
import { parseServiceHost } from "../graph/dns";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString, stringMap } from "../values";
import type { Workload } from "../workload";
import { hostsAt } from "./ingress";
import { selects } from "./join";
import type { Host, Located } from "./types";

const groupOf = (o: K8sObject) => o.apiVersion.split("/")[0] ?? "";

export interface IstioGatewayServer {
  readonly path: JsonPath;
  readonly port: number | undefined;
  readonly hosts: readonly Host[];
  readonly tlsMode: string | undefined;
  readonly credentialName: Located | undefined;
}

export interface IstioGateway {
  readonly object: K8sObject;
  readonly selector: Readonly<Record<string, string>>;
  /** Gateway pods the selector matches, in any namespace (Istio's default scope). */
  readonly pods: readonly Workload[];
  readonly servers: readonly IstioGatewayServer[];
}

/** One ClientTLSSettings of a DestinationRule: for all ports, one port, or one subset. */
export interface ClientTls {
  readonly rule: K8sObject;
  readonly path: JsonPath;
  readonly host: Located;
  readonly port: number | undefined;
  readonly subset: string | undefined;
  readonly mode: Located | undefined;
  readonly caCertificates: string | undefined;
  readonly credentialName: string | undefined;
  readonly insecureSkipVerify: Located<boolean> | undefined;
}

export interface PeerAuthentication {
  readonly object: K8sObject;
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly mode: Located | undefined;
  readonly portLevel: ReadonlyMap<number, Located>;
}

/** The mTLS mode a workload's sidecar accepts on a port, and the PeerAuthentication that says so. */
export interface EffectiveMtls {
  readonly mode: string;
  readonly from: PeerAuthentication | undefined;
  readonly path: JsonPath | undefined;
  readonly scope: "port" | "workload" | "namespace" | "mesh" | "default";
}

export type Injection =
  | { readonly dataplane: "sidecar" | "ambient" | "none"; readonly reason: string; readonly object: K8sObject; readonly path: JsonPath }
  | { readonly dataplane: "unknown" };

export function isIstio(o: K8sObject): boolean {
  const g = groupOf(o);
  return g === ISTIO_NETWORKING_GROUP || g === ISTIO_SECURITY_GROUP;
}

export function readIstioGateways(model: Model): IstioGateway[] {
  return model.byKind("Gateway").filter(isIstio).map((o) => {
    const spec = asRecord(o.raw.spec);
    const selector = stringMap(spec?.selector);
    const servers = asArray(spec?.servers).flatMap((s, i): IstioGatewayServer[] => {
      const r = asRecord(s);
      if (!r) return [];
      const path = ["spec", "servers", i];
      const tls = asRecord(r.tls);
      const credential = asString(tls?.credentialName)?.trim();
      const port = Number(asRecord(r.port)?.number);
      return [{ path, port: Number.isInteger(port) ? port : undefined, hosts: hostsAt(r.hosts, [...path, "hosts"]), tlsMode: asString(tls?.mode)?.toUpperCase(), credentialName: credential ? { value: credential, path: [...path, "tls", "credentialName"] } : undefined }];
    });
    return { object: o, selector, pods: model.workloads.filter((w) => selects(selector, w.podLabels)), servers };
  });
}

/** A VirtualService: the hosts it answers, the Gateways it binds to and the Services it routes to. */
export interface VirtualService {
  readonly object: K8sObject;
  readonly hosts: readonly Host[];
  /** "ns/name" or "name" (the VirtualService's namespace), or "mesh" for sidecars. */
  readonly gateways: readonly Located[];
  readonly destinations: readonly Located[];
}

export function readVirtualServices(model: Model): VirtualService[] {
  return model.byKind("VirtualService").filter(isIstio).map((o) => {
    const spec = asRecord(o.raw.spec);
    const destinations: Located[] = [];
    for (const protocol of ["http", "tls", "tcp"] as const) {
      asArray(spec?.[protocol]).forEach((r, i) => {
        asArray(asRecord(r)?.route).forEach((d, j) => {
          const host = asString(asRecord(asRecord(d)?.destination)?.host)?.trim();
          if (host) destinations.push({ value: host, path: ["spec", protocol, i, "route", j, "destination", "host"] });
        });
      });
    }
    return { object: o, hosts: hostsAt(spec?.hosts, ["spec", "hosts"]), gateways: hostsAt(spec?.gateways, ["spec", "gateways"]), destinations };
  });
}

export function readClientTls(model: Model): ClientTls[] {
  const out: ClientTls[] = [];
  for (const o of model.byKind("DestinationRule").filter(isIstio)) {
    const spec = asRecord(o.raw.spec);
    const hostValue = asString(spec?.host)?.trim();
    if (!hostValue) continue;
    const host = { value: hostValue, path: ["spec", "host"] };
    const policy = (p: unknown, path: JsonPath, subset: string | undefined) => {
      const r = asRecord(p);
      if (!r) return;
      const add = (tls: unknown, tlsPath: JsonPath, port: number | undefined) => {
        const t = asRecord(tls);
        if (!t) return;
        const mode = asString(t.mode)?.trim().toUpperCase();
        out.push({
          rule: o,
          path: tlsPath,
          host,
          port,
          subset,
          mode: mode ? { value: mode, path: [...tlsPath, "mode"] } : undefined,
          caCertificates: asString(t.caCertificates)?.trim() || undefined,
          credentialName: asString(t.credentialName)?.trim() || undefined,
          insecureSkipVerify: t.insecureSkipVerify === true || asString(t.insecureSkipVerify) === "true" ? { value: true, path: [...tlsPath, "insecureSkipVerify"] } : undefined,
        });
      };
      add(r.tls, [...path, "tls"], undefined);
      asArray(r.portLevelSettings).forEach((s, i) => {
        const port = Number(asRecord(asRecord(s)?.port)?.number);
        add(asRecord(s)?.tls, [...path, "portLevelSettings", i, "tls"], Number.isInteger(port) ? port : undefined);
      });
    };
    policy(spec?.trafficPolicy, ["spec", "trafficPolicy"], undefined);
    asArray(spec?.subsets).forEach((s, i) => policy(asRecord(s)?.trafficPolicy, ["spec", "subsets", i, "trafficPolicy"], asString(asRecord(s)?.name)));
  }
  return out;
}

/**
 * The Services a DestinationRule host names: one Service (`svc`, `svc.ns`, `svc.ns.svc[.domain]`),
 * every Service of a namespace (`*.ns.svc.<domain>`), or every Service (`*`, `*.local`,
 * `*.svc.<domain>`, `*.cluster.local`). External hosts name none.
 */
export function servicesForHost(model: Model, host: string, ruleNamespace: string): K8sObject[] {
  const h = host.toLowerCase().replace(/\.$/, "");
  if (h === "*") return model.byKind("Service");
  if (h.startsWith("*.")) {
    const rest = h.slice(2);
    const ns = /^([a-z0-9-]+)\.svc(\.|$)/.exec(rest);
    if (ns) return model.byKind("Service").filter((s) => s.namespace === ns[1]);
    // *.local, *.cluster.local, *.svc.cluster.local: every in-cluster name.
    return rest.startsWith("svc.") || rest === "local" || rest.endsWith(".local") ? model.byKind("Service") : [];
  }
  const parsed = parseServiceHost(h);
  if (!parsed) return [];
  const s = model.get("Service", parsed.namespace ?? ruleNamespace, parsed.service);
  return s ? [s] : [];
}

export function readPeerAuthentications(model: Model): PeerAuthentication[] {
  return model.byKind("PeerAuthentication").filter(isIstio).map((o) => {
    const spec = asRecord(o.raw.spec);
    const matchLabels = asRecord(asRecord(spec?.selector)?.matchLabels);
    const mode = asString(asRecord(spec?.mtls)?.mode)?.trim().toUpperCase();
    const portLevel = new Map<number, Located>();
    for (const [port, v] of Object.entries(asRecord(spec?.portLevelMtls) ?? {})) {
      const m = asString(asRecord(v)?.mode)?.trim().toUpperCase();
      if (m && Number.isInteger(Number(port))) portLevel.set(Number(port), { value: m, path: ["spec", "portLevelMtls", port, "mode"] });
    }
    return { object: o, selector: matchLabels ? stringMap(matchLabels) : undefined, mode: mode ? { value: mode, path: ["spec", "mtls", "mode"] } : undefined, portLevel };
  });
}

/** meshConfig.rootNamespace from the istiod mesh ConfigMap when rendered, else istio-system. */
export function istioRootNamespace(model: Model): string {
  for (const cm of model.byKind("ConfigMap")) {
    if (cm.name !== ISTIO_MESH_CONFIG.name && !cm.name.startsWith(ISTIO_MESH_CONFIG.revisionPrefix)) continue;
    const mesh = asString(asRecord(cm.raw.data)?.[ISTIO_MESH_CONFIG.key]);
    const m = mesh && /^\s*rootNamespace:\s*["']?([a-z0-9-]+)/m.exec(mesh);
    if (m?.[1]) return m[1];
  }
  return ISTIO_DEFAULT_ROOT_NAMESPACE;
}

/**
 * The mTLS mode a workload accepts on a (target) port: a workload-selecting PeerAuthentication
 * (its port-level mode first), then the namespace's, then the mesh's; UNSET inherits.
 */
export function effectiveMtls(auths: readonly PeerAuthentication[], rootNamespace: string, workload: Workload, port: number | undefined): EffectiveMtls {
  const ns = workload.object.namespace ?? "";
  const layers: [PeerAuthentication | undefined, EffectiveMtls["scope"]][] = [
    [auths.find((a) => a.object.namespace === ns && a.selector && selects(a.selector, workload.podLabels)), "workload"],
    [auths.find((a) => a.object.namespace === ns && !a.selector), "namespace"],
    [ns === rootNamespace ? undefined : auths.find((a) => a.object.namespace === rootNamespace && !a.selector), "mesh"],
  ];
  for (const [pa, scope] of layers) {
    if (!pa) continue;
    const portMode = scope === "workload" && port !== undefined ? pa.portLevel.get(port) : undefined;
    if (portMode && portMode.value !== ISTIO_MTLS.inherit) return { mode: portMode.value, from: pa, path: portMode.path, scope: "port" };
    if (pa.mode && pa.mode.value !== ISTIO_MTLS.inherit) return { mode: pa.mode.value, from: pa, path: pa.mode.path, scope };
  }
  return { mode: ISTIO_MTLS.default, from: undefined, path: undefined, scope: "default" };
}

/**
 * Whether the pods of a workload run in the mesh: the pod's `sidecar.istio.io/inject` label or
 * annotation, else the namespace labels (`istio-injection`, `istio.io/rev`, ambient). Unknown
 * when the namespace is not rendered and the pod says nothing.
 */
export function injectionOf(model: Model, workload: Workload): Injection {
  const podSwitch = workload.podLabels[ISTIO_INJECTION.podSwitch] ?? workload.podAnnotations[ISTIO_INJECTION.podSwitch];
  const where = workload.podLabels[ISTIO_INJECTION.podSwitch] !== undefined ? "labels" : "annotations";
  if (podSwitch === "false") return { dataplane: "none", reason: `pod ${where} ${ISTIO_INJECTION.podSwitch}: "false"`, object: workload.object, path: [...workload.podMetadataPath, where, ISTIO_INJECTION.podSwitch] };
  if (podSwitch === "true") return { dataplane: "sidecar", reason: `pod ${where} ${ISTIO_INJECTION.podSwitch}: "true"`, object: workload.object, path: [...workload.podMetadataPath, where, ISTIO_INJECTION.podSwitch] };
  if (workload.containers.some((c) => c.name === ISTIO_INJECTION.proxyContainer)) return { dataplane: "sidecar", reason: `an ${ISTIO_INJECTION.proxyContainer} container`, object: workload.object, path: workload.podSpecPath };
  const ns = model.get("Namespace", undefined, workload.object.namespace ?? "");
  if (!ns) return { dataplane: "unknown" };
  const labels = labelsOf(ns);
  const label = (key: string): JsonPath => ["metadata", "labels", key];
  if (labels[ISTIO_INJECTION.ambientLabel] === ISTIO_INJECTION.ambientValue) return { dataplane: "ambient", reason: `namespace label ${ISTIO_INJECTION.ambientLabel}=${ISTIO_INJECTION.ambientValue}`, object: ns, path: label(ISTIO_INJECTION.ambientLabel) };
  if (labels[ISTIO_INJECTION.namespaceLabel] === ISTIO_INJECTION.namespaceEnabled) return { dataplane: "sidecar", reason: `namespace label ${ISTIO_INJECTION.namespaceLabel}=${ISTIO_INJECTION.namespaceEnabled}`, object: ns, path: label(ISTIO_INJECTION.namespaceLabel) };
  if (labels[ISTIO_INJECTION.namespaceLabel] === undefined && labels[ISTIO_INJECTION.revisionLabel]) return { dataplane: "sidecar", reason: `namespace label ${ISTIO_INJECTION.revisionLabel}=${labels[ISTIO_INJECTION.revisionLabel]}`, object: ns, path: label(ISTIO_INJECTION.revisionLabel) };
  const path = labels[ISTIO_INJECTION.namespaceLabel] !== undefined ? label(ISTIO_INJECTION.namespaceLabel) : ["metadata", "name"];
  return { dataplane: "none", reason: labels[ISTIO_INJECTION.namespaceLabel] !== undefined ? `namespace label ${ISTIO_INJECTION.namespaceLabel}=${labels[ISTIO_INJECTION.namespaceLabel]}` : `namespace ${ns.name} has no injection label`, object: ns, path };
}
