import { defineRule } from "../../src/engine/rule";
import type { RelatedInput, ReportInput } from "../../src/engine/rule";
import { ISTIO_SERVER_MODES_WITHOUT_CREDENTIAL, NGINX_VERIFY_ON } from "../../src/knowledge/edges";
import type { KeyWriter, CertificateGraph } from "../../src/model/graph";
import { describeObject, dialledName, isCertificate } from "../../src/model/graph";
import { dialsTls } from "../../src/model/edges";
import { coveredBy, hostsIn, normaliseName, parseServiceHost } from "../../src/model/graph/dns";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";
import type { Model } from "../../src/model/model";
import type { JsonPath, K8sObject } from "../../src/model/types";
import { asArray, asRecord, asString } from "../../src/model/values";

/** Someone who dials a name the certificate must cover. */
interface Dialler {
  readonly object: K8sObject;
  readonly path: JsonPath;
  /** Who dials, as the message names it. */
  readonly text: string;
  /** The API server dials on the object's behalf (a webhook or APIService): the related location says so. */
  readonly throughApiServer?: boolean;
}

interface Gap {
  readonly writer: KeyWriter;
  /** name → who dials it */
  readonly names: Map<string, Dialler[]>;
}

export default defineRule({
  meta: {
    id: "certificate-san-mismatch",
    shortDescription: "A name clients dial is not among the DNS names of the certificate that answers.",
    fullDescription:
      "Follows each dialled name to the certificate that answers it: <svc>.<ns>.svc for webhooks, conversion webhooks and APIServices (the Certificate, service-ca or cert controller behind the Service's pods); Ingress tls.hosts, Gateway API and ListenerSet listener hostnames, Istio Gateway hosts and Traefik tls.domains against their TLS Secret; BackendTLSPolicy hostname and ingress-nginx proxy-ssl-name against the backend's serving certificate; https names in in-cluster clients' env and args; a server's own --dns-name. Names match as TLS clients match them (RFC 6125: a wildcard covers one left-most label; commonName is ignored). A missing name fails with 'x509: certificate is valid for ..., not ...'.",
    remediation: "Add every name clients dial to the certificate's dnsNames (at least <svc>.<ns>.svc for webhooks and APIServices), or make the clients dial a name the certificate has.",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "certificate", "san", "cross-object"],
    precision: "high",
    securitySeverity: 7.0,
    messages: {
      namesNotCovered: 'Secret {{secret}} holds a certificate from {{writer}} that covers {{valid}} but not {{dialled}}: clients fail with "x509: certificate is valid for {{valid}}, not {{name}}".',
      noDnsNames: 'Secret {{secret}} holds a certificate from {{writer}} that has no dnsNames{{commonName}}, so it does not cover {{dialled}}: clients fail with "x509: certificate is valid for no names, not {{name}}".',
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, settings, report }) {
    const graph = model.certificateGraph();
    const gaps = new Map<KeyWriter, Gap>();
    const need = (writer: KeyWriter, name: string, who: Dialler) => {
      if (!writer.dnsNames || coveredBy(name, writer.dnsNames)) return;
      let gap = gaps.get(writer);
      if (!gap) gaps.set(writer, (gap = { writer, names: new Map() }));
      const key = normaliseName(name);
      gap.names.set(key, [...(gap.names.get(key) ?? []), who]);
    };
    apiServerCalls(graph, need);
    selfChecks(model, graph, need);
    ingresses(model, graph, need);
    edgeListeners(model, graph, need);
    backendNames(model, graph, need);
    inClusterClients(model, graph, settings.clusterDomain, need);
    for (const gap of gaps.values()) report(findingFor(gap));
  },
});

type Need = (writer: KeyWriter, name: string, who: Dialler) => void;

/** Webhooks, conversion webhooks and APIServices: the API server dials <svc>.<ns>.svc. */
function apiServerCalls(graph: CertificateGraph, need: Need): void {
  for (const site of graph.callSites) {
    if (!site.service || site.insecureSkipTLSVerify) continue;
    const service = graph.service(site.service.namespace, site.service.name);
    if (!service) continue;
    const name = dialledName(site.service);
    // A controller that also writes this object's caBundle points the object at its own Service.
    const rewriters = new Set(graph.controllerWritersOf(site.object));
    for (const cert of graph.servingCertificates(service)) {
      for (const w of cert.writers) {
        if (w.controller && rewriters.has(w.controller)) continue;
        need(w, name, { object: site.object, path: site.service.path, text: `the API server, for ${describeObject(site.object)} (${site.label})`, throughApiServer: true });
      }
    }
  }
}

