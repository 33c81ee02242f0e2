import { ISTIO_CLIENT_TLS, ISTIO_INJECTION, ISTIO_MTLS } from "../../src/knowledge/edges";
import { defineRule } from "../../src/engine/rule";
import type { RelatedInput } from "../../src/engine/rule";
import type { EffectiveMtls } from "../../src/model/edges";
import { effectiveMtls, injectionOf, serviceDials, servicesForHost } from "../../src/model/edges";
import { describeObject } from "../../src/model/graph";
import type { Model } from "../../src/model/model";
import type { K8sObject } from "../../src/model/types";
import { asArray, asRecord, asString } from "../../src/model/values";
import type { Workload } from "../../src/model/workload";

/** A Service port whose pods accept only Istio mTLS, and the PeerAuthentication that says so. */
interface StrictPort {
  readonly service: K8sObject;
  readonly port: number | undefined;
  readonly workload: Workload;
  readonly mtls: EffectiveMtls;
}

export default defineRule({
  meta: {
    id: "mtls-mode-conflict",
    shortDescription: "Clients reach a workload whose PeerAuthentication is STRICT without Istio mTLS.",
    fullDescription:
      "Resolves the mTLS mode each workload accepts from its PeerAuthentications (port level, workload selector, namespace, mesh root namespace; UNSET inherits) and finds clients that cannot meet a STRICT mode: a DestinationRule whose tls.mode is DISABLE (plaintext) or SIMPLE (TLS without the Istio client certificate) for the workload's Service, and workloads without a sidecar (namespace without istio-injection=enabled or istio.io/rev, or sidecar.istio.io/inject: \"false\") that dial the Service in their env or arguments. The server sidecar resets those connections: clients see 503 'upstream connect error or disconnect/reset before headers' (istio#6279, istio#31425). Ambient namespaces count as meshed; clients whose namespace is not in the render are not judged.",
    remediation: "Make the modes agree: remove tls.mode DISABLE/SIMPLE from the DestinationRule (or use ISTIO_MUTUAL), inject a sidecar into the clients, or set the server's PeerAuthentication (or its port) to PERMISSIVE while clients migrate.",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "mtls", "istio", "cross-object"],
    precision: "high",
    securitySeverity: 5.0,
    messages: {
      clientTlsModeRejected:
        '{{object}} makes clients send {{what}} (tls.mode: {{mode}}) to {{services}}, whose pods accept only mTLS ({{mtls}}): connections are reset and clients get 503 "upstream connect error or disconnect/reset before headers" (istio#6279, istio#31425).',
      plaintextWithoutSidecar:
        'Container "{{container}}" of {{object}} dials {{host}} ({{what}}) without a sidecar ({{reason}}), but {{service}}\'s pods accept only mTLS ({{mtls}}): the server sidecar resets the plaintext connection (istio#31425).',
    },
  },
  check({ model, report }) {
    const strict = strictPorts(model);
    if (strict.size === 0) return;
    for (const tls of model.edges().clientTls) {
      if (!tls.mode || (tls.mode.value !== ISTIO_CLIENT_TLS.disable && tls.mode.value !== ISTIO_CLIENT_TLS.simple)) continue;
      const hits = servicesForHost(model, tls.host.value, tls.rule.namespace ?? "").flatMap((s) => (strict.get(s) ?? []).filter((p) => tls.port === undefined || p.port === undefined || p.port === tls.port));
      if (hits.length === 0) continue;
      const first = hits[0]!;
      const names = [...new Set(hits.map((h) => describeObject(h.service)))];
      const what = tls.mode.value === ISTIO_CLIENT_TLS.disable ? "plaintext" : "TLS without the Istio client certificate";
      report({
        object: tls.rule,
        path: tls.mode.path,
        messageId: "clientTlsModeRejected",
        data: { object: describeObject(tls.rule), what, mode: tls.mode.value, services: `${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}`, mtls: describe(first.mtls) },
        fix: `Use tls.mode: ISTIO_MUTUAL (or remove the tls block so the client sidecar uses auto mTLS) for ${tls.host.value}, or set ${first.mtls.from ? describeObject(first.mtls.from.object) : "the PeerAuthentication"} to PERMISSIVE while clients migrate.`,
        related: relatedFor(hits),
        rootCause: `mtls:${tls.rule.seq}:${tls.path.join(".")}`,
      });
    }
    for (const client of model.workloads) {
      const dials = serviceDials(model, client).filter((d) => strict.has(d.service));
      if (dials.length === 0) continue;
      const injection = injectionOf(model, client);
      if (injection.dataplane !== "none") continue;
      for (const d of dials) {
        const hits = strict.get(d.service)!.filter((p) => d.port === undefined || p.port === undefined || p.port === d.port);
        if (hits.length === 0) continue;
        const first = hits[0]!;
        report({
          object: client.object,
          path: d.path,
          messageId: "plaintextWithoutSidecar",
          data: { container: d.container.name, object: describeObject(client.object), host: d.host, what: d.what, reason: injection.reason, service: describeObject(d.service), mtls: describe(first.mtls) },
          fix: `Inject a sidecar into ${describeObject(client.object)} (label its namespace ${ISTIO_INJECTION.namespaceLabel}=${ISTIO_INJECTION.namespaceEnabled}, or remove ${ISTIO_INJECTION.podSwitch}: "false"), or set a PERMISSIVE PeerAuthentication for ${describeObject(first.workload.object)}'s port.`,
          related: [{ object: injection.object, path: injection.path, message: injection.reason }, ...relatedFor(hits)],
          rootCause: `mtls:${client.object.seq}:${d.path.join(".")}`,
        });
      }
    }
  },
});

