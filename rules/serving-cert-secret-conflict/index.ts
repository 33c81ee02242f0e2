import { defineRule } from "../../src/engine/rule";
import { PLACEHOLDER_SECRET_HINTS } from "../../src/knowledge/cert-controllers";
import type { KeyWriter } from "../../src/model/graph";
import { labelsOf } from "../../src/model/graph";
import type { SecretConflict } from "../../src/model/graph/conflicts";
import { secretConflicts, secretRootCause } from "../../src/model/graph/conflicts";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";

export default defineRule({
  meta: {
    id: "serving-cert-secret-conflict",
    shortDescription: "A serving-certificate Secret has more than one writer.",
    fullDescription:
      "One Secret is written by several sources: a Service's service.beta.openshift.io/serving-cert-secret-name while the render also contains that Secret (service-ca refuses to fill a Secret it did not create: 'does not have corresponding service UID'), two cert-manager Certificates with the same secretName, a Certificate and a cert controller's --secret-name, or a Secret rendered with certificate data that an issuer replaces. The pods then serve an empty, stale or alternating certificate, and the CA injected into the webhook no longer matches it.",
    remediation:
      "Keep exactly one writer per Secret: stop rendering a Secret that service-ca must create (or give service-ca a Secret name of its own), and let one Certificate or controller own each serving Secret.",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "service-ca", "cert-manager", "cross-object"],
    precision: "high",
    securitySeverity: 7.0,
    messages: {
      manyWriters: "Secret {{namespace}}/{{name}} has {{count}} writers ({{writers}}): {{reasons}}.",
    },
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const conflict of secretConflicts(graph)) {
      const { primary } = conflict;
      report({
        object: primary.object,
        path: primary.path,
        messageId: "manyWriters",
        data: { namespace: conflict.namespace, name: conflict.name, count: conflict.writers.length, writers: conflict.writers.map((w) => w.description).join("; "), reasons: conflict.reasons.join("; ") },
        fix: fixFor(conflict),
        related: conflict.writers.filter((w) => w !== primary).map((w) => ({ object: w.object, path: w.path, message: `also writes Secret ${conflict.name}: ${w.description}` })),
        rootCause: secretRootCause(conflict),
      });
    }
  },
});

function fixFor(c: SecretConflict): string {
  const rendered = c.writers.filter((w) => w.type === "rendered");
  if (c.primary.type === "service-ca" && rendered.length) {
    const hint = chartHint(rendered);
    return (
      `Remove Secret ${c.namespace}/${c.name} from the render and delete the existing one from the cluster, so that service-ca creates it; ` +
      `or name another Secret in ${c.primary.path[2]} (e.g. ${c.name}-serving-cert) and mount that one.${hint ? ` ${hint}` : ""}`
    );
  }
  if (c.primary.type === "service-ca") return `Let only service-ca write Secret ${c.name}: remove ${others(c).join(" and ")}, or point the service-ca annotation at a Secret of its own.`;
  return `Let one writer own Secret ${c.namespace}/${c.name}: keep ${c.primary.description} and remove ${others(c).join(" and ")} (or give each its own secretName).`;
}

function others(c: SecretConflict): string[] {
  return c.writers.filter((w) => w !== c.primary).map((w) => w.description);
}

function chartHint(rendered: readonly KeyWriter[]): string | undefined {
  for (const w of rendered) {
    const labels = labelsOf(w.object);
    const hit = PLACEHOLDER_SECRET_HINTS.find((h) => labels[h.label.key] === h.label.value);
    if (hit) return hit.hint;
  }
  return undefined;
}
