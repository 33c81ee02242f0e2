import { defineRule } from "../../src/engine/rule";

export default defineRule({
  meta: {
    id: "tls-verification-disabled",
    shortDescription: "An environment variable, flag, command, custom resource or embedded configuration turns TLS certificate verification off.",
    fullDescription:
      "Finds the switches that make a client accept any certificate: environment variables (NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY, VAULT_SKIP_VERIFY, *_INSECURE_SKIP_TLS_VERIFY and kin), flags (--insecure-skip-tls-verify, --kubelet-insecure-tls, --tls-skip-verify, ...), curl -k and wget --no-check-certificate in commands, scripts, probes and hooks; and, one knowledge row per source (src/knowledge/verification-switches.ts), insecureSkipVerify in monitoring, Traefik and Istio resources, insecure_skip_verify and tlsSkipVerify in configs held by ConfigMaps and Secrets, Argo CD insecure repository and cluster Secrets, the vault tls-skip-verify annotation, and database URLs with sslmode=disable|allow|prefer|require (info). Secret values are scanned at load and dropped. Documented switches are errors; look-alikes are warnings; NODE_TLS_REJECT_UNAUTHORIZED on an image the image table says runs another runtime (Go, JVM, ...) does nothing and is info.",
    remediation: "Remove the switch and give the client the CA it needs instead (mount the CA and point the client's CA option or a full bundle at it).",
    severity: "error",
    incident: "k",
    tags: ["security", "tls", "verification", "container", "custom-resource"],
    precision: "high",
    securitySeverity: 8.0,
    messages: {
      offInContainer: '{{setting}} in container "{{container}}" turns certificate verification off: {{effect}}, so anyone on the network path can impersonate the server.',
      inertInContainer: '{{setting}} in container "{{container}}" has no effect: {{inert}}. Elsewhere it means: {{effect}}.',
      off: "{{setting}} turns certificate verification off: {{effect}}, so anyone on the network path can impersonate the server.",
    },
  },
  check({ model, report }) {
    for (const ct of model.trustStores().containers) {
      for (const v of ct.verificationOff) {
        if (v.inert) {
          // Dead configuration, not an open door: info, so that it is removed before it matters.
          report({
            object: ct.workload.object,
            path: v.path,
            messageId: "inertInContainer",
            data: { setting: v.label, container: ct.container.name, inert: v.inert, effect: v.effect },
            fix: v.fix ?? "Remove it.",
            severity: "info",
            rootCause: `tls-verify:${ct.key}:${v.id}`,
          });
          continue;
        }
        report({
          object: ct.workload.object,
          path: v.path,
          messageId: "offInContainer",
          data: { setting: v.label, container: ct.container.name, effect: v.effect },
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
        messageId: "off",
        data: { setting: v.label, effect: v.effect },
        fix: v.fix,
        ...(v.severity ? { severity: v.severity } : v.certainty === "heuristic" ? { severity: "warning" as const } : {}),
        rootCause: `tls-verify:${v.id}`,
      });
    }
  },
});
