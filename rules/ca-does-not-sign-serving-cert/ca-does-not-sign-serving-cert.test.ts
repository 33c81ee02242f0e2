import { testRule } from "../../test/support/rule-tester";
import { b64, indented, makeCa, makeCert, makeServing } from "../../test/support/certs";
import rule from ".";

const FROM = "2026-01-01T00:00:00Z";
const TO = "2027-06-01T00:00:00Z";
const ca = makeCa("policy-webhook-ca", FROM, "2036-01-01T00:00:00Z");
// The same template's genCA run a second time (a second template, or the next upgrade): same name, another key.
const regenerated = makeCa("policy-webhook-ca", FROM, "2036-01-01T00:00:00Z");
const otherCa = makeCa("cluster-ca", FROM, "2036-01-01T00:00:00Z");
const DNS = ["policy-webhook.policy.svc"];
const leaf = makeServing(ca, DNS, FROM, TO);
const leafOfOther = makeServing(otherCa, DNS, FROM, TO);
const intermediate = makeCert({ cn: "policy-webhook-intermediate", notBefore: FROM, notAfter: "2030-01-01T00:00:00Z", isCA: true, keyUsage: ["keyCertSign", "cRLSign"], issuer: ca });
const leafOfIntermediate = makeServing(intermediate, DNS, FROM, TO);
const paymentsLeaf = makeServing(ca, ["payments.payments.svc"], FROM, TO);
// Sprig's genSelfSignedCert: the certificate is its own caBundle.
const selfSigned = makeCert({ cn: DNS[0], dnsNames: DNS, notBefore: FROM, notAfter: TO, keyUsage: ["digitalSignature", "keyEncipherment"], extKeyUsage: ["serverAuth"] });
const otherSelfSigned = makeCert({ cn: DNS[0], dnsNames: DNS, notBefore: FROM, notAfter: TO, keyUsage: ["digitalSignature", "keyEncipherment"], extKeyUsage: ["serverAuth"] });

/**
 * A policy webhook chart as charts without cert-manager write it (kube-prometheus-stack's
 * admission webhook, gatekeeper-style): a caBundle and a kubernetes.io/tls Secret from genCA and
 * genSignedCert, the server reading --tls-cert-file from the mounted Secret.
 */
function webhook(caBundle: string, tlsCrt: string, extra = ""): string {
  return `
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata:
      name: policy-webhook${extra}
    webhooks:
      - name: validate.policy.example.com
        admissionReviewVersions: [v1]
        sideEffects: None
        clientConfig:
          service: {name: policy-webhook, namespace: policy, path: /validate}
          caBundle: ${caBundle}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: policy-webhook, namespace: policy}
    spec:
      selector: {app: policy-webhook}
      ports: [{name: https, port: 443, targetPort: 9443}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: policy-webhook, namespace: policy}
    spec:
      selector: {matchLabels: {app: policy-webhook}}
      template:
        metadata: {labels: {app: policy-webhook}}
        spec:
          containers:
            - name: webhook
              image: registry.example.com/policy/webhook:2.3.0
              args: [--tls-cert-file=/certs/tls.crt, --tls-private-key-file=/certs/tls.key, --port=9443]
              volumeMounts: [{name: certs, mountPath: /certs, readOnly: true}]
          volumes:
            - name: certs
              secret: {secretName: policy-webhook-tls}
    ---
    apiVersion: v1
    kind: Secret
    type: kubernetes.io/tls
    metadata: {name: policy-webhook-tls, namespace: policy}
    data:
      tls.crt: ${tlsCrt}
      tls.key: ""
  `;
}

/** metrics-server with tls.type: helm: the APIService's caBundle and the Secret the pods mount (no server setting names the files). */
function metricsServer(caBundle: string, tlsCrt: string): string {
  return `
    apiVersion: apiregistration.k8s.io/v1
    kind: APIService
    metadata: {name: v1beta1.metrics.k8s.io}
    spec:
      group: metrics.k8s.io
      version: v1beta1
      groupPriorityMinimum: 100
      versionPriority: 100
      service: {name: metrics-server, namespace: kube-system}
      caBundle: ${caBundle}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: metrics-server, namespace: kube-system}
    spec:
      selector: {app: metrics-server}
      ports: [{name: https, port: 443, targetPort: 10250}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: metrics-server, namespace: kube-system}
    spec:
      selector: {matchLabels: {app: metrics-server}}
      template:
        metadata: {labels: {app: metrics-server}}
        spec:
          containers:
            - name: metrics-server
              image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
              volumeMounts: [{name: tmp, mountPath: /tmp}, {name: certs, mountPath: /etc/certs}]
          volumes:
            - {name: tmp, emptyDir: {}}
            - name: certs
              secret: {secretName: metrics-server-certs}
    ---
    apiVersion: v1
    kind: Secret
    type: kubernetes.io/tls
    metadata: {name: metrics-server-certs, namespace: kube-system}
    data:
      tls.crt: ${tlsCrt}
  `;
}

