import { defineRule } from "../../src/engine/rule";
import type { MessageData, RelatedInput } from "../../src/engine/rule";
import { CERT_MANAGER, SERVICE_CA } from "../../src/knowledge/ca-injection";
import type { CallSite, CertificateGraph } from "../../src/model/graph";
import { describeObject } from "../../src/model/graph";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";
import type { Model } from "../../src/model/model";
import type { K8sObject } from "../../src/model/types";

const UNFILLED =
  "{{object}}: {{who}} {{calls}} Service {{namespace}}/{{name}} with an empty caBundle, and nothing in the render fills it " +
  "(no cert-manager or service-ca injector annotation, no known controller that writes it, no workload configured to update it). The API server then verifies the serving certificate " +
  'against its own system roots and fails with "x509: certificate signed by unknown authority"';

export default defineRule({
  meta: {
    id: "webhook-ca-missing",
    shortDescription: "A webhook, conversion webhook or APIService calls a Service with an empty caBundle that nothing will fill.",
    fullDescription:
      "The API server verifies a webhook's (or aggregated API's) serving certificate against clientConfig.caBundle, and against its own system roots when the bundle is empty, which never hold a cluster-internal CA: every call fails with 'x509: certificate signed by unknown authority'. Most charts leave caBundle empty on purpose because something fills it at run time, so this rule reports only what no writer in the render will fill: no cert-manager or service-ca injector annotation, no known controller that patches it (external-secrets' cert-controller, kube-webhook-certgen's patch job, the Vault injector, Gatekeeper's rotator, istiod, ...), and no workload whose RBAC lets it update the object and whose configuration names it (its name in the workload's arguments or env, an annotation key of the object it is configured with, or the grant's resourceNames). RBAC alone is no writer: cert-manager's cainjector may update every webhook configuration and injects only into annotated ones.",
    remediation:
      "Let an injector fill the bundle (cert-manager.io/inject-ca-from: <namespace>/<certificate>, or service.beta.openshift.io/inject-cabundle: \"true\" on OpenShift), or set caBundle to the base64 PEM of the CA that signed the serving certificate.",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "webhook", "cross-object"],
    precision: "high",
    securitySeverity: 7.5,
    messages: {
      admissionRejected: `${UNFILLED}; with failurePolicy Fail every request it matches is rejected.`,
      admissionSkipped: `${UNFILLED}; with failurePolicy Ignore the webhook is silently skipped and never enforces anything.`,
      conversionFails: `${UNFILLED}; every request that needs a version conversion fails.`,
      apiServiceFails: `${UNFILLED}; discovery and every request to the API group fail.`,
      injectsNothing:
        '{{object}}: {{who}} {{calls}} Service {{namespace}}/{{name}} with an empty caBundle, and {{injector}} will inject nothing: {{why}}. The API server then verifies the serving certificate against its own system roots and fails with "x509: certificate signed by unknown authority".',
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const object of graph.callSiteObjects) {
      const unfilled = graph.callSitesOf(object).filter((s) => s.service && !s.caBundle && !s.insecureSkipTLSVerify);
      if (unfilled.length === 0) continue;
      // Injectors and controllers fill every webhook of the object; a literal bundle only its own.
      // An injector whose Secret will have no ca.crt (an ACME issuer's) fills nothing.
      const writers = graph.caWritersOf(object).filter((w) => w.type !== "literal");
      const empty = writers.flatMap((w) => (w.type === "annotation" && w.injectsNothing ? [{ injector: w.description, why: w.injectsNothing }] : []));
      if (writers.length > empty.length) continue;
      if (graph.rbacWritersOf(object).length > 0) continue;
      const first = unfilled[0]!;
      const onlyIgnore = unfilled.every((s) => s.failurePolicy === "Ignore");
      const said = message(object, unfilled, onlyIgnore);
      report({
        object: object,
        path: first.kind === "apiservice" ? first.service!.path : first.configPath,
        ...(empty.length ? { messageId: "injectsNothing" as const, data: { ...said.data, ...empty[0]! } } : said),
        fix: empty.length
          ? `Issue the serving certificate of ${first.service!.name}.${first.service!.namespace}.svc from an issuer that returns its CA (a CA or self-signed Issuer) and point the annotation at that Certificate: ${empty[0]!.why}.`
          : fixFor(graph, first),
        related: [...related(model, unfilled), ...mayUpdate(graph, object)],
        severity: onlyIgnore ? "warning" : undefined,
        rootCause: "cabundle-unfilled",
      });
    }
  },
});

