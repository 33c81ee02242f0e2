/**
 * Where custom resources, embedded configuration files and annotations switch certificate
 * verification off, one row per source. Sources: prometheus-operator API reference (SafeTLSConfig
 * insecureSkipVerify in ServiceMonitor/PodMonitor/Probe/ScrapeConfig/Prometheus/AlertmanagerConfig),
 * Prometheus configuration docs (tls_config insecure_skip_verify, also read by Alertmanager,
 * Loki/Promtail and Thanos), Traefik ServersTransport reference (traefik#9732), Istio
 * ClientTLSSettings.insecureSkipVerify, Grafana data source provisioning (jsonData.tlsSkipVerify,
 * grafana#114683), Argo CD declarative setup (repository `insecure`, cluster
 * `tlsClientConfig.insecure`; argo-cd#13726), Vault Agent injector annotations
 * (vault.hashicorp.com/tls-skip-verify; vault-k8s#151), libpq connection parameters (sslmode).
 */
import type { Certainty } from "./tls-verification";
import type { Severity } from "../model/types";
import { ISTIO_NETWORKING_GROUP, TRAEFIK_GROUPS } from "./edges";

/** A boolean field set to true in a custom resource, at any of the listed paths ("*" = every list item). */
export interface ResourceSwitch {
  readonly id: string;
  readonly groups: readonly string[];
  readonly kinds: readonly string[];
  readonly paths: readonly (readonly string[])[];
  /** How the message names the setting. */
  readonly setting: string;
  readonly effect: string;
  readonly fix: string;
  readonly certainty: Certainty;
  /**
   * A fix for a well-known target, chosen by a label the object selects its targets with
   * (spec.selector.matchLabels), with where its facts and any chart value it names come from.
   */
  readonly targetFixes?: readonly { readonly selectorLabel: { readonly key: string; readonly value: string }; readonly fix: string; readonly evidence: string }[];
}

const PROMETHEUS_OPERATOR = ["monitoring.coreos.com"];
const PROM_FIX = "Set tlsConfig.insecureSkipVerify: false and give tlsConfig.ca (a Secret or ConfigMap key) or caFile the CA that signed the target's certificate, and serverName the name in it.";

export const RESOURCE_SWITCHES: readonly ResourceSwitch[] = [
  {
    id: "servicemonitor",
    groups: PROMETHEUS_OPERATOR,
    kinds: ["ServiceMonitor"],
    paths: [["spec", "endpoints", "*", "tlsConfig", "insecureSkipVerify"]],
    setting: "tlsConfig.insecureSkipVerify: true",
    effect: "Prometheus accepts any certificate from the scraped endpoints (and sends them its bearer token)",
    fix: PROM_FIX,
    certainty: "documented",
    targetFixes: [
      {
        // The kubelet Service prometheus-operator maintains (--kubelet-service) carries k8s-app=kubelet.
        selectorLabel: { key: "k8s-app", value: "kubelet" },
        fix:
          "The kubelet serves a self-signed certificate unless it runs with serverTLSBootstrap: true (KubeletConfiguration) and its kubernetes.io/kubelet-serving CSRs are approved; " +
          "then its certificate chains to the cluster CA that caFile (/var/run/secrets/kubernetes.io/serviceaccount/ca.crt) already names, and insecureSkipVerify can be false " +
          "(kube-prometheus-stack: kubelet.serviceMonitor.insecureSkipVerify: false).",
        evidence:
          "Kubernetes docs \"Certificate Management with kubeadm\" (kubelet serving certs: self-signed unless serverTLSBootstrap); prometheus-operator pkg/kubelet (Service labels k8s-app=kubelet, app.kubernetes.io/name=kubelet); " +
          "prometheus-community/helm-charts charts/kube-prometheus-stack values.yaml kubelet.serviceMonitor.insecureSkipVerify (cf408a290aec) and templates/_helpers.tpl kube-prometheus-stack.kubelet.authConfig",
      },
    ],
  },
  {
    id: "podmonitor",
    groups: PROMETHEUS_OPERATOR,
    kinds: ["PodMonitor"],
    paths: [["spec", "podMetricsEndpoints", "*", "tlsConfig", "insecureSkipVerify"]],
    setting: "tlsConfig.insecureSkipVerify: true",
    effect: "Prometheus accepts any certificate from the scraped pods",
    fix: PROM_FIX,
    certainty: "documented",
  },
  {
    id: "probe-scrapeconfig",
    groups: PROMETHEUS_OPERATOR,
    kinds: ["Probe", "ScrapeConfig"],
    paths: [["spec", "tlsConfig", "insecureSkipVerify"], ["spec", "httpSDConfigs", "*", "tlsConfig", "insecureSkipVerify"], ["spec", "kubernetesSDConfigs", "*", "tlsConfig", "insecureSkipVerify"]],
    setting: "tlsConfig.insecureSkipVerify: true",
    effect: "Prometheus accepts any certificate from the probed or scraped targets",
    fix: PROM_FIX,
    certainty: "documented",
  },
  {
    id: "prometheus-remote",
    groups: PROMETHEUS_OPERATOR,
    kinds: ["Prometheus", "PrometheusAgent"],
    paths: [["spec", "remoteWrite", "*", "tlsConfig", "insecureSkipVerify"], ["spec", "remoteRead", "*", "tlsConfig", "insecureSkipVerify"], ["spec", "alerting", "alertmanagers", "*", "tlsConfig", "insecureSkipVerify"]],
    setting: "tlsConfig.insecureSkipVerify: true",
    effect: "Prometheus accepts any certificate from the remote storage or Alertmanager it sends to",
    fix: PROM_FIX,
    certainty: "documented",
  },
  {
    id: "traefik-servers-transport",
    groups: TRAEFIK_GROUPS,
    kinds: ["ServersTransport"],
    paths: [["spec", "insecureSkipVerify"]],
    setting: "insecureSkipVerify: true",
    effect: "Traefik accepts any certificate from the backends that use this transport (traefik#9732)",
    fix: "Set insecureSkipVerify: false, list the backend CA in rootCAs (rootCAsSecrets on Traefik v2) and set serverName to a name in the backend's certificate.",
    certainty: "documented",
  },
  {
    id: "traefik-servers-transport-tcp",
    groups: TRAEFIK_GROUPS,
    kinds: ["ServersTransportTCP"],
    paths: [["spec", "tls", "insecureSkipVerify"]],
    setting: "tls.insecureSkipVerify: true",
    effect: "Traefik accepts any certificate from the TCP backends that use this transport",
    fix: "Set tls.insecureSkipVerify: false, list the backend CA in tls.rootCAs and set tls.serverName.",
    certainty: "documented",
  },
  {
    id: "istio-destination-rule",
    groups: [ISTIO_NETWORKING_GROUP],
    kinds: ["DestinationRule"],
    paths: [
      ["spec", "trafficPolicy", "tls", "insecureSkipVerify"],
      ["spec", "trafficPolicy", "portLevelSettings", "*", "tls", "insecureSkipVerify"],
      ["spec", "subsets", "*", "trafficPolicy", "tls", "insecureSkipVerify"],
      ["spec", "subsets", "*", "trafficPolicy", "portLevelSettings", "*", "tls", "insecureSkipVerify"],
    ],
    setting: "tls.insecureSkipVerify: true",
    effect: "the sidecar or gateway accepts any certificate and any name from the upstream host",
    fix: "Remove insecureSkipVerify and set tls.caCertificates (or credentialName with a ca.crt key) and subjectAltNames/sni for the upstream.",
    certainty: "documented",
  },
];

