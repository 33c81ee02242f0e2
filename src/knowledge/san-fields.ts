/** What a SAN field takes. */
export type SanKind = "dns" | "ip" | "dns-or-ip" | "uri" | "email";

/** Which name grammar the consumer applies to DNS entries. */
export type NameGrammar =
  /** Any host name; a `*.` wildcard as the whole left-most label (cert-manager dnsNames, TLS clients). */
  | "x509"
  /** Lower-case RFC 1123 subdomain, or `*.` + one (kubeadm). */
  | "rfc1123"
  /** govalidator IsDNSName: letters, digits, `-`, `_`, dots; no wildcard (k0s). */
  | "k0s";

/**
 * Where subject alternative names are written, what each field takes, and what its consumer
 * does with an entry it cannot use. Sources: cert-manager `CertificateSpec` and its webhook
 * validation (`validateIPAddresses`, `validateEmailAddresses`); kubeadm `appendSANsToAltNames`
 * and `ValidateCertSANs` (an entry is an IP, an RFC 1123 subdomain or a `*.` wildcard one);
 * k0s `APISpec.Validate` (sans and externalAddress: IP or DNS name, govalidator).
 */
export interface SanField {
  /** Path below the document's root (the Certificate, the ClusterConfiguration, the k0s ClusterConfig). */
  readonly path: readonly string[];
  /** True for a single value rather than a list. */
  readonly single?: boolean;
  readonly kind: SanKind;
  readonly grammar: NameGrammar;
  /** What happens to an entry the consumer cannot use. */
  readonly consequence: string;
}

export const CERT_MANAGER_SAN_FIELDS: readonly SanField[] = [
  { path: ["spec", "dnsNames"], kind: "dns", grammar: "x509", consequence: "the certificate carries a name no TLS client can match, and ACME issuers such as Let's Encrypt refuse the order" },
  { path: ["spec", "ipAddresses"], kind: "ip", grammar: "x509", consequence: "cert-manager's webhook rejects the Certificate (\"invalid IP address\"), so it is never issued" },
  { path: ["spec", "uris"], kind: "uri", grammar: "x509", consequence: "no client checking URI SANs (SPIFFE IDs) can match it" },
  { path: ["spec", "emailAddresses"], kind: "email", grammar: "x509", consequence: "cert-manager's webhook rejects the Certificate (\"invalid email address\"), so it is never issued" },
];

const kubeadmConsequence = (cert: string) => `kubeadm refuses the configuration when it validates it (older releases left the entry out of the ${cert} certificate with only a warning)`;

export const KUBEADM_SAN_FIELDS: readonly SanField[] = [
  { path: ["apiServer", "certSANs"], kind: "dns-or-ip", grammar: "rfc1123", consequence: kubeadmConsequence("API server") },
  { path: ["etcd", "local", "serverCertSANs"], kind: "dns-or-ip", grammar: "rfc1123", consequence: kubeadmConsequence("etcd server") },
  { path: ["etcd", "local", "peerCertSANs"], kind: "dns-or-ip", grammar: "rfc1123", consequence: kubeadmConsequence("etcd peer") },
];

const K0S_CONSEQUENCE = 'k0s rejects it when it validates the configuration ("invalid IP address / DNS name") and the controller does not start';

export const K0S_SAN_FIELDS: readonly SanField[] = [
  { path: ["spec", "api", "sans"], kind: "dns-or-ip", grammar: "k0s", consequence: K0S_CONSEQUENCE },
  { path: ["spec", "api", "externalAddress"], single: true, kind: "dns-or-ip", grammar: "k0s", consequence: `${K0S_CONSEQUENCE} (externalAddress is a host, written into the API certificate and the kubeconfigs)` },
];
