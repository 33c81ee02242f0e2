/**
 * Settings that switch certificate verification off. Sources: ../shared/reference/trust-facts.md
 * §1a (Node.js NODE_TLS_REJECT_UNAUTHORIZED, PEP 493 PYTHONHTTPSVERIFY, git http.c
 * GIT_SSL_NO_VERIFY, psf/requests#6074 CURL_CA_BUNDLE=""), §1c and §1k (metrics-server
 * --kubelet-insecure-tls; external-dns types.go skip-verify flags and --rfc2136-insecure, which is
 * about TSIG), curl docs (-k/--insecure).
 */

/** How sure a match is: a documented switch (error) or a name that only looks like one (warning). */
export type Certainty = "documented" | "heuristic";

import type { Runtime } from "./images";

export interface VerifyEnvRule {
  /** Exact name, or a pattern on the name. */
  readonly name: string | RegExp;
  /** Whether the value turns verification off. */
  readonly disables: (value: string) => boolean;
  readonly certainty: Certainty;
  /** What it does, for the message. */
  readonly effect: string;
  /**
   * The runtime whose TLS stack reads it, when only one does: on an image the image table says
   * runs another runtime the variable does nothing (tls-verification-disabled says so, as info).
   */
  readonly runtime?: Runtime;
  /**
   * The variables that hold the address the switch applies to (the server the client dials). When
   * each one set is a loopback address, the connection never leaves the pod's network namespace
   * and nobody on a network path can answer it: the switch is not reported (Kong's ingress
   * controller dials the admin API of its own pod at https://localhost:8444 with
   * CONTROLLER_KONG_ADMIN_TLS_SKIP_VERIFY=true, kong/charts templates/_helpers.tpl).
   */
  readonly targets?: (name: string) => readonly string[];
}

/** Suffixes of the variable that names a client's server, after the switch's prefix (CONTROLLER_KONG_ADMIN_ + URL). */
const TARGET_SUFFIXES: readonly string[] = ["URL", "URLS", "ADDR", "ADDRESS", "ENDPOINT", "HOST"];

/** `<PREFIX>_<switch>` → `<PREFIX>_URL`, `<PREFIX>_ADDR`, ...: the server of the same prefix. */
function prefixTargets(pattern: RegExp): (name: string) => readonly string[] {
  return (name) => {
    const m = pattern.exec(name);
    if (!m || m.index === 0) return [];
    const prefix = name.slice(0, m.index);
    return TARGET_SUFFIXES.map((s) => `${prefix}_${s}`);
  };
}

/** A variable whose name only looks like a verification switch; its server is the variable of the same prefix. */
function lookAlike(name: RegExp, disables: (value: string) => boolean, effect: string): VerifyEnvRule {
  return { name, disables, certainty: "heuristic", effect, targets: prefixTargets(name) };
}

/** Host names and addresses that never leave the pod's network namespace. */
export const LOOPBACK_HOSTS: readonly RegExp[] = [/^localhost$/i, /^127(\.\d{1,3}){3}$/, /^\[?::1\]?$/];

const TRUTHY = /^(1|true|yes|on|y)$/i;
const FALSY = /^(0|false|no|off|n)$/i;

export const VERIFY_ENV: readonly VerifyEnvRule[] = [
  // Read by Node.js's tls module only (lib/internal/options, tls.checkServerIdentity callers); a Go
  // binary on distroless never looks at it. PYTHONHTTPSVERIFY gets no runtime: Node images such as
  // node:20 ship a python3 that reads it.
  { name: "NODE_TLS_REJECT_UNAUTHORIZED", disables: (v) => v === "0", certainty: "documented", effect: "Node.js accepts any certificate", runtime: "node" },
  { name: "PYTHONHTTPSVERIFY", disables: (v) => v === "0", certainty: "documented", effect: "Python's stdlib HTTPS stops verifying certificates (PEP 493)" },
  // git checks only whether the variable exists: GIT_SSL_NO_VERIFY=false disables verification too.
  { name: "GIT_SSL_NO_VERIFY", disables: () => true, certainty: "documented", effect: "git stops verifying certificates whatever the value (even false or empty)" },
  { name: "CURL_CA_BUNDLE", disables: (v) => v === "", certainty: "heuristic", effect: "Python requests before 2.28 (psf/requests#6074) treat an empty CURL_CA_BUNDLE as verify=False" },
  { name: "VAULT_SKIP_VERIFY", disables: (v) => TRUTHY.test(v), certainty: "documented", effect: "the Vault client stops verifying the server certificate", targets: () => ["VAULT_ADDR"] },
  lookAlike(/(^|_)TLS_INSECURE$/, (v) => TRUTHY.test(v), "the client skips certificate verification (external-dns tlsutils reads <PREFIX>_TLS_INSECURE)"),
  lookAlike(/(^|_)INSECURE_SKIP_(TLS_)?VERIFY$/, (v) => TRUTHY.test(v), "the client skips certificate verification"),
  lookAlike(/(^|_)(SKIP_TLS_VERIFY|TLS_SKIP_VERIFY|SKIP_SSL_VERIFY|SSL_SKIP_VERIFY)$/, (v) => TRUTHY.test(v), "the client skips certificate verification"),
  lookAlike(/(^|_)(TLS_VERIFY|SSL_VERIFY|VERIFY_SSL|VERIFY_TLS)$/, (v) => FALSY.test(v), "the client skips certificate verification"),
];