/** A client trusting an internal CA through SSL_CERT_FILE and dialling an in-cluster https API whose certificate is a literal Secret. */
function client(caPem: string, serverCrt: string, env = "SSL_CERT_FILE", serverSecret = "") {
  return `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: shop, namespace: shop}
    spec:
      selector: {matchLabels: {app: shop}}
      template:
        metadata: {labels: {app: shop}}
        spec:
          containers:
            - name: shop
              image: registry.example.com/shop/shop:1.0.0
              env:
                - {name: ${env}, value: /etc/internal-ca/ca.crt}
                - {name: PAYMENTS_URL, value: "https://payments.payments.svc:8443/v1"}
              volumeMounts: [{name: internal-ca, mountPath: /etc/internal-ca, readOnly: true}]
          volumes:
            - name: internal-ca
              configMap: {name: internal-ca}
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: internal-ca, namespace: shop}
    data:
      ca.crt: |
${indented(caPem, 8)}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: payments, namespace: payments}
    spec:
      selector: {app: payments}
      ports: [{name: https, port: 8443}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: payments, namespace: payments}
    spec:
      selector: {matchLabels: {app: payments}}
      template:
        metadata: {labels: {app: payments}}
        spec:
          containers:
            - name: payments
              image: registry.example.com/payments/api:3.1.0
              volumeMounts: [{name: tls, mountPath: /tls, readOnly: true}]
          volumes:
            - name: tls
              secret: {secretName: payments-tls}
    ---
    apiVersion: v1
    kind: Secret
    type: kubernetes.io/tls
    metadata: {name: payments-tls, namespace: payments}
    data:
      tls.crt: ${serverCrt}${serverSecret}
  `;
}

/** The same client configured by flags: --ca-file trusts a CA for the connection the command line names. */
function flagClient(caPem: string, serverCrt: string, args: string) {
  return client(caPem, serverCrt)
    .replace("              env:\n                - {name: SSL_CERT_FILE, value: /etc/internal-ca/ca.crt}\n                - {name: PAYMENTS_URL, value: \"https://payments.payments.svc:8443/v1\"}\n", `              args: ${args}\n`)
    .concat(`
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: ledger, namespace: ledger}
    spec:
      selector: {app: ledger}
      ports: [{name: https, port: 443}]
  `);
}

const CERTIFICATE_WRITER = `
    ---
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: payments, namespace: payments}
    spec:
      secretName: payments-tls
      dnsNames: [payments.payments.svc]
      issuerRef: {name: internal-ca, kind: ClusterIssuer}`;

/**
 * The chart idiom itself, rendered by Helm: a webhook chart generating its CA and serving
 * certificate with Sprig. `caVar` names the CA the caBundle is written from: `$ca`, the one that
 * signed the certificate, or `$again`, a second genCA call (what a second template, or a
 * regenerating upgrade, does).
 */
const chartWebhook = (caVar: string) => `
{{- $ca := genCA "policy-webhook-ca" 3650 }}
{{- $again := genCA "policy-webhook-ca" 3650 }}
{{- $cert := genSignedCert "policy-webhook.policy.svc" nil (list "policy-webhook.policy.svc") 365 $ca }}
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: policy-webhook
webhooks:
  - name: validate.policy.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    clientConfig:
      service: {name: policy-webhook, namespace: policy, path: /validate}
      caBundle: {{ ${caVar}.Cert | b64enc }}
---
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata: {name: policy-webhook-tls, namespace: policy}
data:
  tls.crt: {{ $cert.Cert | b64enc }}
  tls.key: {{ $cert.Key | b64enc }}
---
apiVersion: v1
kind: Service
metadata: {name: policy-webhook, namespace: policy}
spec:
  selector: {app: policy-webhook}
  ports: [{name: https, port: 443, targetPort: 9443}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: policy-webhook, namespace: policy}
spec:
  selector: {matchLabels: {app: policy-webhook}}
  template:
    metadata: {labels: {app: policy-webhook}}
    spec:
      containers:
        - name: webhook
          image: registry.example.com/policy/webhook:2.3.0
          args: [--tls-cert-file=/certs/tls.crt, --tls-private-key-file=/certs/tls.key]
          volumeMounts: [{name: certs, mountPath: /certs, readOnly: true}]
      volumes:
        - name: certs
          secret: {secretName: policy-webhook-tls}
`;

