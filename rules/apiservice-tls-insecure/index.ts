import { defineRule } from "../../src/engine/rule";
import { describeObject } from "../../src/model/graph";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";

/** Charts known to default to insecureSkipTLSVerify, and the values that turn verification on. */
const CHART_HINTS: Readonly<Record<string, string>> = {
  "v1beta1.metrics.k8s.io":
    "For the metrics-server chart: apiService.insecureSkipTLSVerify: false with tls.type: cert-manager (or helm, or existingSecret), which gives the APIService a caBundle.",
};

export default defineRule({
  meta: {
    id: "apiservice-tls-insecure",
    shortDescription: "An APIService skips TLS verification of its backend (and cannot also carry a caBundle).",
    fullDescription:
      "insecureSkipTLSVerify: true makes the kube-aggregator accept any certificate from the Service behind an APIService, so whoever answers on that Service can serve the API group (metrics, custom metrics, ...). The metrics-server chart defaults to it; some users choose it knowingly. Combined with a caBundle the object is invalid and the apply fails ('may not be true if caBundle is present'); combined with an injector annotation (cert-manager, service-ca) every injection is rejected, so the bundle never lands: both are errors.",
    remediation: "Set insecureSkipTLSVerify: false and give the APIService a caBundle, directly or through cert-manager.io/inject-ca-from or service.beta.openshift.io/inject-cabundle.",
    severity: "warning",
    incident: "k",
    tags: ["security", "tls", "apiservice"],
    precision: "very-high",
    securitySeverity: 6.5,
    messages: {
      withCaBundle: '{{object}} sets insecureSkipTLSVerify: true and a caBundle: the API server rejects the object ("may not be true if caBundle is present"), so the apply fails.',
      withInjector:
        '{{object}} sets insecureSkipTLSVerify: true while {{writers}} {{inject}} a caBundle: the API server rejects every injection ("may not be true if caBundle is present"), so the bundle never lands and verification stays off.',
      unverified: "{{object}} sets insecureSkipTLSVerify: true: the aggregator accepts any certificate from {{backend}}, so whatever answers there serves {{group}} unverified.",
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const api of model.byKind("APIService")) {
      const site = graph.callSitesOf(api)[0];
      if (!site?.insecureSkipTLSVerify) continue;
      const writers = graph.caWritersOf(api);
      const hint = CHART_HINTS[api.name] ? ` ${CHART_HINTS[api.name]}` : "";
      if (writers.length) {
        const literal = writers.some((w) => w.type === "literal");
        report({
          object: api,
          path: ["spec", "insecureSkipTLSVerify"],
          ...(literal
            ? { messageId: "withCaBundle", data: { object: describeObject(api) } }
            : { messageId: "withInjector", data: { object: describeObject(api), writers: writers.map((w) => w.description).join(" and "), inject: writers.length > 1 ? "inject" : "injects" } }),
          fix: `Set insecureSkipTLSVerify: false (or remove it): the caBundle then does the verification.${hint}`,
          severity: "error",
        });
        continue;
      }
      report({
        object: api,
        path: ["spec", "insecureSkipTLSVerify"],
        messageId: "unverified",
        data: { object: describeObject(api), backend: site.service ? `Service ${site.service.namespace}/${site.service.name}` : "its backend", group: api.name.split(".").slice(1).join(".") || "the API group" },
        fix: `Set insecureSkipTLSVerify: false and give the APIService a caBundle, or let cert-manager (cert-manager.io/inject-ca-from) or service-ca (service.beta.openshift.io/inject-cabundle: "true") inject one.${hint}`,
      });
    }
  },
});
