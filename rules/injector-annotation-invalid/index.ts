import { defineRule } from "../../src/engine/rule";
import type { MessageData, RelatedInput } from "../../src/engine/rule";
import type { Severity } from "../../src/model/types";
import { CA_BUNDLE_KINDS, CERT_MANAGER, CERT_MANAGER_INJECT_KEYS, SERVICE_CA, SERVICE_CA_INJECT_KINDS, serviceCaEnabled } from "../../src/knowledge/ca-injection";
import type { InjectorAnnotation, CertificateGraph } from "../../src/model/graph";
import { annotationPath, annotationsOf, describeObject, splitRef } from "../../src/model/graph";
import { GRAPH_OPTIONS_DEFAULTS, GRAPH_OPTIONS_PROPERTIES } from "../../src/model/graph/options";
import type { Model } from "../../src/model/model";
import type { K8sObject } from "../../src/model/types";

// {{harmless}}: empty, or why a problem changes no call (every webhook of the object has a literal caBundle).
const MESSAGES = {
  legacyGroup: "{{key}} uses the certmanager.k8s.io group, which cert-manager v1 ignores: nothing injects a CA into {{object}}.{{harmless}}",
  alphaKey: `service-ca honours ${SERVICE_CA.injectAlpha} only on ConfigMaps and APIServices; on a {{kind}} it needs the beta key, so nothing injects a CA into {{object}}.{{harmless}}`,
  serviceCaNotTrue: 'service-ca injects only when {{key}} is "true"; "{{value}}" is ignored.{{harmless}}',
  apiserverCaNotTrue: 'cert-manager\'s cainjector injects the API server CA only when {{key}} is exactly "true"; "{{value}}" is ignored.{{harmless}}',
  noNamespace: '{{key}}: "{{value}}" has no namespace: cert-manager\'s cainjector logs "invalid annotation" and injects nothing into {{object}}.{{harmless}}',
  secretNotAllowed: `{{key}} names Secret {{namespace}}/{{name}}, which lacks ${CERT_MANAGER.allowDirectInjection}: "true": cainjector refuses to read it and {{object}} gets no CA.{{harmless}}`,
  certificateInOtherNamespace: "{{key}} names Certificate {{namespace}}/{{name}}, but the render has {{name}} in namespace {{otherNamespace}}: cainjector finds nothing to inject into {{object}}.{{harmless}}",
  certificateNotRendered: "{{key}} names Certificate {{namespace}}/{{name}}, which is not in the render: unless it is created elsewhere, {{object}} gets no CA.",
  configMapNotTrue: 'service-ca injects the CA bundle only when {{key}} is "true"; "{{value}}" is ignored, so ConfigMap {{name}} stays empty.',
  serviceCaIgnoredKind: "{{key}} does nothing on a {{kind}}: service-ca injects CA bundles only into ConfigMaps, webhook configurations, CRDs and APIServices.{{hint}}",
  certManagerIgnoredKind: "{{key}} does nothing on a {{kind}}: cert-manager's cainjector fills only webhook configurations, CRDs and APIServices.",
} as const;

interface Problem {
  readonly messageId: keyof typeof MESSAGES;
  readonly data: MessageData;
  readonly fix: string;
  readonly related?: readonly RelatedInput[];
  readonly severity?: Severity;
}

