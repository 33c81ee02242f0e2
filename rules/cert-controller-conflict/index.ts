import { defineRule } from "../../src/engine/rule";
import type { ControllerInstance, KeyWriter } from "../../src/model/graph";
import { describeObject } from "../../src/model/graph";
import { secretConflicts, secretRootCause } from "../../src/model/graph/conflicts";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";

const SECRET_WRITERS = "Secret {{namespace}}/{{name}} is written by {{controller}}, which issues its own CA and a certificate for {{dnsNames}}, and claimed by {{writers}}.";
const REFUSED =
  'service-ca does not replace it: it refuses to write a Secret it did not create ("does not have corresponding service UID", reported on the Service), so the certificate the Service asks for is never issued and the pods serve the controller\'s, which clients given the service CA reject with "x509: certificate signed by unknown authority".';
const FIGHT = "cert-manager and the controller replace each other's certificate, so the webhook serves a certificate the injected CA did not sign.";

export default defineRule({
  meta: {
    id: "cert-controller-conflict",
    shortDescription: "A chart's own cert controller runs while OpenShift service-ca or cert-manager manages the same webhook Secret or caBundle.",
    fullDescription:
      "Charts such as external-secrets ship a cert controller that issues its own CA and webhook certificate, writes them into the webhook Secret and rewrites the caBundle of its webhook configurations and CRDs. When service-ca (inject-cabundle) or cert-manager (inject-ca-from) injects into the same bundle, the writers rewrite it forever: the API server logs 'x509: failed to verify certificate' by the thousand and conversion webhooks fail (incident 2). On the Secret, a cert-manager Certificate and the controller replace each other's certificate; service-ca (serving-cert-secret-name) refuses to write a Secret it did not create ('does not have corresponding service UID'), so the pods serve the controller's certificate, which clients given the service CA reject. The table of known controllers is data (src/knowledge/cert-controllers.ts), extended under knowledge: controllers in .trustlint.yaml.",
    remediation: "Turn the chart's cert controller off (external-secrets: certController.create: false) and let service-ca or cert-manager own both the serving Secret and the caBundle.",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "webhook", "service-ca", "cert-manager", "cross-object"],
    precision: "very-high",
    securitySeverity: 7.5,
    messages: {
      caBundleOverwritten:
        '{{object}}: {{controller}} issues its own CA and writes it into this caBundle, while {{injectors}} {{inject}} another. They overwrite each other forever, and the API server fails with "x509: certificate signed by unknown authority" whenever the bundle holds the wrong CA.',
      // The names are lower case even at the start of a sentence, as their projects write them.
      secretOverwritten: `${SECRET_WRITERS} ${FIGHT}`,
      secretRefused: `${SECRET_WRITERS} ${REFUSED}`,
      secretOverwrittenAndRefused: `${SECRET_WRITERS} ${FIGHT} And ${REFUSED}`,
    },
    supersedes: ["ca-injector-conflict", "serving-cert-secret-conflict"],
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const o of graph.callSiteObjects) {
      const writers = graph.caWritersOf(o);
      const ctl = writers.find((w) => w.type === "controller" && w.controller.entry.issuesOwnCertificate);
      const injectors = writers.filter((w) => w.type === "annotation");
      if (ctl?.type !== "controller" || injectors.length === 0) continue;
      const first = injectors[0]!;
      if (first.type !== "annotation") continue;
      report({
        object: o,
        path: first.annotation.path,
        messageId: "caBundleOverwritten",
        data: { object: describeObject(o), controller: ctl.description, injectors: injectors.map((w) => w.description).join(" and "), inject: injectors.length > 1 ? "inject" : "injects" },
        fix: fixFor(ctl.controller, "the caBundle"),
        related: [{ object: ctl.controller.workload.object, path: ctl.controller.path, message: `the ${ctl.controller.entry.description}` }],
        rootCause: "ca-writers",
      });
    }
    for (const conflict of secretConflicts(graph)) {
      const own = conflict.writers.find((w) => w.type === "controller" && w.controller?.entry.issuesOwnCertificate);
      const managed = conflict.writers.filter((w) => w.type === "service-ca" || w.type === "certificate");
      if (!own?.controller || managed.length === 0) continue;
      report({
        object: conflict.primary.object,
        path: conflict.primary.path,
        messageId: outcome(managed),
        data: { namespace: conflict.namespace, name: conflict.name, controller: own.description, dnsNames: own.dnsNames?.join(", ") ?? "its service", writers: managed.map((w) => w.description).join(" and ") },
        fix: fixFor(own.controller, `Secret ${conflict.name}`),
        related: conflict.writers.filter((w) => w !== conflict.primary).map((w) => ({ object: w.object, path: w.path, message: `also writes Secret ${conflict.name}: ${w.description}` })),
        rootCause: secretRootCause(conflict),
      });
    }
  },
});

/**
 * What the two writers do to the Secret, by mechanics (trust-facts.md §1d, §1e): cert-manager
 * re-issues into a Secret whose certificate is not the Certificate's, so it and the controller
 * replace each other's; service-ca never writes a Secret it did not create (no
 * originating-service-uid of the Service: "does not have corresponding service UID").
 */
function outcome(managed: readonly KeyWriter[]): "secretOverwritten" | "secretRefused" | "secretOverwrittenAndRefused" {
  const serviceCa = managed.some((w) => w.type === "service-ca");
  const certManager = managed.some((w) => w.type === "certificate");
  return serviceCa && certManager ? "secretOverwrittenAndRefused" : serviceCa ? "secretRefused" : "secretOverwritten";
}

function fixFor(ctl: ControllerInstance, what: string): string {
  const off = ctl.entry.disable ? `Set ${ctl.entry.disable}` : `Remove the ${ctl.entry.description} (${describeObject(ctl.workload.object)})`;
  return `${off} so that one issuer owns ${what}; on OpenShift keep service-ca (serving-cert-secret-name on the Service, inject-cabundle on the webhook configurations and CRDs), elsewhere cert-manager (a Certificate and inject-ca-from).`;
}
