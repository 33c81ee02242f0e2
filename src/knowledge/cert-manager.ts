/**
 * Where cert-manager reads the Secrets its issuers name, and what an issuer leaves in the Secrets
 * of the certificates it signs. Sources (cert-manager/cert-manager):
 * - pkg/apis/certmanager/v1/types_issuer.go (CA, Vault and Venafi Secret references) and
 *   pkg/apis/acme/v1/types_issuer.go (privateKeySecretRef, externalAccountBinding.keySecretRef and
 *   the DNS-01 providers' secret references). An issuer's secret references carry no namespace:
 *   an Issuer's are read in its own namespace, a ClusterIssuer's in the controller's "cluster
 *   resource namespace" (docs: "Cluster Resource Namespace").
 * - cmd/controller/app/options (internal/apis/config/controller/v1alpha1/defaults.go):
 *   `--cluster-resource-namespace` defaults to kube-system in the binary;
 *   deploy/charts/cert-manager/templates/deployment.yaml always passes
 *   `--cluster-resource-namespace={{ .Values.clusterResourceNamespace | default "$(POD_NAMESPACE)" }}`
 *   with POD_NAMESPACE from fieldRef metadata.namespace, so a chart install reads them in
 *   cert-manager's own namespace (cert-manager in the documented install).
 * - pkg/issuer/acme (the ACME account key is generated into privateKeySecretRef when that Secret
 *   does not exist).
 */

/** The API group of cert-manager's own kinds (Certificate, Issuer, ClusterIssuer) and of its default issuerRef. */
export const CERT_MANAGER_GROUP = "cert-manager.io";

/** How the cert-manager controller is recognised, and its flag for the cluster resource namespace. */
export const CERT_MANAGER_CONTROLLER = {
  /**
   * The controller image (quay.io/jetstack/cert-manager-controller, docker.io/bitnami/cert-manager);
   * the webhook, cainjector and acmesolver images are other names.
   */
  image: "(^|/)cert-manager(-controller)?([:@]|$)",
  clusterResourceNamespaceFlag: "--cluster-resource-namespace",
  /** The binary's default when the flag is absent. */
  defaultClusterResourceNamespace: "kube-system",
  /** A component configuration file can set clusterResourceNamespace instead of the flag. */
  configFlag: "--config",
  /** The namespace cert-manager's installation docs use; its chart then reads ClusterIssuer Secrets there. */
  installNamespace: "cert-manager",
} as const;

/** One Secret reference of an issuer spec. */
export interface IssuerSecretField {
  /** Path under `spec`; "*" stands for every index of a list. */
  readonly path: readonly string[];
  /** "name": the value is the Secret's name; "ref": an object whose `name` is. */
  readonly form: "name" | "ref";
  /** How messages name what the Secret holds. */
  readonly what: string;
  /** cert-manager creates the Secret when it does not find it (the ACME account key). */
  readonly createdIfMissing?: boolean;
}

const dns01 = (provider: string, field: string, what: string): IssuerSecretField => ({ path: ["acme", "solvers", "*", "dns01", provider, field], form: "ref", what: `the DNS-01 solver's ${what}` });

/**
 * Every Secret reference cert-manager's built-in issuers read. A webhook DNS-01 solver's `config`
 * is its own format (the webhook decides where it reads), so it is not listed.
 */
export const ISSUER_SECRET_FIELDS: readonly IssuerSecretField[] = [
  { path: ["ca", "secretName"], form: "name", what: "the CA key pair" },
  { path: ["acme", "privateKeySecretRef"], form: "ref", what: "the ACME account key", createdIfMissing: true },
  { path: ["acme", "externalAccountBinding", "keySecretRef"], form: "ref", what: "the ACME external account binding key" },
  dns01("akamai", "clientTokenSecretRef", "Akamai client token"),
  dns01("akamai", "clientSecretSecretRef", "Akamai client secret"),
  dns01("akamai", "accessTokenSecretRef", "Akamai access token"),
  dns01("cloudDNS", "serviceAccountSecretRef", "Google Cloud DNS service account key"),
  dns01("cloudflare", "apiTokenSecretRef", "Cloudflare API token"),
  dns01("cloudflare", "apiKeySecretRef", "Cloudflare API key"),
  dns01("route53", "accessKeyIDSecretRef", "Route53 access key ID"),
  dns01("route53", "secretAccessKeySecretRef", "Route53 secret access key"),
  dns01("azureDNS", "clientSecretSecretRef", "Azure DNS client secret"),
  dns01("digitalocean", "tokenSecretRef", "DigitalOcean token"),
  dns01("acmeDNS", "accountSecretRef", "acme-dns account"),
  dns01("rfc2136", "tsigSecretSecretRef", "RFC2136 TSIG secret"),
  { path: ["vault", "auth", "tokenSecretRef"], form: "ref", what: "the Vault token" },
  { path: ["vault", "auth", "appRole", "secretRef"], form: "ref", what: "the Vault AppRole secret" },
  { path: ["vault", "auth", "kubernetes", "secretRef"], form: "ref", what: "the Vault Kubernetes auth token" },
  { path: ["vault", "auth", "clientCertificate", "secretName"], form: "name", what: "the Vault client certificate" },
  { path: ["vault", "caBundleSecretRef"], form: "ref", what: "the Vault CA bundle" },
  { path: ["vault", "clientCertSecretRef"], form: "ref", what: "the Vault client certificate" },
  { path: ["vault", "clientKeySecretRef"], form: "ref", what: "the Vault client key" },
  { path: ["venafi", "tpp", "credentialsRef"], form: "ref", what: "the Venafi TPP credentials" },
  { path: ["venafi", "tpp", "caBundleSecretRef"], form: "ref", what: "the Venafi TPP CA bundle" },
  { path: ["venafi", "cloud", "apiTokenSecretRef"], form: "ref", what: "the Venafi Cloud API token" },
];