/** Servers that verify their own certificate for a name at start-up (external-secrets --dns-name). */
function selfChecks(model: Model, graph: CertificateGraph, need: Need): void {
  for (const workload of model.workloads) {
    for (const container of workload.containers) {
      const facts = graph.serverFactsOf(workload, container);
      if (!facts.selfCheck) continue;
      const file = facts.files.find((f) => f.dir);
      const src = file && graph.resolveFile(workload, container, file.file);
      if (src?.backing?.kind !== "Secret") continue;
      for (const w of graph.secretWriters(workload.object.namespace ?? "", src.backing.name)) {
        need(w, facts.selfCheck.name, { object: workload.object, path: facts.selfCheck.path, text: `the ${facts.selfCheck.server.description} itself, which exits when its certificate does not cover it` });
      }
    }
  }
}

/** Each Ingress tls.hosts entry against the Certificate writing that secretName. */
function ingresses(model: Model, graph: CertificateGraph, need: Need): void {
  for (const ing of model.byKind("Ingress")) {
    asArray(asRecord(ing.raw.spec)?.tls).forEach((t, i) => {
      const tls = asRecord(t);
      const secretName = asString(tls?.secretName);
      if (!tls || !secretName) return;
      // A Certificate of the render, or the one ingress-shim creates from an issuer annotation (its dnsNames are the tls hosts).
      const writers = graph.secretWriters(ing.namespace ?? "", secretName).filter((w) => w.type === "certificate");
      asArray(tls.hosts).forEach((h, j) => {
        const host = asString(h);
        if (!host) return;
        for (const w of writers) need(w, host, { object: ing, path: ["spec", "tls", i, "hosts", j], text: `clients of ${describeObject(ing)}` });
      });
    });
  }
}

/**
 * The names edges serve, against the certificate in the Secret they serve: Gateway API listener
 * hostnames (certificateRefs), Istio Gateway server hosts (credentialName, read in the gateway
 * pods' namespace) and Traefik IngressRoute tls.domains.
 */
function edgeListeners(model: Model, graph: CertificateGraph, need: Need): void {
  const edges = model.edges();
  for (const l of edges.listeners) {
    if (!l.hostname) continue;
    for (const ref of l.certificateRefs) {
      if (ref.kind !== "Secret" || ref.group !== "") continue;
      for (const w of graph.secretWriters(ref.namespace, ref.name)) need(w, l.hostname.value, { object: l.owner, path: l.hostname.path, text: `clients of listener "${l.name}" of ${describeObject(l.owner)}` });
    }
  }
  for (const gw of edges.istioGateways) {
    const podNamespaces = new Set(gw.pods.map((p) => p.object.namespace ?? ""));
    for (const server of gw.servers) {
      if (!server.credentialName || (server.tlsMode !== undefined && ISTIO_SERVER_MODES_WITHOUT_CREDENTIAL.has(server.tlsMode))) continue;
      for (const h of server.hosts) {
        // Hosts may carry a namespace prefix ("ns/host", "*/host"); "*" is every host and names none.
        const host = h.value.slice(h.value.indexOf("/") + 1);
        if (host === "*" || host === "") continue;
        for (const ns of podNamespaces) {
          for (const w of graph.secretWriters(ns, server.credentialName.value)) need(w, host, { object: gw.object, path: h.path, text: `clients of ${describeObject(gw.object)}` });
        }
      }
    }
  }
  for (const t of edges.traefikTls) {
    for (const d of t.domains) {
      for (const w of graph.secretWriters(t.object.namespace ?? "", t.secretName.value)) need(w, d.value, { object: t.object, path: d.path, text: `clients of ${describeObject(t.object)}` });
    }
  }
}

/**
 * Names a proxy checks its backend's certificate for: BackendTLSPolicy validation.hostname and
 * ingress-nginx proxy-ssl-name (with proxy-ssl-verify on), against the certificate the backend
 * Service's pods serve.
 */
