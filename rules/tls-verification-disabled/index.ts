import { defineRule } from "../../src/engine/rule";
import { trustKnowledge } from "../../src/model/trust";

export default defineRule({
  meta: {
    id: "tls-verification-disabled",
    shortDescription: "An environment variable, flag or command turns TLS certificate verification off.",
    fullDescription:
      "Finds the switches that make a client accept any certificate: NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY (with any value, even false), CURL_CA_BUNDLE=\"\" (old requests), VAULT_SKIP_VERIFY, *_INSECURE_SKIP_TLS_VERIFY / *_SKIP_TLS_VERIFY / *_TLS_INSECURE set to true; flags such as --insecure-skip-tls-verify, --kubelet-insecure-tls, --tls-skip-verify, --skip-tls-verify and external-dns's --pdns-skip-tls-verify; and curl -k / --insecure or wget --no-check-certificate in commands, shell scripts, probes and lifecycle hooks. Known look-alikes that are not about TLS verification (external-dns --rfc2136-insecure controls TSIG) are not findings. Documented switches are errors; names that only look like one are warnings.",
    remediation: "Remove the switch and give the client the CA it needs instead (mount the CA and point the client's CA option or a full bundle at it).",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "verification", "container"],
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
  },
});