/**
 * Keys cert-manager writes into a Certificate's Secret only when the issuer returns a CA
 * (pkg/controller/certificates/issuing/internal/secret.go: ca.crt, and the JKS/PKCS#12 trust
 * stores, only `if len(data.CA) > 0`).
 */
export const CA_DEPENDENT_KEYS: readonly string[] = ["ca.crt", "truststore.jks", "truststore.p12"];

/**
 * Issuer types (the `spec` field that configures them) that never return a CA: the ACME issuer
 * returns only the chain the ACME server sent (pkg/controller/certificaterequests/acme/acme.go:
 * `IssueResponse{Certificate: order.Status.Certificate}`), so its Secrets have no ca.crt
 * (cert-manager#1571, #2111).
 */
export const ISSUER_TYPES_WITHOUT_CA: readonly { readonly field: string; readonly description: string }[] = [{ field: "acme", description: "ACME" }];

/**
 * cert-manager's certificate-shim (ingress-shim for Ingresses, gateway-shim for Gateways and
 * ListenerSets): an object carrying one of the issuer annotations gets one Certificate per TLS
 * Secret it serves, named after that Secret, in its own namespace, issued by the annotated
 * issuer; cert-manager then writes the Secret. Sources (cert-manager/cert-manager):
 * pkg/apis/certmanager/v1/types.go (annotation names), pkg/controller/certificate-shim/sync.go:
 * - issuerForIngressLike: `cluster-issuer` sets kind ClusterIssuer over `issuer`, `issuer-kind` and
 *   `issuer-group` override kind and group; both issuer annotations, or `cluster-issuer` with
 *   `issuer-kind`/`issuer-group`, or an empty name: nothing is created ("bad annotations").
 * - Ingress: checkForDuplicateSecretNames (a secretName in two TLS entries: nothing for the
 *   Ingress); validateIngressTLSBlock (an entry needs hosts and a secretName, else it is skipped);
 *   the Certificate's dnsNames are the entry's hosts (IP addresses go to ipAddresses).
 * - Gateway/ListenerSet (handleGatewayAPIListeners): only HTTPS and TLS listeners, never
 *   Passthrough, not those named in `ignore-tls-listeners`; a listener needs a hostname and
 *   certificateRefs, each of group ""/core, kind Secret and no other namespace, else it is skipped;
 *   the hostnames of every listener naming one Secret become one Certificate's dnsNames.
 * - buildCertificates: an existing Certificate of that name the object does not own is left alone.
 * - hasShimAnnotation / issuerForIngressLike: on an Ingress without issuer annotations, an
 *   "auto certificate" annotation (`kubernetes.io/tls-acme: "true"`, any value Go's
 *   strconv.ParseBool reads as true; the controller's --auto-certificate-annotations replaces the
 *   list) asks the controller's default issuer (--default-issuer-name/-kind/-group; the chart's
 *   ingressShim.defaultIssuer*); without a default name nothing is created
 *   (internal/apis/config/controller/v1alpha1/defaults.go: name "", kind Issuer).
 */
export const CERTIFICATE_SHIM = {
  issuer: "cert-manager.io/issuer",
  clusterIssuer: "cert-manager.io/cluster-issuer",
  issuerKind: "cert-manager.io/issuer-kind",
  issuerGroup: "cert-manager.io/issuer-group",
  ignoreTlsListeners: "cert-manager.io/ignore-tls-listeners",
  /** Listener protocols gateway-shim issues for (the controller's --extra-gateway-api-protocols can add more). */
  gatewayProtocols: ["HTTPS", "TLS"],
  /** The only tls.mode gateway-shim issues for; the Gateway API CRD defaults an absent mode to it. */
  gatewayTlsMode: "Terminate",
  /** The certificateRefs groups that name a core Secret. */
  secretGroups: ["", "core"],
  /** The controller's flags for the default issuer of auto-certificate annotations, and their defaults. */
  defaultIssuerNameFlag: "--default-issuer-name",
  defaultIssuerKindFlag: "--default-issuer-kind",
  defaultIssuerGroupFlag: "--default-issuer-group",
  defaultIssuerKind: "Issuer",
  autoAnnotationsFlag: "--auto-certificate-annotations",
  autoAnnotations: ["kubernetes.io/tls-acme"],
  /** What strconv.ParseBool reads as true. */
  trueValues: ["1", "t", "T", "TRUE", "true", "True"],
} as const;