function message(o: K8sObject, sites: readonly CallSite[], onlyIgnore: boolean): { messageId: "admissionRejected" | "admissionSkipped" | "conversionFails" | "apiServiceFails"; data: MessageData } {
  const first = sites[0]!;
  const svc = first.service!;
  const who = first.kind === "admission" ? sites.map((s) => s.label).join(", ") : first.label;
  const messageId = first.kind === "admission" ? (onlyIgnore ? "admissionSkipped" : "admissionRejected") : first.kind === "conversion" ? "conversionFails" : "apiServiceFails";
  return { messageId, data: { object: describeObject(o), who, calls: sites.length > 1 ? "call" : "calls", namespace: svc.namespace, name: svc.name } };
}

/** The injector that matches how the Service's pods get their certificate, else the general choices. */
function fixFor(graph: CertificateGraph, site: CallSite): string {
  const svc = site.service!;
  const service = graph.service(svc.namespace, svc.name);
  const writers = service ? graph.servingCertificates(service).flatMap((c) => c.writers) : [];
  const cert = writers.find((w) => w.type === "certificate");
  if (cert) return `Add the annotation ${CERT_MANAGER.injectCaFrom}: ${cert.object.namespace}/${cert.object.name} to ${describeObject(site.object)}: the serving certificate comes from that Certificate, and cert-manager's cainjector copies its CA into the caBundle.`;
  if (writers.some((w) => w.type === "service-ca")) return `Add the annotation ${SERVICE_CA.injectBeta}: "true" to ${describeObject(site.object)}: the serving certificate comes from OpenShift's service-ca, which then injects its CA into the caBundle.`;
  const selecting = graph.labelSelectingControllers(site.object)[0];
  if (selecting) {
    const label = `${selecting.key}: "${selecting.value}"`;
    if (selecting.rendered.length === 0) {
      return `The ${selecting.entry.description} fills the caBundle of objects labelled ${label}, and none runs in this render: if another chart installs it, lint the two together (one \`groups:\` entry in .trustlint.yaml); otherwise install it, or set caBundle to the CA that signed the certificate served by ${svc.name}.${svc.namespace}.svc.`;
    }
    return `The ${selecting.entry.description} in this render fills objects labelled ${selecting.key}: ${selecting.rendered.map((v) => `"${v}"`).join(", ")}, not ${label}: give ${describeObject(site.object)} the label of a running revision, or run one for "${selecting.value}".`;
  }
  return `Add ${CERT_MANAGER.injectCaFrom}: <namespace>/<certificate> (cert-manager) or ${SERVICE_CA.injectBeta}: "true" (OpenShift service-ca) to ${describeObject(site.object)}, or set caBundle to the base64-encoded PEM of the CA that signed the certificate served by ${svc.name}.${svc.namespace}.svc.`;
}

function related(model: Model, sites: readonly CallSite[]): RelatedInput[] {
  const svc = sites[0]!.service!;
  const service = model.get("Service", svc.namespace, svc.name);
  if (!service) return [];
  return [
    { object: service, message: "the Service the API server dials" },
    ...model.podsSelectedBy(service).map((w) => ({ object: w.object, path: w.podMetadataPath, message: "runs the pods behind the Service" })),
  ];
}

/** Workloads whose RBAC may update the object but that are no writer of it, each with why. */
function mayUpdate(graph: CertificateGraph, o: K8sObject): RelatedInput[] {
  const seen = new Set<K8sObject>();
  return graph.rbacGrantsOf(o).flatMap((g) => {
    if (g.evidence || seen.has(g.writer.workload.object)) return [];
    seen.add(g.writer.workload.object);
    return [{ object: g.writer.workload.object, message: `may update it (ClusterRole ${g.writer.role.name}) but is no writer of its caBundle: ${g.why}` }];
  });
}
