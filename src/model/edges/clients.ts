/**
 * Which rendered Services a workload dials: host names in its env values (literal or from a
 * ConfigMap) and arguments that name a Service (`svc`, `svc.ns`, `svc.ns.svc[.domain]`).
 */
import { TLS_DIAL } from "../../knowledge/edges";
import { hostsIn, parseServiceHost } from "../graph/dns";
import type { Model } from "../model";
import type { JsonPath, K8sObject } from "../types";
import { asArray, asRecord, asString } from "../values";
import type { Container, Workload } from "../workload";

export interface ServiceDial {
  readonly workload: Workload;
  readonly container: Container;
  readonly service: K8sObject;
  readonly host: string;
  readonly port: number | undefined;
  /** The URL scheme, when the text is a URL ("https"). */
  readonly scheme: string | undefined;
  readonly path: JsonPath;
  /** "env DB_URL", "argument --upstream=...". */
  readonly what: string;
}

export function serviceDials(model: Model, workload: Workload): ServiceDial[] {
  const ns = workload.object.namespace ?? "";
  const out: ServiceDial[] = [];
  for (const container of workload.containers) {
    const texts: { text: string; path: JsonPath; what: string }[] = [];
    for (const env of container.env.values()) {
      if (env.value && (env.source.kind === "literal" || env.source.kind === "configMap")) texts.push({ text: env.value, path: env.source.kind === "literal" ? [...env.path, "value"] : env.path, what: `env ${env.name}` });
    }
    for (const arg of container.argv) texts.push({ text: arg.value, path: arg.path, what: `argument ${arg.value}` });
    for (const t of texts) {
      for (const h of hostsIn(t.text)) {
        const parsed = parseServiceHost(h.host);
        // A bare word is a Service name only in a URL (a scheme says it is a host).
        if (!parsed || (parsed.form === "short" && !h.scheme)) continue;
        const service = model.get("Service", parsed.namespace ?? ns, parsed.service);
        if (service) out.push({ workload, container, service, host: h.host, port: h.port, scheme: h.scheme, path: t.path, what: t.what });
      }
    }
  }
  return out;
}


/** Whether a dial is TLS: an https-like scheme, or (without scheme) port 443 or a Service port named for TLS. */
export function dialsTls(service: K8sObject, scheme: string | undefined, port: number | undefined): boolean {
  if (scheme) return TLS_DIAL.schemes.has(scheme);
  if (port === undefined) return false;
  if (port === TLS_DIAL.defaultPort) return true;
  return asArray(asRecord(service.raw.spec)?.ports).some((p) => {
    const r = asRecord(p);
    return Number(r?.port) === port && (TLS_DIAL.portName.test(asString(r?.name) ?? "") || TLS_DIAL.portName.test(asString(r?.appProtocol) ?? ""));
  });
}