function backendNames(model: Model, graph: CertificateGraph, need: Need): void {
  const edges = model.edges();
  for (const p of edges.backendTlsPolicies) {
    if (!p.hostname) continue;
    for (const t of p.targets) {
      if (!t.service) continue;
      for (const cert of graph.servingCertificates(t.service)) {
        for (const w of cert.writers) need(w, p.hostname.value, { object: p.object, path: p.hostname.path, text: `the gateway, for ${describeObject(p.object)}` });
      }
    }
  }
  for (const ing of edges.ingresses) {
    const { verify, name } = ing.nginx;
    if (!name?.value || verify?.value.toLowerCase() !== NGINX_VERIFY_ON) continue;
    for (const b of ing.backends) {
      if (!b.service) continue;
      for (const cert of graph.servingCertificates(b.service)) {
        for (const w of cert.writers) need(w, name.value, { object: ing.object, path: name.path, text: `ingress-nginx, for ${describeObject(ing.object)} (proxy-ssl-name)` });
      }
    }
  }
}

/** https names of rendered Services in env values and args, against the certificate behind the Service. */
function inClusterClients(model: Model, graph: CertificateGraph, clusterDomain: string | undefined, need: Need): void {
  for (const workload of model.workloads) {
    const ns = workload.object.namespace ?? "";
    for (const container of workload.containers) {
      const texts: { text: string; path: JsonPath; what: string }[] = [];
      for (const env of container.env.values()) {
        if (env.value && (env.source.kind === "literal" || env.source.kind === "configMap")) texts.push({ text: env.value, path: env.source.kind === "literal" ? [...env.path, "value"] : env.path, what: `env ${env.name}` });
      }
      for (const arg of container.argv) texts.push({ text: arg.value, path: arg.path, what: `argument ${arg.value}` });
      for (const t of texts) {
        for (const h of hostsIn(t.text)) {
          const parsed = parseServiceHost(h.host);
          if (!parsed) continue;
          const service = graph.service(parsed.namespace ?? ns, parsed.service);
          if (!service || !dialsTls(service, h.scheme, h.port)) continue;
          // A name under another cluster domain is hardcoded-cluster-domain's finding, not this one's.
          if (parsed.domain && clusterDomain && normaliseName(parsed.domain) !== normaliseName(clusterDomain)) continue;
          if (parsed.form === "short" && !h.scheme) continue;
          for (const cert of graph.servingCertificates(service)) {
            for (const w of cert.writers) need(w, h.host, { object: workload.object, path: t.path, text: `container "${container.name}" of ${describeObject(workload.object)} (${t.what})` });
          }
        }
      }
    }
  }
}

function findingFor(gap: Gap): ReportInput<"namesNotCovered" | "noDnsNames"> {
  const w = gap.writer;
  const names = [...gap.names.keys()];
  const valid = w.dnsNames!.join(", ");
  const commonName = isCertificate(w.object) && !w.dnsNames!.length && asString(asRecord(w.object.raw.spec)?.commonName);
  const dialled = names.map((n) => `${n} (dialled by ${gap.names.get(n)![0]!.text})`).join("; ");
  const related: RelatedInput[] = [...gap.names.values()].flatMap((ds) => ds.map((d) => ({ object: d.object, path: d.path, message: `dials ${d.throughApiServer ? "through the API server" : "the name"}` })));
  return {
    object: w.object,
    path: w.dnsNamesPath ?? w.path,
    ...(w.dnsNames!.length
      ? { messageId: "namesNotCovered" as const, data: { secret: w.name, writer: w.description, valid, dialled, name: names[0]! } }
      : { messageId: "noDnsNames" as const, data: { secret: w.name, writer: w.description, commonName: commonName ? " (its commonName is ignored by TLS clients)" : "", dialled, name: names[0]! } }),
    fix: fixFor(w, names),
    related: dedupe(related),
  };
}

function fixFor(w: KeyWriter, names: readonly string[]): string {
  if (w.shim) return `Add the missing names to the ${w.shim === "ingress-shim" ? "tls hosts" : "listener hostnames"} of ${describeObject(w.object)} (cert-manager's ${w.shim} asks for exactly those): ${names.map((n) => `- ${n}`).join(" ")}.`;
  if (w.type === "certificate") return `Add the missing names to spec.dnsNames of ${describeObject(w.object)}: ${names.map((n) => `- ${n}`).join(" ")}.`;
  if (w.type === "service-ca") return `service-ca only issues ${w.dnsNames!.join(" and ")}: make the clients dial one of those names, or serve a cert-manager Certificate whose dnsNames list ${names.join(", ")}.`;
  return `Make ${w.description} issue the missing names (${names.join(", ")}), or make the clients dial a name it already covers (${w.dnsNames!.join(", ") || "none"}).`;
}

function dedupe(list: readonly RelatedInput[]): RelatedInput[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = `${r.object.seq}|${(r.path ?? []).join(".")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
