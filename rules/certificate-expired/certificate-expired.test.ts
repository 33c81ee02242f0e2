import { testRule } from "../../test/support/rule-tester";
import { b64, indented, makeCa, makeServing } from "../../test/support/certs";
import rule from ".";

// Certificates made at test time; rule tests judge them at TEST_NOW (2026-12-04).
const ca = makeCa("Policy CA", "2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
const expiredServing = makeServing(ca, ["policy-webhook.policy.svc"], "2025-06-01T00:00:00Z", "2026-06-01T00:00:00Z");
const validServing = makeServing(ca, ["policy-webhook.policy.svc"], "2026-06-01T00:00:00Z", "2027-06-01T00:00:00Z");
const expiredCa = makeCa("Old CA", "2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
const rotatedCa = makeCa("Old CA", "2025-12-01T00:00:00Z", "2030-01-01T00:00:00Z");
const rotatingSoon = makeCa("Rotating CA", "2025-12-20T00:00:00Z", "2026-12-20T00:00:00Z");
const rotatingNext = makeCa("Rotating CA", "2026-11-01T00:00:00Z", "2030-01-01T00:00:00Z");
const soonAnchor = makeCa("identity.linkerd.cluster.local", "2025-12-20T00:00:00Z", "2026-12-20T00:00:00Z");

function tlsSecret(cert: string): string {
  return `
    apiVersion: v1
    kind: Secret
    type: kubernetes.io/tls
    metadata: {name: policy-webhook-tls, namespace: policy}
    data:
      tls.crt: ${b64(cert)}
      tls.key: ""
  `;
}

function webhook(caBundle: string, annotations = ""): string {
  return `
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata:
      name: policy-validate${annotations}
    webhooks:
      - name: policy.example.com
        admissionReviewVersions: [v1]
        sideEffects: None
        clientConfig:
          service: {namespace: policy, name: policy-webhook, path: /validate}
          caBundle: ${b64(caBundle)}
  `;
}

/** linkerd-control-plane renders identityTrustAnchorsPEM into this ConfigMap. */
const linkerdTrustRoots = (pem: string) => `
    kind: ConfigMap
    apiVersion: v1
    metadata:
      name: linkerd-identity-trust-roots
      namespace: linkerd
      labels: {linkerd.io/control-plane-component: identity}
    data:
      ca-bundle.crt: |-
${indented(pem, 8)}
  `;

testRule(rule, {
  accept: [
    { name: "a valid serving certificate and CA", yaml: tlsSecret(validServing.pem) + "---" + webhook(ca.pem) },
    {
      name: "an expired literal certificate that a cert-manager Certificate rewrites",
      yaml:
        tlsSecret(expiredServing.pem) +
        `---
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: policy-webhook, namespace: policy}
    spec:
      secretName: policy-webhook-tls
      dnsNames: [policy-webhook.policy.svc]
      issuerRef: {name: policy-ca}
  `,
    },
    { name: "an expired caBundle that cert-manager's cainjector fills (and prunes)", yaml: webhook(expiredCa.pem, "\n      annotations: {cert-manager.io/inject-ca-from: policy/policy-webhook}") },
    { name: "a trust anchor beyond a smaller horizon", yaml: linkerdTrustRoots(soonAnchor.pem), options: { expiryHorizonDays: 7 } },
    { name: "judged at a --now before expiry", yaml: tlsSecret(expiredServing.pem), now: "2026-01-01T00:00:00Z" },
  ],
  reject: [
    {
      name: "an expired CA beside another CA's certificate is still fatal for what it signed",
      yaml: webhook(expiredCa.pem + ca.pem),
      findings: [{ object: "ValidatingWebhookConfiguration/policy-validate", messageId: "expired", line: 11, column: 7, endLine: 11, endColumn: 17 + b64(expiredCa.pem + ca.pem).length, fix: "Replace the caBundle of ValidatingWebhookConfiguration", severity: "error" }],
    },
    {
      name: "a Secret shipping an expired serving certificate (tyk-helm-chart#88)",
      yaml: tlsSecret(expiredServing.pem),
      findings: [{ object: "Secret/policy/policy-webhook-tls", messageId: "expired", line: 6, column: 3, endLine: 6, endColumn: 12 + b64(expiredServing.pem).length, message: "Key tls.crt of Secret policy/policy-webhook-tls holds the certificate CN=policy-webhook.policy.svc that expired on 2026-06-01 (186 days before 2026-12-04)", fix: "Issue a new certificate and key and replace key tls.crt of Secret", severity: "error" }],
    },
    {
      name: "an expired CA as a webhook's caBundle",
      yaml: webhook(expiredCa.pem),
      findings: [{ object: "ValidatingWebhookConfiguration/policy-validate", messageId: "expired", line: 11, column: 7, endLine: 11, endColumn: 17 + b64(expiredCa.pem).length, message: "The caBundle of ValidatingWebhookConfiguration policy-validate (webhooks[0]) holds the CA certificate CN=Old CA that expired on 2026-01-01", fix: "Replace the caBundle of ValidatingWebhookConfiguration", severity: "error" }],
    },
    {
      name: "Linkerd's trust anchor expires within 30 days (linkerd2#3452)",
      yaml: linkerdTrustRoots(soonAnchor.pem),
      findings: [{ object: "ConfigMap/linkerd/linkerd-identity-trust-roots", messageId: "expiresSoon", line: 8, column: 3, endLine: 19, endColumn: 30, message: "expires on 2026-12-20, in 16 days", fix: "Replace key ca-bundle.crt of ConfigMap", severity: "warning" }],
    },
    {
      name: "an expired CA left next to its successor in a bundle",
      yaml: webhook(expiredCa.pem + rotatedCa.pem),
      findings: [{ object: "ValidatingWebhookConfiguration/policy-validate", messageId: "expiredLeftOver", line: 11, column: 7, endLine: 11, endColumn: 17 + b64(expiredCa.pem + rotatedCa.pem).length, message: "remove the old one", fix: "Remove the expired certificate from the caBundle of", severity: "info" }],
    },
    {
      name: "a CA expiring soon left next to its successor in a bundle",
      yaml: webhook(rotatingSoon.pem + rotatingNext.pem),
      findings: [{ object: "ValidatingWebhookConfiguration/policy-validate", messageId: "expiresSoonLeftOver", line: 11, column: 7, endLine: 11, endColumn: 17 + b64(rotatingSoon.pem + rotatingNext.pem).length, message: "expires on 2026-12-20, in 16 days (the horizon is 30 days): the value also holds a valid certificate", fix: "Remove the expiring certificate from the caBundle of", severity: "info" }],
    },
    {
      name: "an expired CA in the served chain is fatal even beside a valid leaf",
      yaml: tlsSecret(validServing.pem + expiredCa.pem),
      findings: [{ object: "Secret/policy/policy-webhook-tls", messageId: "expired", line: 6, column: 3, endLine: 6, endColumn: 12 + b64(validServing.pem + expiredCa.pem).length, fix: "Issue a new certificate and key and replace key tls.crt of Secret", severity: "error" }],
    },
  ],
});
