/**
 * What trustlint knows about container images: the runtime that decides which CA settings are
 * read, the trust-store layout of the base (which bundle files and directories exist without any
 * mount), the environment the image sets, and entrypoint hooks. Users extend it with
 * `knowledge.images` in .trustlint.yaml; their entries are consulted first. Matching an image
 * reference against these entries is src/model/images.ts.
 *
 * Sources: ../shared/reference/trust-facts.md §1a–§1b: distroless static/static.bzl (env
 * SSL_CERT_FILE, inherited by base, cc, java, nodejs, python3), rules_distroless cacerts.sh (one
 * concatenated bundle, no hash links), distroless java.bzl (/etc/ssl/certs/java/cacerts),
 * external-dns .ko.yaml (ko on gcr.io/distroless/static-debian12 since v0.13.6), bitnami
 * external-dns Dockerfile (minideb + ca-certificates, no SSL_CERT_FILE), adoptium/containers
 * docker_templates/entrypoint.sh (USE_SYSTEM_CA_CERTS, /certificates/*crt, JAVA_HOME cacerts).
 */

/** The language runtime whose TLS stack decides which CA settings a container reads. */
export type Runtime = "go" | "node" | "python" | "jvm" | "dotnet" | "unknown";
export const RUNTIMES: readonly Runtime[] = ["go", "node", "python", "jvm", "dotnet", "unknown"];

export const RUNTIME_NAMES: Record<Runtime, string> = {
  go: "Go",
  node: "Node.js",
  python: "Python",
  jvm: "JVM",
  dotnet: ".NET",
  unknown: "unknown",
};

/** Where a base image keeps its trust store. */
export interface TrustLayout {
  readonly description: string;
  /** Bundle files that exist in the image (each holds the full public root set). */
  readonly files: readonly string[];
  /** Populated trust directories. */
  readonly directories: readonly string[];
  /**
   * Directories whose TLS-relevant content is exactly the listed files (no per-certificate files
   * or hash links): a volume replacing those files with full bundles there loses nothing.
   */
  readonly exactDirectories: readonly string[];
  /** Environment the base image sets. */
  readonly env: Readonly<Record<string, string>>;
}

export type LayoutName = "distroless" | "distroless-java" | "debian" | "alpine" | "rhel";
export const LAYOUT_NAMES: readonly LayoutName[] = ["distroless", "distroless-java", "debian", "alpine", "rhel"];

