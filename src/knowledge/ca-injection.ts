/**
 * How CA bundles and serving certificates get written by the two injectors every cluster meets:
 * cert-manager's cainjector and OpenShift's service-ca operator. Sources:
 * ../shared/reference/trust-facts.md §1d, §1e, §1g and the repositories cited there:
 * - cert-manager/cert-manager pkg/apis/certmanager/v1/types.go:203-221 (annotation names),
 *   pkg/controller/cainjector/sources.go (a value without `namespace/` is "invalid annotation",
 *   inject-apiserver-ca must equal "true", direct injection needs allow-direct-injection),
 *   pkg/util/pki/csr.go (commonName is not copied into the SANs).
 * - openshift/service-ca-operator pkg/controller/api/api.go (annotation names),
 *   pkg/controller/cabundleinjector/{admissionwebhook,apiservice,crd,configmap}.go (which kinds
 *   honour which key; values compared with strings.EqualFold "true"; ConfigMap data replaced by
 *   {service-ca.crt}), pkg/controller/servingcert/starter/starter.go:82,95 (SAN suffix
 *   "cluster.local"), secret_creating_controller.go:177-179 ("does not have corresponding service UID").
 * - Kubernetes apiserver pkg/util/webhook/client.go: a service reference is dialled as
 *   `<name>.<namespace>.svc` on port 443 unless a port is given.
 */

export const CERT_MANAGER = {
  injectCaFrom: "cert-manager.io/inject-ca-from",
  injectCaFromSecret: "cert-manager.io/inject-ca-from-secret",
  injectApiserverCa: "cert-manager.io/inject-apiserver-ca",
  allowDirectInjection: "cert-manager.io/allow-direct-injection",
  /** The pre-v0.11 group; cert-manager v1 ignores every annotation in it. */
  legacyPrefix: "certmanager.k8s.io/",
  /** Keys cert-manager writes into a Certificate's Secret (ca.crt when the issuer provides one). */
  secretKeys: ["tls.crt", "tls.key", "ca.crt"],
  /**
   * Keys added by `spec.keystores.<format>.create: true` (cert-manager docs, "Additional
   * Certificate Output Formats": keystore.jks/truststore.jks, keystore.p12/truststore.p12).
   */
  keystoreKeys: { jks: ["keystore.jks", "truststore.jks"], pkcs12: ["keystore.p12", "truststore.p12"] },
} as const;

export const CERT_MANAGER_INJECT_KEYS: readonly string[] = [CERT_MANAGER.injectCaFrom, CERT_MANAGER.injectCaFromSecret, CERT_MANAGER.injectApiserverCa];

export const SERVICE_CA = {
  injectBeta: "service.beta.openshift.io/inject-cabundle",
  injectAlpha: "service.alpha.openshift.io/inject-cabundle",
  servingSecretBeta: "service.beta.openshift.io/serving-cert-secret-name",
  servingSecretAlpha: "service.alpha.openshift.io/serving-cert-secret-name",
  originatingServiceUid: "service.beta.openshift.io/originating-service-uid",
  /** The only key of an injected ConfigMap: service-ca replaces all other data with it. */
  configMapKey: "service-ca.crt",
  /** A service-ca serving Secret holds these keys and no ca.crt. */
  secretKeys: ["tls.crt", "tls.key"],
  /** service-ca's SAN suffix is fixed at start-up, whatever the cluster's real domain. */
  dnsSuffix: "cluster.local",
} as const;

/** The Cluster Network Operator's trusted-bundle label; it replaces the ConfigMap's data with ca-bundle.crt. */
export const TRUSTED_CA_BUNDLE = {
  label: "config.openshift.io/inject-trusted-cabundle",
  configMapKey: "ca-bundle.crt",
} as const;

/** Kinds whose caBundle the injectors fill (cert-manager docs "CA injector"; service-ca cabundleinjector). */
export const CA_BUNDLE_KINDS: readonly string[] = ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "CustomResourceDefinition", "APIService"];

