import { defineRule } from "../../src/engine/rule";
import { SERVICE_CA, TRUSTED_CA_BUNDLE, serviceCaEnabled } from "../../src/knowledge/ca-injection";
import { annotationsOf, describeObject, labelsOf } from "../../src/model/graph";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";
import { asRecord } from "../../src/model/values";

export default defineRule({
  meta: {
    id: "cabundle-configmap-overwritten",
    shortDescription: "A ConfigMap that OpenShift fills with a CA bundle also carries data of its own, or both injection markers.",
    fullDescription:
      "OpenShift replaces the whole data of an injected ConfigMap: service-ca writes {service-ca.crt: <service CA>} into a ConfigMap annotated service.beta.openshift.io/inject-cabundle: \"true\", and the Cluster Network Operator writes {ca-bundle.crt: <trusted bundle>} into one labelled config.openshift.io/inject-trusted-cabundle: \"true\". Any other key written in the manifest is deleted (and put back by the next apply), so the pods that read it get nothing or flip between versions. With both markers on one ConfigMap the two operators overwrite each other forever, which OpenShift's documentation warns against.",
    remediation: "Use one empty ConfigMap per injector, and keep your own data in a separate ConfigMap.",
    severity: "warning",
    incident: 2,
    tags: ["security", "tls", "service-ca", "openshift", "cross-object"],
    precision: "very-high",
    securitySeverity: 5.0,
    messages: {
      twoInjectors: `{{object}} carries both {{annotation}} and the label ${TRUSTED_CA_BUNDLE.label}: service-ca replaces its data with {${SERVICE_CA.configMapKey}} and the Cluster Network Operator with {${TRUSTED_CA_BUNDLE.configMapKey}}, each deleting the other's key, so they overwrite each other forever.`,
      keysDeleted: "{{object}} is filled by {{injector}}, which replaces all of its data with {{{keep}}}: {{keys}} will be deleted (and restored by every apply), so whatever reads {{them}} gets nothing or a flip-flopping value.",
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const cm of model.byKind("ConfigMap")) {
      const a = annotationsOf(cm);
      const serviceCaKey = [SERVICE_CA.injectBeta, SERVICE_CA.injectAlpha].find((k) => serviceCaEnabled(a[k]));
      const trusted = labelsOf(cm)[TRUSTED_CA_BUNDLE.label] === "true";
      if (!serviceCaKey && !trusted) continue;
      const ns = cm.namespace ?? "";
      const consumers = graph.usesOf("ConfigMap", ns, cm.name).map((u) => ({ object: u.workload.object, path: u.mount.path, message: `mounts ConfigMap ${cm.name} at ${u.mount.mountPath}` }));
      if (serviceCaKey && trusted) {
        report({
          object: cm,
          path: ["metadata", "annotations", serviceCaKey],
          messageId: "twoInjectors",
          data: { object: describeObject(cm), annotation: serviceCaKey },
          fix: `Split it into two empty ConfigMaps: one annotated ${SERVICE_CA.injectBeta}: "true" (the service CA, key ${SERVICE_CA.configMapKey}) and one labelled ${TRUSTED_CA_BUNDLE.label}: "true" (the trusted bundle, key ${TRUSTED_CA_BUNDLE.configMapKey}).`,
          related: consumers,
          severity: "error",
        });
        continue;
      }
      const keep = serviceCaKey ? SERVICE_CA.configMapKey : TRUSTED_CA_BUNDLE.configMapKey;
      const injector = serviceCaKey ? `service-ca (${serviceCaKey})` : `the Cluster Network Operator (${TRUSTED_CA_BUNDLE.label})`;
      for (const field of ["data", "binaryData"] as const) {
        const data = asRecord(cm.raw[field]) ?? {};
        const extra = Object.keys(data).filter((k) => k !== keep);
        if (extra.length === 0) continue;
        report({
          object: cm,
          path: [field, extra[0]!],
          messageId: "keysDeleted",
          data: { object: describeObject(cm), injector, keep, keys: extra.map((k) => `"${k}"`).join(", "), them: extra.length > 1 ? "them" : "it" },
          fix: `Move ${extra.join(", ")} to a ConfigMap of its own and leave ${cm.name} empty for the injector (consumers read the key ${keep}).`,
          related: consumers,
        });
      }
    }
  },
});
