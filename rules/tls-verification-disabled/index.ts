import { defineRule } from "../../src/engine/rule";
import { trustKnowledge } from "../../src/model/trust";

export default defineRule({
  meta: {
    id: "tls-verification-disabled",
    shortDescription: "An environment variable, flag, command, custom resource or embedded configuration turns TLS certificate verification off.",
    fullDescription:
      "Finds the switches that make a client accept any certificate: NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY (with any value, even false), CURL_CA_BUNDLE=\"\" (old requests), VAULT_SKIP_VERIFY, *_INSECURE_SKIP_TLS_VERIFY / *_SKIP_TLS_VERIFY / *_TLS_INSECURE set to true; flags such as --insecure-skip-tls-verify, --kubelet-insecure-tls, --tls-skip-verify, --skip-tls-verify and external-dns's --pdns-skip-tls-verify; and curl -k / --insecure or wget --no-check-certificate in commands, shell scripts, probes and lifecycle hooks. Known look-alikes that are not about TLS verification (external-dns --rfc2136-insecure controls TSIG) are not findings. Also inside custom resources and configuration files (one row each in src/knowledge/verification-switches.ts): insecureSkipVerify in ServiceMonitor/PodMonitor/Probe/ScrapeConfig/Prometheus tlsConfig, Traefik ServersTransport(TCP) and Istio DestinationRule TLS settings; insecure_skip_verify in Prometheus/Alertmanager/Loki configs held by ConfigMaps and Secrets; jsonData.tlsSkipVerify in Grafana data source provisioning; Argo CD repository Secrets with insecure: \"true\" and cluster Secrets with tlsClientConfig.insecure; the vault.hashicorp.com/tls-skip-verify pod annotation; and database URLs in env with sslmode=disable|allow|prefer|require (info: libpq never verifies the server certificate in those modes). Secret values are scanned when loaded and dropped; only the key and line of a match are kept. Documented switches are errors; names that only look like one are warnings.",
    remediation: "Remove the switch and give the client the CA it needs instead (mount the CA and point the client's CA option or a full bundle at it).",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "verification", "container", "custom-resource"],
    precision: "high",
    securitySeverity: 8.0,
  },
  check({ model, report }) {
    for (const ct of model.containerTrust(trustKnowledge()).containers) {
      for (const v of ct.verificationOff) {
        report({
          object: ct.workload.object,
          path: v.path,
          message: `${v.label} in container "${ct.container.name}" turns certificate verification off: ${v.effect}, so anyone on the network path can impersonate the server.`,
          fix: v.fix ?? "Remove it and provide the CA instead.",
          ...(v.certainty === "heuristic" ? { severity: "warning" as const } : {}),
          rootCause: `tls-verify:${ct.key}:${v.id}`,
        });
      }
    }
    for (const v of model.verificationSwitches()) {
      report({
        object: v.object,
        path: v.path,
        ...(v.valueLine !== undefined ? { valueLine: v.valueLine } : {}),
        message: `${v.label} turns certificate verification off: ${v.effect}, so anyone on the network path can impersonate the server.`,
        fix: v.fix,
        ...(v.severity ? { severity: v.severity } : v.certainty === "heuristic" ? { severity: "warning" as const } : {}),
        rootCause: `tls-verify:${v.id}`,
      });
    }
  },
});