/** Kinds on which service-ca reads inject-cabundle at all. */
export const SERVICE_CA_INJECT_KINDS: readonly string[] = ["ConfigMap", ...CA_BUNDLE_KINDS];

/** The names OpenShift's service-ca puts into the serving certificate of a Service. */
export function serviceCaDnsNames(service: string, namespace: string, headless: boolean): string[] {
  const names = [`${service}.${namespace}.svc`, `${service}.${namespace}.svc.${SERVICE_CA.dnsSuffix}`];
  return headless ? [...names, `*.${service}.${namespace}.svc`, `*.${service}.${namespace}.svc.${SERVICE_CA.dnsSuffix}`] : names;
}

/** service-ca compares the annotation value with "true" ignoring case. */
export function serviceCaEnabled(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase() === "true";
}

/**
 * RBAC that marks a workload as a caBundle writer: update or patch on these resources, granted by a
 * ClusterRole bound to the workload's ServiceAccount. Every self-injecting operator ships this grant:
 * open-policy-agent/gatekeeper charts/gatekeeper/templates/gatekeeper-manager-role-clusterrole.yaml
 * (patch/update on its validating and mutating configurations), hashicorp/vault-helm
 * templates/injector-clusterrole.yaml (patch on mutatingwebhookconfigurations), kubernetes/ingress-nginx
 * charts/ingress-nginx/templates/admission-webhooks/job-patch/clusterrole.yaml (update on
 * validatingwebhookconfigurations), external-secrets cert-controller-rbac.yaml (update/patch on its two
 * configurations and on customresourcedefinitions), istiod (update/patch on mutatingwebhookconfigurations).
 */
export const CA_BUNDLE_RBAC_RESOURCES: Readonly<Record<string, { readonly kind: string; readonly group: string }>> = {
  validatingwebhookconfigurations: { kind: "ValidatingWebhookConfiguration", group: "admissionregistration.k8s.io" },
  mutatingwebhookconfigurations: { kind: "MutatingWebhookConfiguration", group: "admissionregistration.k8s.io" },
  customresourcedefinitions: { kind: "CustomResourceDefinition", group: "apiextensions.k8s.io" },
  apiservices: { kind: "APIService", group: "apiregistration.k8s.io" },
};

export const CA_BUNDLE_RBAC_VERBS: ReadonlySet<string> = new Set(["update", "patch", "*"]);

/**
 * Injectors that write a caBundle only into objects carrying one of their annotations, however wide
 * their RBAC: their grant on webhook configurations, CRDs and APIServices never makes them the
 * writer of an object without the annotation (the annotation itself is the writer the graph sees,
 * with its validity). `image` is a regular expression (source) over the container image.
 */
export interface AnnotationInjector {
  readonly id: string;
  readonly description: string;
  readonly evidence: readonly string[];
  readonly image: string;
  readonly annotations: readonly string[];
}

export const ANNOTATION_INJECTORS: readonly AnnotationInjector[] = [
  {
    id: "cert-manager-cainjector",
    description: "cert-manager's cainjector",
    evidence: [
      "cert-manager/cert-manager docs/reference/cainjector.rst (injects into webhook configurations, APIServices and CRDs annotated with inject-apiserver-ca, inject-ca-from or inject-ca-from-secret)",
      "pkg/controller/cainjector/sources.go (the CA comes from the object's annotation; an object without one is skipped)",
      "deploy/charts/cert-manager/templates/cainjector-rbac.yaml (get, list, watch, update, patch on validatingwebhookconfigurations, mutatingwebhookconfigurations, apiservices and customresourcedefinitions, with no resourceNames)",
      "images quay.io/jetstack/cert-manager-cainjector, docker.io/bitnami/cainjector",
    ],
    image: "(^|/)(cert-manager-)?cainjector([:@]|$)",
    annotations: CERT_MANAGER_INJECT_KEYS,
  },
];
