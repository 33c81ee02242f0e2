/**
 * Facts about where trust lives in a container, shared by every rule that reasons about it.
 * Sources: ../shared/reference/trust-facts.md §1a–§1c (Go crypto/x509 root_linux.go, OpenSSL,
 * Node.js, requests, the AWS SDKs, git, distro layouts).
 */

/** Directories that hold an image's system trust store; a mount over one hides it. */
export const TRUST_DIRECTORIES: readonly string[] = [
  "/etc/ssl/certs",
  "/etc/pki/tls/certs",
  "/etc/pki/ca-trust/extracted",
  "/etc/pki/ca-trust/extracted/pem",
  "/usr/share/ca-certificates",
  "/usr/local/share/ca-certificates",
  "/etc/ca-certificates",
  "/etc/ssl",
  "/etc/pki",
];

/**
 * Paths that exist in common images without any mount: the bundle files Go tries in order, the
 * hashed directories, and the service-account CA the kubelet mounts into every pod.
 */
export const SYSTEM_TRUST_PATHS: readonly string[] = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/pki/tls/cacert.pem",
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
  "/etc/ssl/cert.pem",
  "/etc/ssl/certs",
  "/etc/pki/tls/certs",
];

/** The CA the kubelet projects into every pod that automounts its service-account token. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Variables holding colon-separated directory lists rather than one file. */
export const CA_DIR_ENV: ReadonlySet<string> = new Set(["SSL_CERT_DIR"]);

/** Command-line flags whose value is the path of a CA file. */
export const CA_PATH_FLAGS: readonly string[] = [
  "--tls-ca",
  "--ca-file",
  "--cacert",
  "--ca-cert",
  "--ca-bundle",
  "--client-ca-file",
  "--tls-ca-file",
  "--root-ca-file",
  "--trusted-ca-file",
  "--kubelet-certificate-authority",
];