function describe(m: EffectiveMtls): string {
  return m.from ? `${ISTIO_MTLS.strict} from ${describeObject(m.from.object)}, ${m.scope} level` : ISTIO_MTLS.strict;
}

function relatedFor(hits: readonly StrictPort[]): RelatedInput[] {
  const seen = new Set<K8sObject>();
  const out: RelatedInput[] = [];
  for (const h of hits) {
    if (h.mtls.from && !seen.has(h.mtls.from.object)) {
      seen.add(h.mtls.from.object);
      out.push({ object: h.mtls.from.object, path: h.mtls.path, message: `requires mTLS (${h.mtls.scope} level)` });
    }
  }
  return out;
}

/** Service → its ports whose pods are STRICT, with the container port PeerAuthentication port levels use. */
function strictPorts(model: Model): Map<K8sObject, StrictPort[]> {
  const edges = model.edges();
  const out = new Map<K8sObject, StrictPort[]>();
  if (!edges.peerAuthentications.some((p) => p.mode?.value === ISTIO_MTLS.strict || [...p.portLevel.values()].some((m) => m.value === ISTIO_MTLS.strict))) return out;
  for (const service of model.byKind("Service")) {
    const pods = model.podsSelectedBy(service);
    if (pods.length === 0) continue;
    const ports = asArray(asRecord(service.raw.spec)?.ports).map((p) => {
      const r = asRecord(p);
      const port = Number(r?.port);
      const target = Number(asString(r?.targetPort) ?? NaN);
      return { port: Number.isInteger(port) ? port : undefined, target: Number.isInteger(target) ? target : Number.isInteger(port) ? port : undefined };
    });
    const list: StrictPort[] = [];
    for (const workload of pods) {
      for (const p of ports.length ? ports : [{ port: undefined, target: undefined }]) {
        const mtls = effectiveMtls(edges.peerAuthentications, edges.istioRootNamespace, workload, p.target);
        if (mtls.mode === ISTIO_MTLS.strict) list.push({ service, port: p.port, workload, mtls });
      }
    }
    if (list.length) out.set(service, list);
  }
  return out;
}