/**
 * A line inside a ConfigMap or Secret value (a configuration file) that turns verification off.
 * For Secrets, only the fact "this row matched at line N of key K" survives loading; the value is
 * dropped before the model exists.
 */
export interface EmbeddedSwitch {
  readonly id: string;
  readonly kinds: readonly ("ConfigMap" | "Secret")[];
  /** Only objects with this label (value one of `values`), e.g. Argo CD's secret-type. */
  readonly objectLabel?: { readonly key: string; readonly values: readonly string[] };
  /** Only data keys with this name; any key otherwise. */
  readonly dataKey?: RegExp;
  /** Tested on each line of the value. */
  readonly line: RegExp;
  /**
   * The data key is the setting itself (Argo CD's `insecure: "true"`), not a file that holds it:
   * the message names the setting alone, without a key and line inside the value.
   */
  readonly wholeValue?: boolean;
  /** How the message names the setting. */
  readonly setting: string;
  readonly effect: string;
  readonly fix: string;
  readonly certainty: Certainty;
  /**
   * A fix for a well-known target, chosen by a label the object selects its targets with
   * (spec.selector.matchLabels), with where its facts and any chart value it names come from.
   */
  readonly targetFixes?: readonly { readonly selectorLabel: { readonly key: string; readonly value: string }; readonly fix: string; readonly evidence: string }[];
}

const ARGO_TYPE = "argocd.argoproj.io/secret-type";

