/**
 * Traefik: the TLS Secret each IngressRoute (HTTP or TCP) serves, the Services its routes send to
 * and the ServersTransports that say how Traefik verifies those Services.
 */
import { TRAEFIK_GROUPS, TRAEFIK_KINDS } from "../../knowledge/edges";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString } from "../values";
import type { Located } from "./types";

export interface TraefikRouteTls {
  readonly object: K8sObject;
  readonly secretName: Located;
  readonly domains: readonly Located[];
}

export interface ServersTransport {
  readonly object: K8sObject;
  /** spec.insecureSkipVerify (ServersTransport) or spec.tls.insecureSkipVerify (ServersTransportTCP). */
  readonly insecureSkipVerify: JsonPath | undefined;
  readonly serverName: Located | undefined;
  readonly rootCASecrets: readonly Located[];
}

export function isTraefik(o: K8sObject): boolean {
  return TRAEFIK_GROUPS.includes(o.apiVersion.split("/")[0] ?? "");
}

export function readTraefikTls(model: Model): TraefikRouteTls[] {
  return model.byKind(...TRAEFIK_KINDS.routes).filter(isTraefik).flatMap((o) => {
    const tls = asRecord(asRecord(o.raw.spec)?.tls);
    const secret = asString(tls?.secretName)?.trim();
    if (!secret) return [];
    const domains = asArray(tls?.domains).flatMap((d, i) => {
      const r = asRecord(d);
      return [asString(r?.main), ...asArray(r?.sans).map(asString)].flatMap((v, j) => (v ? [{ value: v, path: j === 0 ? ["spec", "tls", "domains", i, "main"] : ["spec", "tls", "domains", i, "sans", j - 1] }] : []));
    });
    return [{ object: o, secretName: { value: secret, path: ["spec", "tls", "secretName"] }, domains }];
  });
}

export function readServersTransports(model: Model): ServersTransport[] {
  return model.byKind(...TRAEFIK_KINDS.serversTransports).filter(isTraefik).map((o) => {
    const spec = asRecord(o.raw.spec);
    const base: JsonPath = o.kind === "ServersTransportTCP" ? ["spec", "tls"] : ["spec"];
    const tls = o.kind === "ServersTransportTCP" ? asRecord(spec?.tls) : spec;
    const skip = tls?.insecureSkipVerify === true || asString(tls?.insecureSkipVerify) === "true";
    const serverName = asString(tls?.serverName)?.trim();
    const roots = asArray(tls?.rootCAsSecrets ?? tls?.rootCAs).flatMap((r, i) => {
      const v = asString(r) ?? asString(asRecord(r)?.secret) ?? asString(asRecord(r)?.configMap);
      return v ? [{ value: v, path: [...base, tls?.rootCAsSecrets ? "rootCAsSecrets" : "rootCAs", i] }] : [];
    });
    return { object: o, insecureSkipVerify: skip ? [...base, "insecureSkipVerify"] : undefined, serverName: serverName ? { value: serverName, path: [...base, "serverName"] } : undefined, rootCASecrets: roots };
  });
}