export const LAYOUTS: Readonly<Record<LayoutName, TrustLayout>> = {
  distroless: {
    description: "distroless (one concatenated bundle, SSL_CERT_FILE set in the image)",
    files: ["/etc/ssl/certs/ca-certificates.crt"],
    directories: ["/etc/ssl/certs"],
    exactDirectories: ["/etc/ssl/certs"],
    env: { SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt" },
  },
  "distroless-java": {
    description: "distroless java (bundle plus the JVM store in /etc/ssl/certs/java)",
    files: ["/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs/java/cacerts"],
    directories: ["/etc/ssl/certs", "/etc/ssl/certs/java"],
    exactDirectories: ["/etc/ssl/certs", "/etc/ssl/certs/java"],
    env: { SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt" },
  },
  debian: {
    description: "Debian/Ubuntu with ca-certificates (bundle plus hashed per-certificate links)",
    files: ["/etc/ssl/certs/ca-certificates.crt"],
    directories: ["/etc/ssl/certs", "/usr/share/ca-certificates"],
    exactDirectories: [],
    env: {},
  },
  alpine: {
    description: "Alpine (ca-certificates bundle)",
    files: ["/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cert.pem"],
    directories: ["/etc/ssl/certs"],
    exactDirectories: [],
    env: {},
  },
  rhel: {
    description: "RHEL/UBI/Fedora/Amazon Linux (update-ca-trust layout)",
    files: ["/etc/pki/tls/certs/ca-bundle.crt", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/pki/tls/cert.pem", "/etc/ssl/certs/ca-bundle.crt"],
    directories: ["/etc/pki/tls/certs", "/etc/pki/ca-trust/extracted/pem", "/etc/ssl/certs"],
    // extracted/pem also holds email and object-signing bundles, which TLS clients never read.
    exactDirectories: ["/etc/pki/ca-trust/extracted/pem"],
    env: {},
  },
};

/** One entry of the image table. Fields left out are taken from the next matching entry. */
export interface ImageProfile {
  /** Globs on the normalised repository (`docker.io/library/node`): `*` within a path segment, `**` across segments. */
  readonly image: string | readonly string[];
  /** Optional glob on the tag (`*alpine*`). */
  readonly tag?: string;
  readonly runtime?: Runtime;
  readonly layout?: LayoutName;
  /** Environment the image sets on top of its base layout's. */
  readonly env?: Readonly<Record<string, string>>;
  /** More bundle files the image ships (a JVM's cacerts). */
  readonly files?: readonly string[];
  /** More trust directories the image populates (a JVM's lib/security). */
  readonly directories?: readonly string[];
  /** The image's entrypoint is eclipse-temurin's /__cacert_entrypoint.sh (USE_SYSTEM_CA_CERTS, /certificates). */
  readonly cacertHook?: boolean;
  /** What this image is, for messages. */
  readonly description?: string;
}

const TEMURIN_JAVA_HOME = "/opt/java/openjdk";

/**
 * The built-in table. Order matters: for each field, the first matching entry that sets it wins,
 * so narrow entries (a tag variant) come before broad ones.
 */
export const DEFAULT_IMAGES: readonly ImageProfile[] = [
  // Official images: the tag names the base.
  { image: "docker.io/library/*", tag: "*alpine*", layout: "alpine" },
  { image: ["docker.io/library/eclipse-temurin", "docker.io/library/ibm-semeru-runtimes"], tag: "*ubi*", layout: "rhel" },
  { image: "mcr.microsoft.com/dotnet/**", tag: "*alpine*", layout: "alpine" },

  // external-dns: the upstream image is ko-built on distroless static since v0.13.6; bitnami's is minideb.
  { image: "**/external-dns/external-dns", runtime: "go", layout: "distroless", description: "external-dns, ko-built on distroless static" },
  { image: ["**/bitnami/external-dns", "**/bitnamilegacy/external-dns"], runtime: "go", layout: "debian", description: "bitnami external-dns, Debian without SSL_CERT_FILE" },
  { image: "**/external-dns", runtime: "go", description: "external-dns" },

  // Other Go controllers commonly found next to trust problems.
  { image: ["quay.io/jetstack/cert-manager-*", "quay.io/jetstack/trust-manager", "**/jetstack/cert-manager-*"], runtime: "go", description: "cert-manager" },
  { image: ["ghcr.io/external-secrets/external-secrets", "oci.external-secrets.io/external-secrets/external-secrets"], runtime: "go", description: "external-secrets" },
  { image: ["registry.k8s.io/metrics-server/metrics-server", "registry.k8s.io/kube-state-metrics/kube-state-metrics", "registry.k8s.io/autoscaling/cluster-autoscaler", "registry.k8s.io/ingress-nginx/controller"], runtime: "go" },
  { image: ["registry.k8s.io/kube-apiserver", "registry.k8s.io/kube-controller-manager", "registry.k8s.io/kube-scheduler", "registry.k8s.io/kube-proxy", "registry.k8s.io/coredns/coredns"], runtime: "go" },
  { image: ["public.ecr.aws/eks/aws-load-balancer-controller", "public.ecr.aws/karpenter/controller", "quay.io/argoproj/argocd", "ghcr.io/fluxcd/*", "docker.io/hashicorp/vault", "docker.io/library/traefik", "docker.io/traefik/traefik", "quay.io/prometheus/*", "docker.io/grafana/loki", "docker.io/grafana/alloy", "ghcr.io/kyverno/*", "docker.io/velero/velero"], runtime: "go" },

  // Distroless bases.
  { image: "gcr.io/distroless/java*", runtime: "jvm", layout: "distroless-java", description: "distroless java" },
  { image: "gcr.io/distroless/nodejs*", runtime: "node", layout: "distroless", description: "distroless nodejs" },
  { image: "gcr.io/distroless/python3*", runtime: "python", layout: "distroless", description: "distroless python3" },
  { image: ["gcr.io/distroless/static*", "gcr.io/distroless/base*", "gcr.io/distroless/cc*"], layout: "distroless", description: "distroless" },

  // Node.js.
  { image: ["docker.io/library/node", "docker.io/bitnami/node", "cgr.dev/chainguard/node"], runtime: "node", description: "Node.js" },
  { image: ["registry.access.redhat.com/ubi*/nodejs-*", "registry.redhat.io/ubi*/nodejs-*"], runtime: "node", layout: "rhel", description: "UBI Node.js" },

  // Python.
  { image: "docker.io/library/python", runtime: "python", layout: "debian", description: "Python" },
  { image: ["docker.io/bitnami/python", "docker.io/apache/airflow"], runtime: "python", layout: "debian", description: "Python" },
  { image: ["registry.access.redhat.com/ubi*/python-*", "registry.redhat.io/ubi*/python-*"], runtime: "python", layout: "rhel", description: "UBI Python" },
  { image: "cgr.dev/chainguard/python", runtime: "python", description: "Python" },

  // JVM. eclipse-temurin and the official images built on it keep its CA entrypoint hook.
  {
    image: ["docker.io/library/eclipse-temurin", "docker.io/library/tomcat", "docker.io/library/gradle"],
    runtime: "jvm",
    layout: "debian",
    cacertHook: true,
    files: [`${TEMURIN_JAVA_HOME}/lib/security/cacerts`],
    directories: [`${TEMURIN_JAVA_HOME}/lib/security`],
    description: "eclipse-temurin",
  },
  { image: ["docker.io/library/amazoncorretto"], runtime: "jvm", layout: "rhel", description: "Amazon Corretto" },
  { image: ["docker.io/library/openjdk", "docker.io/library/maven", "docker.io/library/ibm-semeru-runtimes", "docker.io/bitnami/java", "docker.io/jenkins/jenkins", "quay.io/keycloak/keycloak", "docker.io/bitnami/keycloak", "docker.io/bitnami/kafka", "docker.io/apache/kafka", "docker.io/confluentinc/cp-*", "docker.elastic.co/elasticsearch/elasticsearch", "docker.io/library/sonarqube"], runtime: "jvm", description: "JVM" },

  // .NET (default tags are Debian).
  { image: ["mcr.microsoft.com/dotnet/aspnet", "mcr.microsoft.com/dotnet/runtime", "mcr.microsoft.com/dotnet/runtime-deps", "mcr.microsoft.com/dotnet/sdk"], runtime: "dotnet", layout: "debian", description: ".NET" },

  // Plain bases.
  { image: ["docker.io/library/debian", "docker.io/library/ubuntu", "docker.io/bitnami/minideb"], layout: "debian" },
  { image: "docker.io/library/alpine", layout: "alpine" },
  { image: ["registry.access.redhat.com/ubi*", "registry.access.redhat.com/ubi*/ubi*", "registry.redhat.io/ubi*/ubi*", "docker.io/library/fedora", "docker.io/library/amazonlinux"], layout: "rhel" },
];

/** JSON Schema for the `images` option (one extra table entry each; consulted before the built-in table). */
export const IMAGES_OPTION_SCHEMA = {
  type: "array",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["image"],
    properties: {
      image: { anyOf: [{ type: "string", minLength: 1 }, { type: "array", minItems: 1, items: { type: "string", minLength: 1 } }] },
      tag: { type: "string", minLength: 1 },
      runtime: { enum: RUNTIMES },
      layout: { enum: LAYOUT_NAMES },
      env: { type: "object", additionalProperties: { type: "string" } },
      files: { type: "array", items: { type: "string", pattern: "^/" } },
      directories: { type: "array", items: { type: "string", pattern: "^/" } },
      cacertHook: { type: "boolean" },
      description: { type: "string" },
    },
  },
} as const;

/** A parsed image reference: `registry/path` without tag or digest, and the tag. */
export interface ImageRef {
  readonly repository: string;
  readonly tag: string | undefined;
}