export const EMBEDDED_SWITCHES: readonly EmbeddedSwitch[] = [
  {
    id: "prometheus-tls-config",
    kinds: ["ConfigMap", "Secret"],
    line: /^\s*(-\s+)?insecure_skip_verify\s*:\s*["']?true["']?\s*(#.*)?$/i,
    setting: "insecure_skip_verify: true",
    effect: "the tls_config (Prometheus, Alertmanager, Loki, Promtail, Thanos) accepts any certificate from the servers it calls",
    fix: "Set insecure_skip_verify: false and give tls_config ca_file (or ca) the CA that signed the server's certificate, with server_name when the dialled name is not in it.",
    certainty: "documented",
  },
  {
    id: "grafana-datasource",
    kinds: ["ConfigMap", "Secret"],
    line: /["']?tlsSkipVerify["']?\s*:\s*["']?true\b/,
    setting: "jsonData.tlsSkipVerify: true",
    effect: "Grafana accepts any certificate from the data source (grafana#114683)",
    fix: "Remove tlsSkipVerify, set jsonData.tlsAuthWithCACert: true and secureJsonData.tlsCACert to the data source's CA.",
    certainty: "documented",
  },
  {
    id: "argocd-repository",
    kinds: ["Secret"],
    objectLabel: { key: ARGO_TYPE, values: ["repository", "repo-creds"] },
    dataKey: /^insecure$/,
    line: /^\s*["']?true["']?\s*$/i,
    wholeValue: true,
    setting: "insecure: \"true\"",
    effect: "Argo CD accepts any certificate (and any SSH host key) from the repository server (argo-cd#13726)",
    fix: "Remove `insecure` and add the repository server's CA to the argocd-tls-certs-cm ConfigMap (keyed by the host name).",
    certainty: "documented",
  },
  {
    id: "argocd-cluster",
    kinds: ["Secret"],
    objectLabel: { key: ARGO_TYPE, values: ["cluster"] },
    dataKey: /^config$/,
    line: /["']?insecure["']?\s*:\s*["']?true\b/,
    setting: "tlsClientConfig.insecure: true",
    effect: "Argo CD accepts any certificate from the cluster's API server",
    fix: "Set tlsClientConfig.insecure: false and put the cluster CA in tlsClientConfig.caData.",
    certainty: "documented",
  },
];

/** Rows of EMBEDDED_SWITCHES that apply to an object of this kind and these labels. */
export function embeddedSwitchesFor(kind: string, labels: Readonly<Record<string, unknown>>): EmbeddedSwitch[] {
  return EMBEDDED_SWITCHES.filter((s) => (s.kinds as readonly string[]).includes(kind) && (!s.objectLabel || s.objectLabel.values.includes(typeof labels[s.objectLabel.key] === "string" ? (labels[s.objectLabel.key] as string) : "")));
}

/** Each (row, 0-based line) where a value matches. The text itself is never kept. */
export function embeddedSwitchLines(rows: readonly EmbeddedSwitch[], dataKey: string, text: string): { readonly id: string; readonly line: number }[] {
  const applicable = rows.filter((r) => !r.dataKey || r.dataKey.test(dataKey));
  if (applicable.length === 0) return [];
  const out: { id: string; line: number }[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.length > 4096) return; // No configuration line is this long; bounds the regex work on hostile input.
    if (/^\s*(#|\/\/)/.test(line)) return; // A commented-out example (YAML, or JSON with comments) is not in force.
    for (const r of applicable) if (r.line.test(line)) out.push({ id: r.id, line: i });
  });
  return out;
}

/** A pod annotation whose true value turns verification off. */
export interface AnnotationSwitch {
  readonly annotation: string;
  readonly effect: string;
  readonly fix: string;
  readonly certainty: Certainty;
  /**
   * A fix for a well-known target, chosen by a label the object selects its targets with
   * (spec.selector.matchLabels), with where its facts and any chart value it names come from.
   */
  readonly targetFixes?: readonly { readonly selectorLabel: { readonly key: string; readonly value: string }; readonly fix: string; readonly evidence: string }[];
}

export const ANNOTATION_SWITCHES: readonly AnnotationSwitch[] = [
  {
    annotation: "vault.hashicorp.com/tls-skip-verify",
    effect: "the injected Vault Agent accepts any certificate from the Vault server, and hands the secrets it fetched to the application (vault-k8s#151)",
    fix: "Remove the annotation and set vault.hashicorp.com/ca-cert (a path in the pod) or vault.hashicorp.com/tls-secret with the Vault CA.",
    certainty: "documented",
  },
];

/** A connection-string parameter that allows an unverified (or unencrypted) connection. */
export interface UrlParameterSwitch {
  readonly id: string;
  /** Group 1 is the value. */
  readonly pattern: RegExp;
  readonly values: Readonly<Record<string, { readonly effect: string; readonly severity: Severity }>>;
  readonly fix: string;
}

export const URL_PARAMETER_SWITCHES: readonly UrlParameterSwitch[] = [
  {
    id: "libpq-sslmode",
    pattern: /(?:^|[?&\s;])sslmode=(disable|allow|prefer|require)(?=$|[&\s;])/i,
    values: {
      disable: { effect: "the PostgreSQL connection is not encrypted", severity: "info" },
      allow: { effect: "libpq tries plaintext first and never verifies a certificate", severity: "info" },
      prefer: { effect: "libpq falls back to plaintext and never verifies the server certificate", severity: "info" },
      require: { effect: "the PostgreSQL connection is encrypted but the server certificate is not verified (libpq verifies only with verify-ca or verify-full)", severity: "info" },
    },
    fix: "Use sslmode=verify-full with sslrootcert pointing at the database CA.",
  },
];