export default defineRule({
  meta: {
    id: "injector-annotation-invalid",
    shortDescription: "A CA injector annotation that cert-manager or service-ca will ignore or refuse.",
    fullDescription:
      "cert-manager's cainjector and OpenShift's service-ca act only on exact annotations: inject-ca-from and inject-ca-from-secret need '<namespace>/<name>' (without the namespace cainjector logs 'invalid annotation' and does nothing), inject-ca-from-secret needs the Secret to carry cert-manager.io/allow-direct-injection: \"true\", inject-apiserver-ca must be exactly \"true\", inject-cabundle must be \"true\", the alpha inject-cabundle key is ignored on webhook configurations and CRDs, and the legacy certmanager.k8s.io group is ignored by cert-manager v1. The caBundle then stays empty or stale while the manifest looks right. A Certificate named by inject-ca-from that is not in the render is reported as info: it may be created elsewhere. So is a broken annotation on an object whose every webhook also carries a literal caBundle: the API server verifies against that bundle, and nothing fails.",
    remediation: "Write the annotation exactly as the injector expects: cert-manager.io/inject-ca-from: <namespace>/<certificate>, service.beta.openshift.io/inject-cabundle: \"true\".",
    severity: "error",
    incident: 2,
    tags: ["security", "tls", "webhook", "cert-manager", "service-ca", "cross-object"],
    precision: "very-high",
    securitySeverity: 6.5,
    supersedes: ["webhook-ca-missing"],
    messages: MESSAGES,
    optionsSchema: { type: "object", additionalProperties: false, properties: { ...GRAPH_OPTIONS_PROPERTIES } },
    defaultOptions: GRAPH_OPTIONS_DEFAULTS,
  },
  check({ model, report }) {
    const graph = model.certificateGraph();
    for (const kind of CA_BUNDLE_KINDS) {
      for (const o of model.byKind(kind)) {
        const all = graph.injectorAnnotations(o);
        for (const a of all) {
          const problem = problemOf(model, graph, o, a, all);
          if (!problem) continue;
          // On a caBundle kind the annotation was meant to fill the bundle: one root cause with webhook-ca-missing.
          report({ ...(literalEverywhere(graph, o) ? harmless(problem, o) : { ...problem, data: { ...problem.data, harmless: "" } }), object: o, path: a.path, rootCause: "cabundle-unfilled" });
        }
      }
    }
    for (const o of model.objects) {
      if (CA_BUNDLE_KINDS.includes(o.kind)) continue;
      const annotations = annotationsOf(o);
      for (const [key, value] of Object.entries(annotations)) {
        const problem = elsewhere(o, key, value);
        if (problem) report({ ...problem, object: o, path: annotationPath(key) });
      }
    }
  },
});

function problemOf(model: Model, graph: CertificateGraph, o: K8sObject, a: InjectorAnnotation, all: readonly InjectorAnnotation[]): Problem | undefined {
  if (a.source === "legacy-cert-manager") {
    const modern = `cert-manager.io/${a.key.slice(CERT_MANAGER.legacyPrefix.length)}`;
    if (all.some((x) => x.key === modern)) return undefined; // Kept beside the modern key for old installs: harmless.
    return {
      messageId: "legacyGroup",
      data: { key: a.key, object: describeObject(o) },
      fix: `Rename the annotation to ${modern}: ${a.value}.`,
    };
  }
  if (a.key === SERVICE_CA.injectAlpha) {
    if (o.kind === "APIService" || all.some((x) => x.key === SERVICE_CA.injectBeta)) return undefined;
    return {
      messageId: "alphaKey",
      data: { kind: o.kind, object: describeObject(o) },
      fix: `Use ${SERVICE_CA.injectBeta}: "true" instead.`,
    };
  }
  if (a.key === SERVICE_CA.injectBeta) {
    const v = a.value.toLowerCase();
    if (serviceCaEnabled(a.value) || v === "false" || v === "") return undefined;
    return { messageId: "serviceCaNotTrue", data: { key: a.key, value: a.value }, fix: `Set ${a.key}: "true".` };
  }
  if (a.key === CERT_MANAGER.injectApiserverCa) {
    if (a.value === "true" || a.value.toLowerCase() === "false") return undefined;
    return { messageId: "apiserverCaNotTrue", data: { key: a.key, value: a.value }, fix: `Set ${a.key}: "true".` };
  }
  if (!CERT_MANAGER_INJECT_KEYS.includes(a.key)) return undefined;
  const ref = splitRef(a.value);
  const what = a.key === CERT_MANAGER.injectCaFrom ? "Certificate" : "Secret";
  if (!ref) {
    const ns = guessNamespace(graph, o, a.value);
    const named = what === "Certificate" ? graph.certificatesNamed(a.value) : [];
    return {
      messageId: "noNamespace",
      data: { key: a.key, value: a.value, object: describeObject(o) },
      fix: `Write the ${what} as <namespace>/<name>: ${a.key}: ${ns ?? "<namespace>"}/${a.value.replace(/^\/+|\/+$/g, "") || "<name>"}.`,
      related: named.map((c) => ({ object: c, path: ["metadata", "name"], message: "the Certificate the annotation means" })),
    };
  }
  if (a.key === CERT_MANAGER.injectCaFromSecret) {
    const secret = model.get("Secret", ref.namespace, ref.name);
    if (!secret || annotationsOf(secret)[CERT_MANAGER.allowDirectInjection] === "true") return undefined;
    return {
      messageId: "secretNotAllowed",
      data: { key: a.key, namespace: ref.namespace, name: ref.name, object: describeObject(o) },
      fix: `Add the annotation ${CERT_MANAGER.allowDirectInjection}: "true" to Secret ${ref.namespace}/${ref.name}, or inject from its Certificate with ${CERT_MANAGER.injectCaFrom}.`,
      related: [{ object: secret, path: ["metadata", "name"], message: "the Secret named by the annotation" }],
    };
  }
  if (model.get("Certificate", ref.namespace, ref.name)) return undefined;
  const elsewhereCert = graph.certificatesNamed(ref.name).find((c) => c.namespace !== ref.namespace);
  if (elsewhereCert) {
    return {
      messageId: "certificateInOtherNamespace",
      data: { key: a.key, namespace: ref.namespace, name: ref.name, otherNamespace: elsewhereCert.namespace ?? "", object: describeObject(o) },
      fix: `Set ${a.key}: ${elsewhereCert.namespace}/${ref.name}.`,
      related: [{ object: elsewhereCert, path: ["metadata", "namespace"], message: "the Certificate with that name" }],
    };
  }
  return {
    messageId: "certificateNotRendered",
    data: { key: a.key, namespace: ref.namespace, name: ref.name, object: describeObject(o) },
    fix: `Render Certificate ${ref.namespace}/${ref.name} with the same release, or make sure it exists before the webhook is called (then suppress this finding).`,
    severity: "info",
  };
}

