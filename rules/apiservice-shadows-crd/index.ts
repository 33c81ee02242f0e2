import { defineRule } from "../../src/engine/rule";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";
import { asArray, asRecord, asString } from "../../src/model/values";

export default defineRule({
  meta: {
    id: "apiservice-shadows-crd",
    shortDescription: "An aggregated APIService claims a group/version that a CRD in the same render serves.",
    fullDescription:
      "An APIService with spec.service makes the kube-aggregator proxy the whole group/version to that Service; only an APIService without a service is served locally, and CRDs get those automatically. An aggregated APIService left over for a group that now comes from CRDs (e.g. v1beta1.external-secrets.io from an old OLM install) routes every request for it to a Service that is gone or serves something else: the CRD's objects become unreachable and discovery errors spread to every client (incident 2; Calico had to delete v3.projectcalico.org for the same reason).",
    remediation: "Delete the stale APIService (kubectl delete apiservice <name>) and remove it from the manifests; the CRD's own local APIService takes over.",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "apiservice", "crd", "cross-object"],
    precision: "very-high",
    securitySeverity: 6.0,
    messages: {
      shadowsCrd:
        "APIService {{name}} sends every request for {{group}}/{{version}} to Service {{service}}{{inRender}}, but {{crds}} {{serve}} that group/version: the aggregated APIService shadows the CRD, so its objects are unreachable and discovery fails for every client.",
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const api of model.byKind("APIService")) {
      const spec = asRecord(api.raw.spec);
      const service = asRecord(spec?.service);
      const group = asString(spec?.group);
      const version = asString(spec?.version);
      if (!service || !group || !version) continue;
      const crds = graph.crdsServing(group, version);
      if (crds.length === 0) continue;
      const svcName = `${asString(service.namespace) ?? ""}/${asString(service.name) ?? ""}`;
      const svcInRender = model.get("Service", asString(service.namespace), asString(service.name) ?? "") !== undefined;
      report({
        object: api,
        path: ["spec", "service"],
        messageId: "shadowsCrd",
        data: { name: api.name, group, version, service: svcName, inRender: svcInRender ? "" : " (not in the render)", crds: crds.map((c) => `CRD ${c.name}`).join(", "), serve: crds.length > 1 ? "serve" : "serves" },
        fix: `Delete APIService ${api.name} (kubectl delete apiservice ${api.name}) and remove it from the manifests; the API server serves ${group}/${version} from the CRD by itself.`,
        related: crds.map((c) => ({ object: c, path: versionPath(c.raw, version), message: `serves ${group}/${version}` })),
      });
    }
  },
});

function versionPath(raw: Record<string, unknown>, version: string): (string | number)[] {
  const i = asArray(asRecord(raw.spec)?.versions).findIndex((v) => asString(asRecord(v)?.name) === version);
  return i >= 0 ? ["spec", "versions", i, "name"] : ["spec", "group"];
}