testRule(rule, {
  accept: [
    { name: "genCA and genSignedCert in one template: the caBundle's CA signed the served certificate", yaml: webhook(b64(ca.pem), b64(leaf.pem)) },
    { name: "a chart rendered by Helm: one genCA for the caBundle and genSignedCert", yaml: chartWebhook("$ca"), chart: { template: "webhook.yaml" } },
    { name: "the served chain leads through its intermediate to the caBundle's root", yaml: webhook(b64(ca.pem), b64(leafOfIntermediate.pem + intermediate.pem)) },
    { name: "genSelfSignedCert: the served certificate is its own caBundle", yaml: webhook(b64(selfSigned.pem), b64(selfSigned.pem)) },
    { name: "cainjector replaces the caBundle: the literal one is not judged", yaml: webhook(b64(otherCa.pem), b64(leaf.pem), "\n      annotations: {cert-manager.io/inject-ca-from: policy/policy-webhook}") },
    { name: "metrics-server tls.type helm with one CA", yaml: metricsServer(b64(ca.pem), b64(leaf.pem)) },
    { name: "a client trusting the CA that signed the server's certificate", yaml: client(ca.pem, b64(paymentsLeaf.pem)) },
    { name: "a CA flag on a client that dials two TLS Services may configure the other connection", yaml: flagClient(otherCa.pem, b64(paymentsLeaf.pem), "[--ca-file=/etc/internal-ca/ca.crt, --payments=https://payments.payments.svc:8443, --ledger=https://ledger.ledger.svc]") },
    { name: "a server Secret that cert-manager writes is not what the render holds", yaml: client(otherCa.pem, b64(paymentsLeaf.pem), "SSL_CERT_FILE", CERTIFICATE_WRITER) },
    // NODE_EXTRA_CA_CERTS adds to Node's public roots, which may verify a chain the render does not anchor.
    { name: "a CA added to the public roots, and a server chain not anchored in the render", yaml: client(otherCa.pem, b64(leafOfIntermediate.pem), "NODE_EXTRA_CA_CERTS") },
  ],
  reject: [
    {
      name: "a CA flag on a client whose one TLS dial is a Service with a certificate from another CA",
      yaml: flagClient(otherCa.pem, b64(paymentsLeaf.pem), "[--ca-file=/etc/internal-ca/ca.crt, --payments=https://payments.payments.svc:8443]"),
      findings: [
        {
          object: "Deployment/shop/shop",
          messageId: "clientCannotVerify",
          line: 12,
          column: 18,
          endLine: 12,
          endColumn: 51,
          message: '--ca-file /etc/internal-ca/ca.crt in container "shop" trusts CN=cluster-ca',
          fix: "Put the CA that issued key tls.crt of Secret payments-tls in key ca.crt of ConfigMap shop/internal-ca",
          related: ["ConfigMap/shop/internal-ca", "Secret/payments/payments-tls", "Deployment/shop/shop"],
        },
      ],
    },
    {
      name: "a chart rendered by Helm: the caBundle from a second genCA of the same name",
      yaml: chartWebhook("$again"),
      chart: { template: "webhook.yaml" },
      findings: [
        {
          object: "ValidatingWebhookConfiguration/policy-webhook",
          messageId: "apiServerCannotVerify",
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 43,
          message: "it was issued by CN=policy-webhook-ca, and the trusted CN=policy-webhook-ca has the same name but another key",
          fix: "Set the caBundle to the base64 PEM of the CA that issued key tls.crt of Secret policy-webhook-tls",
          related: ["Secret/policy/policy-webhook-tls", "Service/policy/policy-webhook"],
        },
      ],
    },
    {
      name: "genCA called in two templates: the caBundle's CA has the name but not the key that signed tls.crt",
      yaml: webhook(b64(regenerated.pem), b64(leaf.pem)),
      findings: [
        {
          object: "ValidatingWebhookConfiguration/policy-webhook",
          messageId: "apiServerCannotVerify",
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 17 + b64(regenerated.pem).length,
          message:
            'The caBundle of ValidatingWebhookConfiguration policy-webhook (webhooks[0]) does not verify the certificate Service policy/policy-webhook presents (the certificate CN=policy-webhook.policy.svc in key tls.crt of Secret policy/policy-webhook-tls): it was issued by CN=policy-webhook-ca, and the trusted CN=policy-webhook-ca has the same name but another key (a CA generated twice, e.g. genCA in two templates or on each upgrade). The API server\'s calls for webhook "validate.policy.example.com" fail with "x509: certificate signed by unknown authority" (failurePolicy Fail: every request it intercepts is rejected).',
          fix: "Set the caBundle to the base64 PEM of the CA that issued key tls.crt of Secret policy-webhook-tls",
          related: ["Secret/policy/policy-webhook-tls", "Service/policy/policy-webhook"],
        },
      ],
    },
    {
      name: "tls.crt from another CA than the caBundle's",
      yaml: webhook(b64(ca.pem), b64(leafOfOther.pem)),
      findings: [
        {
          object: "ValidatingWebhookConfiguration/policy-webhook",
          messageId: "apiServerCannotVerify",
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 17 + b64(ca.pem).length,
          message: "it was issued by CN=cluster-ca, and the trusted certificates are CN=policy-webhook-ca.",
          fix: "Set the caBundle to the base64 PEM of the CA that issued key tls.crt of Secret policy-webhook-tls",
          related: ["Secret/policy/policy-webhook-tls", "Service/policy/policy-webhook"],
        },
      ],
    },
    {
      name: "a self-signed certificate regenerated apart from the caBundle",
      yaml: webhook(b64(selfSigned.pem), b64(otherSelfSigned.pem)),
      findings: [
        {
          object: "ValidatingWebhookConfiguration/policy-webhook",
          messageId: "apiServerCannotVerify",
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 17 + b64(selfSigned.pem).length,
          message: "it is self-signed (CN=policy-webhook.policy.svc) and is not among the trusted certificates",
          fix: "Set the caBundle to the base64 PEM of the CA that issued key tls.crt of Secret policy-webhook-tls",
          related: ["Secret/policy/policy-webhook-tls", "Service/policy/policy-webhook"],
        },
      ],
    },
    {
      name: "metrics-server tls.type helm: the APIService trusts another CA than the one that signed the mounted Secret",
      yaml: metricsServer(b64(regenerated.pem), b64(leaf.pem)),
      findings: [
        {
          object: "APIService/v1beta1.metrics.k8s.io",
          messageId: "apiServerCannotVerify",
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 13 + b64(regenerated.pem).length,
          message: "(the aggregated API is unavailable)",
          fix: "Set the caBundle to the base64 PEM of the CA that issued key tls.crt of Secret metrics-server-certs",
          related: ["Secret/kube-system/metrics-server-certs", "Service/kube-system/metrics-server"],
        },
      ],
    },
    {
      name: "a client's SSL_CERT_FILE holds a CA that did not sign the certificate of the Service it dials",
      yaml: client(otherCa.pem, b64(paymentsLeaf.pem)),
      findings: [
        {
          object: "Deployment/shop/shop",
          messageId: "clientCannotVerify",
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 35,
          message:
            'SSL_CERT_FILE=/etc/internal-ca/ca.crt in container "shop" trusts CN=cluster-ca (key ca.crt of ConfigMap shop/internal-ca), which does not verify the certificate Service payments/payments presents (the certificate CN=payments.payments.svc in key tls.crt of Secret payments/payments-tls): it was issued by CN=policy-webhook-ca, and the trusted certificates are CN=cluster-ca. Its calls to payments.payments.svc (env PAYMENTS_URL) fail',
          fix: "Put the CA that issued key tls.crt of Secret payments-tls in key ca.crt of ConfigMap shop/internal-ca",
          related: ["ConfigMap/shop/internal-ca", "Secret/payments/payments-tls", "Deployment/shop/shop"],
        },
      ],
    },
    {
      name: "NODE_EXTRA_CA_CERTS adds a CA, but the server's chain is anchored in the render by another",
      yaml: client(otherCa.pem, b64(paymentsLeaf.pem + ca.pem), "NODE_EXTRA_CA_CERTS"),
      findings: [
        {
          object: "Deployment/shop/shop",
          messageId: "clientCannotVerify",
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 41,
          message: 'NODE_EXTRA_CA_CERTS=/etc/internal-ca/ca.crt in container "shop" trusts CN=cluster-ca (key ca.crt of ConfigMap shop/internal-ca), which does not verify the certificate Service payments/payments presents (the certificate CN=payments.payments.svc in key tls.crt of Secret payments/payments-tls): its chain ends at the root CN=policy-webhook-ca, which is not among the trusted certificates (CN=cluster-ca)',
          fix: "Put the CA that issued key tls.crt of Secret payments-tls in key ca.crt of ConfigMap shop/internal-ca",
          related: ["ConfigMap/shop/internal-ca", "Secret/payments/payments-tls", "Deployment/shop/shop"],
        },
      ],
    },
  ],
});
