/**
 * What each CA setting does and which runtimes read it. Sources: ../shared/reference/trust-facts.md
 * §1a (Go crypto/x509 root_unix.go, OpenSSL openssl-env, Node.js CLI docs, psf/requests
 * sessions.py, AWS SDK reference, git http.c, JSSE, dotnet/runtime#91110) and §1b (Temurin).
 */
import type { Runtime } from "./images";

/** How a setting acts on the trust of the programs that read it. */
export type CaEffect =
  /** The named file becomes the whole trust (or, for Go's SSL_CERT_FILE, the whole file source). */
  | "replaces"
  /** The named file is added to the default roots. */
  | "adds"
  /** Directories replacing the default directory list. */
  | "directories"
  /** A CA file for one particular connection (a flag such as --tls-ca), not the process trust. */
  | "connection";

export interface CaEnvMeaning {
  readonly name: string;
  readonly effect: CaEffect;
}

/** Environment variables that name CA files or directories. */
export const CA_ENV: readonly CaEnvMeaning[] = [
  { name: "SSL_CERT_FILE", effect: "replaces" }, // read by Go, OpenSSL, .NET
  { name: "SSL_CERT_DIR", effect: "directories" }, // read by Go, OpenSSL, .NET
  { name: "NODE_EXTRA_CA_CERTS", effect: "adds" }, // read by Node.js
  { name: "REQUESTS_CA_BUNDLE", effect: "replaces" }, // read by Python requests
  { name: "CURL_CA_BUNDLE", effect: "replaces" }, // read by curl, Python requests
  { name: "AWS_CA_BUNDLE", effect: "replaces" }, // read by the AWS SDKs and CLI
  { name: "GIT_SSL_CAINFO", effect: "replaces" }, // read by git
  { name: "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH", effect: "replaces" }, // read by gRPC core
];

/** Java system properties naming trust stores, and the variables the JVM (or its launch scripts) read them from. */
export const JAVA_TRUSTSTORE_PROPERTY = "javax.net.ssl.trustStore";
export const JAVA_OPTION_ENV: readonly string[] = ["JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTS"];

/** Node.js reads SSL_CERT_FILE / SSL_CERT_DIR only with one of these (on the command line or in NODE_OPTIONS). */
export const NODE_OPENSSL_CA_FLAGS: readonly string[] = ["--use-openssl-ca", "--use-system-ca"];
/** ... or with this variable set to 1. */
export const NODE_USE_SYSTEM_CA_ENV = "NODE_USE_SYSTEM_CA";

/** eclipse-temurin's entrypoint hook: imports /certificates/*crt when the variable is non-empty. */
export const TEMURIN_HOOK = {
  entrypoint: "/__cacert_entrypoint.sh",
  env: "USE_SYSTEM_CA_CERTS",
  directory: "/certificates",
  /** The hook imports only files whose name ends in "crt". */
  fileSuffix: "crt",
} as const;

/**
 * Per runtime: the CA variables it reads, and those it ignores with what to use instead.
 * A setting is reported as ignored only when none of the runtime's own mechanisms is set, so
 * that a chart setting several variables for several tools is not flagged.
 */
export interface RuntimeCaEnv {
  /** Variables (and mechanisms) this runtime reads; one of them set means the CA likely arrives. */
  readonly reads: readonly string[];
  readonly ignores: readonly { readonly env: string; readonly severity: "warning" | "info"; readonly why: string }[];
  /** What to set instead (the first clause of the fix). */
  readonly instead: string;
}

export const RUNTIME_CA_ENV: Readonly<Record<Exclude<Runtime, "unknown">, RuntimeCaEnv>> = {
  go: {
    reads: ["SSL_CERT_FILE", "SSL_CERT_DIR", "AWS_CA_BUNDLE"],
    ignores: [
      { env: "NODE_EXTRA_CA_CERTS", severity: "warning", why: "Go's crypto/x509 reads only SSL_CERT_FILE and SSL_CERT_DIR" },
      { env: "REQUESTS_CA_BUNDLE", severity: "warning", why: "Go's crypto/x509 reads only SSL_CERT_FILE and SSL_CERT_DIR" },
    ],
    instead: "SSL_CERT_DIR=/etc/ssl/certs:<dir of your CA> (adds the CA) or SSL_CERT_FILE=<a full bundle>",
  },
  node: {
    reads: ["NODE_EXTRA_CA_CERTS"],
    ignores: [
      { env: "SSL_CERT_FILE", severity: "warning", why: "Node.js uses its bundled Mozilla roots and reads SSL_CERT_FILE only with --use-openssl-ca or --use-system-ca" },
      { env: "SSL_CERT_DIR", severity: "warning", why: "Node.js uses its bundled Mozilla roots and reads SSL_CERT_DIR only with --use-openssl-ca or --use-system-ca" },
      { env: "REQUESTS_CA_BUNDLE", severity: "warning", why: "REQUESTS_CA_BUNDLE is read by Python's requests, not by Node.js" },
    ],
    instead: "NODE_EXTRA_CA_CERTS=<the CA file> (adds it to Node's roots)",
  },
  python: {
    reads: ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"],
    ignores: [
      { env: "SSL_CERT_FILE", severity: "info", why: "requests (and everything built on certifi) ignores SSL_CERT_FILE; only the stdlib ssl module and httpx read it" },
      { env: "NODE_EXTRA_CA_CERTS", severity: "warning", why: "NODE_EXTRA_CA_CERTS is read only by Node.js" },
    ],
    instead: "REQUESTS_CA_BUNDLE=<a full bundle that includes the CA>",
  },
  jvm: {
    reads: [],
    ignores: [
      { env: "SSL_CERT_FILE", severity: "warning", why: "the JVM reads its own trust store (cacerts), never SSL_CERT_FILE" },
      { env: "SSL_CERT_DIR", severity: "warning", why: "the JVM reads its own trust store (cacerts), never SSL_CERT_DIR" },
      { env: "NODE_EXTRA_CA_CERTS", severity: "warning", why: "the JVM reads its own trust store (cacerts), never NODE_EXTRA_CA_CERTS" },
      { env: "REQUESTS_CA_BUNDLE", severity: "warning", why: "the JVM reads its own trust store (cacerts), never REQUESTS_CA_BUNDLE" },
    ],
    instead: "-Djavax.net.ssl.trustStore=<a store holding the public roots and the CA> in JAVA_TOOL_OPTIONS, or on eclipse-temurin USE_SYSTEM_CA_CERTS=1 with the CA mounted in /certificates",
  },
  dotnet: {
    reads: ["SSL_CERT_FILE", "SSL_CERT_DIR"],
    ignores: [
      { env: "NODE_EXTRA_CA_CERTS", severity: "warning", why: ".NET reads only SSL_CERT_FILE and SSL_CERT_DIR" },
      { env: "REQUESTS_CA_BUNDLE", severity: "warning", why: ".NET reads only SSL_CERT_FILE and SSL_CERT_DIR" },
    ],
    instead: "SSL_CERT_FILE=<a full bundle> or SSL_CERT_DIR=<one directory>",
  },
};

/**
 * Directories Go's crypto/x509 scans on Linux when SSL_CERT_DIR is unset. It scans them even when
 * SSL_CERT_FILE is set: SSL_CERT_FILE replaces only the bundle-file source (root_unix.go).
 */
export const GO_CERT_DIRECTORIES: readonly string[] = ["/etc/ssl/certs", "/etc/pki/tls/certs"];
