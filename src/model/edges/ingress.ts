/**
 * Ingress (networking.k8s.io/v1): the TLS sections and the Services behind the rules, plus the
 * ingress-nginx annotations that decide how nginx talks TLS to those Services.
 */
import { INGRESS_API_GROUPS, NGINX } from "../../knowledge/edges";
import { annotationPath, annotationsOf } from "../graph/meta";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString } from "../values";
import type { Backend, Host, Located } from "./types";
import { backendOf } from "./join";

export interface IngressTls {
  readonly ingress: K8sObject;
  readonly index: number;
  readonly path: JsonPath;
  /** spec.tls[i].secretName; undefined means the controller's default certificate. */
  readonly secretName: Located | undefined;
  readonly hosts: readonly Host[];
}

/** ingress-nginx's view of an Ingress's backend TLS (annotations as written, trimmed). */
export interface NginxBackendTls {
  readonly protocol: Located | undefined;
  readonly verify: Located | undefined;
  readonly secret: Located | undefined;
  readonly name: Located | undefined;
}

export interface IngressEdge {
  readonly object: K8sObject;
  readonly tls: readonly IngressTls[];
  readonly backends: readonly Backend[];
  readonly nginx: NginxBackendTls;
}

export function readIngresses(model: Model): IngressEdge[] {
  return model.byKind("Ingress").filter((o) => INGRESS_API_GROUPS.includes(o.apiVersion.split("/")[0] ?? "")).map((o) => readIngress(model, o));
}

function readIngress(model: Model, o: K8sObject): IngressEdge {
  const spec = asRecord(o.raw.spec);
  const ns = o.namespace ?? "";
  const tls = asArray(spec?.tls).flatMap((t, i): IngressTls[] => {
    const r = asRecord(t);
    if (!r) return [];
    const path = ["spec", "tls", i];
    const secret = asString(r.secretName)?.trim();
    return [{ ingress: o, index: i, path, secretName: secret ? { value: secret, path: [...path, "secretName"] } : undefined, hosts: hostsAt(r.hosts, [...path, "hosts"]) }];
  });
  const backends: Backend[] = [];
  const addBackend = (b: unknown, path: JsonPath) => {
    const svc = asRecord(asRecord(b)?.service);
    const name = asString(svc?.name) ?? asString(asRecord(b)?.serviceName);
    if (!name) return;
    const port = asRecord(svc?.port);
    backends.push(backendOf(model, ns, name, asString(port?.number) ?? asString(port?.name) ?? asString(asRecord(b)?.servicePort), path));
  };
  addBackend(spec?.defaultBackend ?? spec?.backend, ["spec", spec?.defaultBackend ? "defaultBackend" : "backend"]);
  asArray(spec?.rules).forEach((rule, i) => {
    asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((p, j) => addBackend(asRecord(p)?.backend, ["spec", "rules", i, "http", "paths", j, "backend"]));
  });
  const a = annotationsOf(o);
  const ann = (key: string): Located | undefined => (a[key] !== undefined ? { value: a[key].trim(), path: annotationPath(key) } : undefined);
  return {
    object: o,
    tls,
    backends,
    nginx: { protocol: ann(NGINX.backendProtocol), verify: ann(NGINX.proxySslVerify), secret: ann(NGINX.proxySslSecret), name: ann(NGINX.proxySslName) },
  };
}

export function hostsAt(v: unknown, path: JsonPath): Host[] {
  return asArray(v).flatMap((h, j) => {
    const host = asString(h)?.trim();
    return host ? [{ value: host, path: [...path, j] }] : [];
  });
}