/**
 * Whether every call site of the object carries its own literal caBundle. The API server verifies
 * against that bundle whatever the injectors do (a working cainjector would only merge its CA in),
 * so an annotation no injector acts on changes no call: harmless today, and only misleading.
 */
function literalEverywhere(graph: CertificateGraph, o: K8sObject): boolean {
  const sites = graph.callSitesOf(o).filter((s) => s.service || s.url);
  return sites.length > 0 && sites.every((s) => s.caBundle !== undefined);
}

function harmless(p: Problem, o: K8sObject): Problem {
  if (p.severity === "info") return p;
  return {
    ...p,
    data: { ...p.data, harmless: ` Harmless today: every call of ${describeObject(o)} is verified against the literal caBundle written beside it, which no injector is needed to fill.` },
    severity: "info",
  };
}

/** Injector annotations on kinds that ignore them. */
function elsewhere(o: K8sObject, key: string, value: string): Problem | undefined {
  if (key === SERVICE_CA.injectBeta || key === SERVICE_CA.injectAlpha) {
    if (SERVICE_CA_INJECT_KINDS.includes(o.kind)) {
      if (o.kind !== "ConfigMap" || serviceCaEnabled(value) || ["false", ""].includes(value.toLowerCase())) return undefined;
      return { messageId: "configMapNotTrue", data: { key, value, name: o.name }, fix: `Set ${key}: "true".` };
    }
    const hint = o.kind === "Service" ? ` On a Service, ${SERVICE_CA.servingSecretBeta}: <secret> asks for a serving certificate.` : "";
    return { messageId: "serviceCaIgnoredKind", data: { key, kind: o.kind, hint }, fix: `Move the annotation to the object that needs the CA bundle (a ConfigMap the pods mount, or the webhook configuration).`, severity: "warning" };
  }
  if (CERT_MANAGER_INJECT_KEYS.includes(key)) {
    return { messageId: "certManagerIgnoredKind", data: { key, kind: o.kind }, fix: `Move the annotation to the ValidatingWebhookConfiguration, MutatingWebhookConfiguration, CRD or APIService that needs the CA.`, severity: "warning" };
  }
  return undefined;
}

/** The namespace a bare name most likely lives in: a Certificate of that name, else the webhook's Service. */
function guessNamespace(graph: CertificateGraph, o: K8sObject, name: string): string | undefined {
  const certs = graph.certificatesNamed(name);
  if (certs.length === 1) return certs[0]!.namespace;
  return graph.callSitesOf(o).find((s) => s.service)?.service?.namespace;
}