export interface VerifyFlagRule {
  readonly flag: string;
  readonly certainty: Certainty;
  readonly effect: string;
  /** A fix specific to this flag. */
  readonly fix?: string;
}

/** Flags known to disable verification. Boolean flags: `--f`, `--f=true` disable; `--f=false` does not. */
export const VERIFY_FLAGS: readonly VerifyFlagRule[] = [
  { flag: "--insecure-skip-tls-verify", certainty: "documented", effect: "the Kubernetes client accepts any API server certificate", fix: "Remove the flag and give the client the cluster CA (--certificate-authority=/var/run/secrets/kubernetes.io/serviceaccount/ca.crt, or the kubeconfig's certificate-authority-data)." },
  {
    flag: "--kubelet-insecure-tls",
    certainty: "documented",
    effect: "metrics-server accepts any kubelet serving certificate",
    fix: "Remove the flag and have kubelets serve certificates signed by the cluster CA (KubeletConfiguration serverTLSBootstrap: true, then approve the kubelet-serving CSRs), and pass --kubelet-certificate-authority if the CA is not the service-account one.",
  },
  { flag: "--tls-skip-verify", certainty: "documented", effect: "the client accepts any server certificate" },
  { flag: "--skip-tls-verify", certainty: "documented", effect: "the client accepts any server certificate" },
  { flag: "--insecure-skip-verify", certainty: "documented", effect: "the client accepts any server certificate" },
  { flag: "--tls-insecure-skip-verify", certainty: "documented", effect: "the client accepts any server certificate" },
  { flag: "--rfc2136-skip-tls-verify", certainty: "documented", effect: "external-dns accepts any certificate from the RFC2136 server" },
  { flag: "--pdns-skip-tls-verify", certainty: "documented", effect: "external-dns accepts any certificate from the PowerDNS API" },
  { flag: "--pihole-tls-skip-verify", certainty: "documented", effect: "external-dns accepts any certificate from Pi-hole" },
];

/** Flag names that look like "skip verification" but are not about TLS verification. */
export const NOT_TLS_VERIFICATION_FLAGS: ReadonlyMap<string, string> = new Map([
  ["--rfc2136-insecure", "external-dns: whether to attach TSIG to DNS updates"],
  ["--insecure-port", "kube-apiserver: the plain-HTTP serving port"],
  ["--insecure-bind-address", "kube-apiserver: the plain-HTTP bind address"],
  ["--insecure-registry", "dockerd: a registry reached over HTTP"],
  ["--insecure-experimental-approve-all-kubelet-csrs-for-group", "kube-controller-manager: CSR auto-approval"],
]);

/** Names of other flags that look like a verification switch: reported as heuristic. */
export const VERIFY_FLAG_PATTERN = /^--([a-z0-9]+-)*(insecure-skip-(tls-)?verify|skip-(tls-|ssl-)?verify|(tls|ssl)-skip-verify|(tls|ssl)-insecure|insecure-(tls|ssl)|no-verify-(tls|ssl)|no-check-certificates?)$/;

/** Command-line tools and their verification switches, found in exec'd commands and shell scripts. */
export const INSECURE_TOOL_OPTIONS: Readonly<Record<string, { readonly long: readonly string[]; readonly short?: string }>> = {
  curl: { long: ["--insecure", "--proxy-insecure", "--doh-insecure"], short: "k" },
  wget: { long: ["--no-check-certificate"] },
};
