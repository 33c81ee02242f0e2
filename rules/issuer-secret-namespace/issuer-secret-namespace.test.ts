import { testRule } from "../../test/support/rule-tester";
import rule from ".";

/** cert-manager's controller as its chart renders it: the flag from $(POD_NAMESPACE). */
const controller = (flag = "--cluster-resource-namespace=$(POD_NAMESPACE)") => `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: cert-manager, namespace: cert-manager}
    spec:
      template:
        spec:
          containers:
            - name: cert-manager-controller
              image: quay.io/jetstack/cert-manager-controller:v1.17.2
              args: [--v=2, "${flag}", --leader-election-namespace=kube-system]
              env:
                - name: POD_NAMESPACE
                  valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
`;

/** A Let's Encrypt ClusterIssuer with a Route53 DNS-01 solver, as platform charts ship it. */
const letsencrypt = `
    apiVersion: cert-manager.io/v1
    kind: ClusterIssuer
    metadata: {name: letsencrypt}
    spec:
      acme:
        server: https://acme-v02.api.letsencrypt.org/directory
        email: ops@example.com
        privateKeySecretRef: {name: letsencrypt-account}
        solvers:
          - dns01:
              route53:
                region: eu-west-1
                accessKeyIDSecretRef: {name: route53-credentials, key: access-key-id}
                secretAccessKeySecretRef: {name: route53-credentials, key: secret-access-key}
`;

const secret = (name: string, namespace: string) => `
    apiVersion: v1
    kind: Secret
    metadata: {name: ${name}, namespace: ${namespace}}
    type: Opaque
    stringData: {token: redacted}
`;

/** A Cloudflare DNS-01 ClusterIssuer with its token Secret in the release namespace, without cert-manager in the render. */
const cloudflare = `
    apiVersion: cert-manager.io/v1
    kind: ClusterIssuer
    metadata: {name: letsencrypt-dns}
    spec:
      acme:
        server: https://acme-v02.api.letsencrypt.org/directory
        privateKeySecretRef: {name: letsencrypt-dns-account}
        solvers:
          - dns01:
              cloudflare:
                apiTokenSecretRef: {name: cloudflare-api-token, key: api-token}
`;

/** The CA bootstrap pattern: a self-signed CA Certificate whose Secret backs a CA issuer. */
const caCertificate = (namespace: string) => `
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: platform-ca, namespace: ${namespace}}
    spec:
      isCA: true
      commonName: platform-ca
      secretName: platform-ca
      issuerRef: {name: selfsigned, kind: ClusterIssuer}
`;

const caIssuer = (kind: string, namespace?: string) => `
    apiVersion: cert-manager.io/v1
    kind: ${kind}
    metadata: {name: platform-ca${namespace ? `, namespace: ${namespace}` : ""}}
    spec:
      ca: {secretName: platform-ca}
`;

