/**
 * How to tell whether a ConfigMap or Secret key holds a full trust bundle (public roots plus any
 * private CAs) or only one or a few private CAs, when its writer does not decide it (writers and
 * the keys they leave: src/model/sources/writers.ts). Sources: ../shared/reference/trust-facts.md §1b
 * (trust-manager, OpenShift trusted-cabundle), §1d (service-ca), §1e (cert-manager) and §1k.
 */

/** trust-manager v1alpha1: `Bundle` (trust.cert-manager.io); its targets carry the Bundle's name. */
export const TRUST_MANAGER_BUNDLE = { group: "trust.cert-manager.io", kind: "Bundle" } as const;
/** trust-manager v1alpha2: `ClusterBundle` (trust-manager.io), `spec.defaultCAs.provider: System`. */
export const TRUST_MANAGER_CLUSTER_BUNDLE = { group: "trust-manager.io", kind: "ClusterBundle" } as const;

/**
 * trust-manager's controller reads Bundle and ClusterBundle sources (ConfigMaps and Secrets) only
 * from its trust namespace: its `--trust-namespace` flag, `cert-manager` by default (the flag's
 * default in trust-manager's cmd/app/options, and the Helm chart's `app.trust.namespace`). A
 * source anywhere else is "not found" and the Bundle never syncs.
 */
export const TRUST_MANAGER = {
  /** Its controller image (quay.io/jetstack/trust-manager, mirrors of it). */
  image: /(^|\/)trust-manager(:|@|$)/,
  trustNamespaceFlag: "--trust-namespace",
  defaultTrustNamespace: "cert-manager",
} as const;

/** The ConfigMap the kube-controller-manager publishes in every namespace: the cluster's root CA. */
export const KUBE_ROOT_CA_CONFIGMAP = "kube-root-ca.crt";

/** Key (file) names that, by convention, hold a complete bundle. */
export const BUNDLE_KEY_NAMES: ReadonlySet<string> = new Set([
  "ca-certificates.crt", // Debian, Ubuntu, Alpine, distroless
  "ca-bundle.crt", // RHEL, OpenShift trusted-cabundle
  "tls-ca-bundle.pem", // RHEL extracted bundle
  "ca-bundle.pem", // OpenSUSE
  "cert.pem", // Alpine, macOS-style
  "cacert.pem", // curl's Mozilla extract
  "trust-bundle.pem", // trust-manager documentation
]);

/** Key (file) names that, by convention, hold one private CA (or a leaf certificate). */
export const SINGLE_CA_KEY_NAMES: ReadonlySet<string> = new Set([
  "ca.crt",
  "ca.pem",
  "ca-cert.pem",
  "cacert.crt",
  "root-ca.crt",
  "root-ca.pem",
  "rootca.pem",
  "service-ca.crt",
  "tls.crt",
]);

/**
 * PEM certificate counts. Mozilla's root program alone has well over a hundred roots, while a
 * private PKI rarely ships more than a root and a couple of intermediates.
 */
export const PRIVATE_ONLY_MAX_CERTIFICATES = 9;
export const FULL_BUNDLE_MIN_CERTIFICATES = 50;

/**
 * File names that carry certificates or keys: used to tell a TLS file mounted with subPath from an
 * ordinary config file.
 */
export const CERT_FILE_NAME = /(\.(crt|cer|pem|der|key|p12|pfx|jks|p7b|p7c|keystore|truststore)$)|((^|[._-])(ca|cacerts?|certs?|certificates?|truststore|keystore|tls|bundle|chain|fullchain)([._-]|$))/i;
