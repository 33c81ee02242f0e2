import { defineRule } from "../../src/engine/rule";
import type { CaWriter } from "../../src/model/graph";
import { describeObject } from "../../src/model/graph";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";

export default defineRule({
  meta: {
    id: "ca-injector-conflict",
    shortDescription: "Two or more CA writers target the same webhook, CRD or APIService caBundle.",
    fullDescription:
      "A webhook configuration, conversion webhook or APIService whose caBundle is written by more than one source: cert-manager's cainjector (inject-ca-from, inject-ca-from-secret, inject-apiserver-ca), OpenShift service-ca (inject-cabundle), a controller that patches it (external-secrets' cert-controller, kube-webhook-certgen, the Vault injector, Gatekeeper), or a literal caBundle that an injector overwrites. service-ca and the controllers replace the bundle with their own CA, so the writers undo each other forever and at any moment the bundle may lack the CA that signed the serving certificate: intermittent 'x509: certificate signed by unknown authority'.",
    remediation: "Keep exactly one CA source per object: remove the other injector annotations, turn off the extra controller, or drop the literal caBundle.",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "webhook", "cross-object"],
    precision: "high",
    securitySeverity: 7.0,
    messages: {
      manyWriters:
        '{{object}} has {{count}} CA writers: {{writers}}. Each rewrites the caBundle with its own CA (service-ca and controllers replace it, cainjector merges into it), so the bundle keeps changing and at times lacks the CA that signed the serving certificate: calls fail with "x509: certificate signed by unknown authority".',
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const o of graph.callSiteObjects) {
      const writers = graph.caWritersOf(o);
      // cainjector merges its CA into what is there, so merging writers and a literal bundle coexist;
      // a writer that replaces the bundle fights every other one.
      if (writers.length < 2 || !writers.some((w) => w.type !== "literal" && w.mode === "replace")) continue;
      const first = writers.find((w) => w.type === "annotation") ?? writers.find((w) => w.type === "literal") ?? writers[0]!;
      report({
        object: o,
        path: pathOf(first) ?? ["metadata"],
        messageId: "manyWriters",
        data: { object: describeObject(o), count: writers.length, writers: writers.map((w) => w.description).join("; ") },
        fix: `Keep one CA source for ${describeObject(o)}: ${suggestion(writers)}`,
        related: writers.flatMap((w) => (w.type === "controller" ? [{ object: w.controller.workload.object, path: w.controller.path, message: `writes the caBundle: ${w.description}` }] : [])),
        rootCause: "ca-writers",
      });
    }
  },
});

function pathOf(w: CaWriter) {
  if (w.type === "annotation") return w.annotation.path;
  if (w.type === "literal") return w.path;
  return undefined;
}

function suggestion(writers: readonly CaWriter[]): string {
  const ctl = writers.find((w) => w.type === "controller");
  if (ctl?.type === "controller" && ctl.controller.entry.disable) return `turn off ${ctl.description} (${ctl.controller.entry.disable}) or remove the injector annotations.`;
  if (writers.some((w) => w.type === "literal")) return "remove the literal caBundle and let the injector fill it, or remove the injector annotation.";
  const keys = writers.flatMap((w) => (w.type === "annotation" ? [w.annotation.key] : []));
  return `keep one of the annotations ${keys.join(", ")} and remove the others (cert-manager on any cluster, service-ca on OpenShift).`;
}