testRule(rule, {
  accept: [
    { name: "the solver Secret in the namespace cert-manager runs in ($(POD_NAMESPACE))", yaml: controller() + "---" + letsencrypt + "---" + secret("route53-credentials", "cert-manager") },
    { name: "the Secrets are not in the render (created in the cluster)", yaml: controller() + "---" + letsencrypt },
    { name: "--cluster-resource-namespace names the namespace the Secret is in", yaml: controller("--cluster-resource-namespace=platform") + "---" + letsencrypt + "---" + secret("route53-credentials", "platform") },
    { name: "a CA Certificate in the controller's default namespace (no flag: kube-system)", yaml: controller("--enable-certificate-owner-ref") + "---" + caCertificate("kube-system") + "---" + caIssuer("ClusterIssuer") },
    { name: "an Issuer whose CA Secret is in its own namespace", yaml: caCertificate("shop") + "---" + caIssuer("Issuer", "shop") },
    { name: "the Secret rendered in both namespaces", yaml: controller() + "---" + letsencrypt + "---" + secret("route53-credentials", "shop") + "---" + secret("route53-credentials", "cert-manager") },
    { name: "without the controller, the clusterResourceNamespace option names the Secret's namespace", yaml: cloudflare + "---" + secret("cloudflare-api-token", "platform"), options: { clusterResourceNamespace: "platform" } },
    { name: "a controller configured by a file: where it reads is unknown", yaml: controller("--config=/var/cert-manager/config/config.yaml") + "---" + letsencrypt + "---" + secret("route53-credentials", "shop") },
  ],
  reject: [
    {
      name: "a Route53 solver Secret in the application namespace (cert-manager#2130)",
      yaml: controller() + "---" + letsencrypt + "---" + secret("route53-credentials", "shop"),
      findings: [
        { object: "ClusterIssuer/letsencrypt", messageId: "clusterIssuerSecretElsewhere", line: 27, column: 40, endLine: 27, endColumn: 65, message: "ClusterIssuer letsencrypt reads the DNS-01 solver's Route53 access key ID from Secret route53-credentials in cert-manager's cluster resource namespace cert-manager (--cluster-resource-namespace=cert-manager on Deployment cert-manager/cert-manager), but the render puts Secret route53-credentials only in shop", fix: "Put Secret route53-credentials in cert-manager's cluster resource namespace cert-manager: set metadata.namespace: cert-manager on the rendered Secret route53-credentials. Or, if the Secrets belong in shop, run cert-manager with --cluster-resource-namespace=shop", related: ["Secret/shop/route53-credentials", "Deployment/cert-manager/cert-manager"] },
        { object: "ClusterIssuer/letsencrypt", messageId: "clusterIssuerSecretElsewhere", line: 28, column: 44, endLine: 28, endColumn: 69, message: "the DNS-01 solver's Route53 secret access key from Secret route53-credentials", fix: "set metadata.namespace: cert-manager on the rendered Secret route53-credentials", related: ["Secret/shop/route53-credentials", "Deployment/cert-manager/cert-manager"] },
      ],
    },
    {
      name: "the ACME account key rendered outside the cluster resource namespace",
      yaml: controller() + "---" + letsencrypt + "---" + secret("letsencrypt-account", "default"),
      findings: [
        { object: "ClusterIssuer/letsencrypt", messageId: "accountKeyElsewhere", severity: "warning", line: 22, column: 31, endLine: 22, endColumn: 56, message: "registers a new ACME account with a new key", fix: "set metadata.namespace: cert-manager on the rendered Secret letsencrypt-account", related: ["Secret/default/letsencrypt-account", "Deployment/cert-manager/cert-manager"] },
      ],
    },
    {
      name: "a Cloudflare token Secret without cert-manager in the render: the documented namespace is assumed",
      yaml: cloudflare + "---" + secret("cloudflare-api-token", "default"),
      findings: [
        { object: "ClusterIssuer/letsencrypt-dns", messageId: "clusterIssuerSecretElsewhere", severity: "warning", line: 11, column: 37, endLine: 11, endColumn: 63, message: "in cert-manager's cluster resource namespace cert-manager (the cert-manager controller is not in the render; assumed to run in cert-manager, where its chart reads them), but the render puts Secret cloudflare-api-token only in default", fix: "say so with this rule's clusterResourceNamespace option", related: ["Secret/default/cloudflare-api-token"] },
      ],
    },
    {
      name: "the clusterResourceNamespace option states where cert-manager reads: an error",
      yaml: cloudflare + "---" + secret("cloudflare-api-token", "default"),
      options: { clusterResourceNamespace: "security" },
      findings: [
        { object: "ClusterIssuer/letsencrypt-dns", messageId: "clusterIssuerSecretElsewhere", line: 11, column: 37, endLine: 11, endColumn: 63, message: "namespace security (the clusterResourceNamespace option)", fix: "Put Secret cloudflare-api-token in cert-manager's cluster resource namespace security", related: ["Secret/default/cloudflare-api-token"] },
      ],
    },
    {
      name: "a CA ClusterIssuer whose CA Certificate writes its Secret in the release namespace",
      yaml: controller() + "---" + caCertificate("platform") + "---" + caIssuer("ClusterIssuer"),
      findings: [
        { object: "ClusterIssuer/platform-ca", messageId: "clusterIssuerSecretElsewhere", line: 28, column: 12, endLine: 28, endColumn: 35, message: "reads the CA key pair from Secret platform-ca", fix: "move cert-manager Certificate platform/platform-ca to namespace cert-manager", related: ["Certificate/platform/platform-ca", "Deployment/cert-manager/cert-manager"] },
      ],
    },
    {
      name: "an Issuer whose CA Secret is in another namespace",
      yaml: caCertificate("cert-manager") + "---" + caIssuer("Issuer", "shop"),
      findings: [
        { object: "Issuer/shop/platform-ca", messageId: "issuerSecretElsewhere", line: 14, column: 12, endLine: 14, endColumn: 35, message: "Issuer shop/platform-ca reads the CA key pair from Secret platform-ca in its own namespace shop, but the render puts Secret platform-ca only in cert-manager", fix: "Put Secret platform-ca in namespace shop, where the Issuer reads it", related: ["Certificate/cert-manager/platform-ca"] },
      ],
    },
  ],
});
