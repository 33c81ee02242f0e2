/**
 * Where TLS servers read their serving certificate: directory flags and the files they open there,
 * file flags and env variables, and names a server checks its own certificate for. Data, with the
 * source of each entry; users extend it under `knowledge: servers:` in .trustlint.yaml.
 */
import { MATCH_SCHEMA, VALUE_REF_SCHEMA } from "./cert-controllers";
import type { ControllerMatch, ValueRef } from "./cert-controllers";

export interface ServerEntry {
  readonly id: string;
  readonly description: string;
  readonly evidence: readonly string[];
  readonly match: ControllerMatch;
  /** The directory the server reads, and the files it needs there. */
  readonly certDir: { readonly dir: ValueRef; readonly files: readonly string[] };
  /** A DNS name the server verifies its own certificate for at start-up (and exits when it does not match). */
  readonly selfCheckName?: ValueRef;
}

export const KNOWN_SERVERS: readonly ServerEntry[] = [
  {
    id: "external-secrets-webhook",
    description: "external-secrets webhook",
    evidence: [
      "external-secrets/external-secrets cmd/controller/webhook.go:67-72,90,274 (reads tls.crt, tls.key and ca.crt from --cert-dir, default /tmp/k8s-webhook-server/serving-certs; CheckCerts verifies tls.crt against ca.crt for --dns-name)",
      "deploy/charts/external-secrets/templates/webhook-deployment.yaml (args webhook --dns-name=<svc>.<ns>.svc --cert-dir=<webhook.certDir>)",
      "operator-framework/operator-lifecycle-manager#3480 (open .../serving-certs/ca.crt: no such file)",
    ],
    match: { argv0: "webhook", flags: { "--dns-name": "*" } },
    certDir: { dir: { flag: "--cert-dir", default: "/tmp/k8s-webhook-server/serving-certs" }, files: ["tls.crt", "tls.key", "ca.crt"] },
    selfCheckName: { flag: "--dns-name" },
  },
  {
    id: "gatekeeper-webhook",
    description: "Gatekeeper webhook",
    evidence: ["open-policy-agent/gatekeeper main.go:94,118,443 (--cert-dir default /certs; serves tls.crt and tls.key from it)"],
    match: { image: "gatekeeper", flags: { "--operation": "webhook" } },
    certDir: { dir: { flag: "--cert-dir", default: "/certs" }, files: ["tls.crt", "tls.key"] },
  },
];

/**
 * Any other server with `--cert-dir`: controller-runtime's webhook server reads tls.crt and tls.key
 * there (sigs.k8s.io/controller-runtime pkg/webhook/server.go defaults CertName/KeyName). Checked
 * only when the directory is fed by a Secret, ConfigMap or projected volume: a directory on an
 * emptyDir is where programs such as kube-apiserver write self-signed certificates.
 */
export const GENERIC_CERT_DIR = { flag: "--cert-dir", files: ["tls.crt", "tls.key"] } as const;

/** Flags whose value is the serving certificate or key file of the process. */
export const CERT_FILE_FLAGS: readonly string[] = [
  "--tls-cert-file",
  "--tls-private-key-file",
  "--tls-key-file",
  "--tls-cert",
  "--tls-key",
  "--validating-webhook-certificate",
  "--validating-webhook-key",
];

/** Env variables whose value is the serving certificate or key file (vault-helm injector-deployment.yaml:74-77). */
export const CERT_FILE_ENV: readonly string[] = ["AGENT_INJECT_TLS_CERT_FILE", "AGENT_INJECT_TLS_KEY_FILE"];

/** JSON schema of one ServerEntry, for the `extraServers` option. */
export const SERVER_ENTRY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["id", "description", "evidence", "match", "certDir"],
  properties: {
    id: { type: "string", minLength: 1 },
    description: { type: "string", minLength: 1 },
    evidence: { type: "array", items: { type: "string" } },
    match: MATCH_SCHEMA,
    certDir: { type: "object", additionalProperties: false, required: ["dir", "files"], properties: { dir: VALUE_REF_SCHEMA, files: { type: "array", items: { type: "string", minLength: 1 } } } },
    selfCheckName: VALUE_REF_SCHEMA,
  },
} as const;

export const EXTRA_SERVERS_OPTION = { type: "array", items: SERVER_ENTRY_SCHEMA } as const;
