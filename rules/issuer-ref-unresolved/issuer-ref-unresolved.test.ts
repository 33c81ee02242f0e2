import { testRule } from "../../test/support/rule-tester";
import rule from ".";

const clusterIssuer = `
    apiVersion: cert-manager.io/v1
    kind: ClusterIssuer
    metadata: {name: letsencrypt-prod}
    spec:
      acme:
        server: https://acme-v02.api.letsencrypt.org/directory
        privateKeySecretRef: {name: letsencrypt-prod}
        solvers: [{http01: {ingress: {ingressClassName: nginx}}}]
`;

/** A chart's webhook Certificate with an Issuer of its own, as cert-manager's install docs render it. */
const issuerIn = (ns: string) => `
    apiVersion: cert-manager.io/v1
    kind: Issuer
    metadata: {name: selfsigned, namespace: ${ns}}
    spec: {selfSigned: {}}
`;

const certificate = (ref: string, ns = "shop") => `
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: web, namespace: ${ns}}
    spec:
      secretName: web-tls
      dnsNames: [web.${ns}.svc]
      issuerRef: ${ref}
`;

const ingress = (annotations: string) => `
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: shop
      namespace: shop
      annotations: ${annotations}
    spec:
      ingressClassName: nginx
      tls: [{hosts: [shop.example.com], secretName: shop-tls}]
      rules: [{host: shop.example.com}]
`;

/** cert-manager's controller as its chart renders it with ingressShim.defaultIssuerName set (and defaultIssuerKind left out). */
const controllerWithDefaultIssuer = `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: cert-manager, namespace: cert-manager}
    spec:
      selector: {matchLabels: {app.kubernetes.io/component: controller}}
      template:
        metadata: {labels: {app.kubernetes.io/component: controller}}
        spec:
          containers:
            - name: cert-manager-controller
              image: quay.io/jetstack/cert-manager-controller:v1.18.2
              args:
                - --v=2
                - --cluster-resource-namespace=$(POD_NAMESPACE)
                - --default-issuer-name=letsencrypt-prod
              env:
                - name: POD_NAMESPACE
                  valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
`;

testRule(rule, {
  accept: [
    { name: "a ClusterIssuer named with kind: ClusterIssuer", yaml: clusterIssuer + "---" + certificate("{name: letsencrypt-prod, kind: ClusterIssuer}") },
    { name: "an Issuer in the Certificate's namespace (kind defaults to Issuer)", yaml: issuerIn("shop") + "---" + certificate("{name: selfsigned}") },
    { name: "an ingress-shim Ingress naming a ClusterIssuer", yaml: clusterIssuer + "---" + ingress("{cert-manager.io/cluster-issuer: letsencrypt-prod}") },
    { name: "an external issuer (another group)", yaml: certificate("{name: pca, kind: AWSPCAClusterIssuer, group: awspca.cert-manager.io}") },
  ],
  reject: [
    {
      name: "kubernetes.io/tls-acme asks the controller's default issuer, which is a ClusterIssuer while --default-issuer-kind is left at Issuer",
      yaml: clusterIssuer + "---" + controllerWithDefaultIssuer + "---" + ingress('{kubernetes.io/tls-acme: "true"}'),
      findings: [{ object: "Ingress/shop/shop", messageId: "nearMiss", line: 34, column: 21, endLine: 34, endColumn: 51, message: "Ingress shop/shop asks Issuer letsencrypt-prod, but letsencrypt-prod is a ClusterIssuer (cert-manager's default issuer kind is Issuer unless --default-issuer-kind says otherwise)", fix: "Run the cert-manager controller with --default-issuer-kind=ClusterIssuer (its chart's ingressShim.defaultIssuerKind), or annotate the Ingress with cert-manager.io/cluster-issuer: letsencrypt-prod.", severity: "error", related: ["ClusterIssuer/letsencrypt-prod"] }],
    },
    {
      name: "a ClusterIssuer named without kind (cert-manager#3414)",
      yaml: clusterIssuer + "---" + certificate("{name: letsencrypt-prod}"),
      findings: [{ object: "Certificate/shop/web", messageId: "nearMiss", line: 16, column: 19, endLine: 16, endColumn: 41, message: "asks Issuer letsencrypt-prod, but letsencrypt-prod is a ClusterIssuer (issuerRef.kind defaults to Issuer)", fix: "Set issuerRef.kind: ClusterIssuer.", severity: "error", related: ["ClusterIssuer/letsencrypt-prod"] }],
    },
    {
      name: "an Issuer in another namespace (cert-manager#462)",
      yaml: issuerIn("cert-manager") + "---" + certificate("{name: selfsigned, kind: Issuer}"),
      findings: [{ object: "Certificate/shop/web", messageId: "nearMiss", line: 12, column: 19, endLine: 12, endColumn: 35, message: "the Issuer selfsigned is in namespace cert-manager, and an Issuer serves only its own namespace (shop)", fix: "Render an Issuer selfsigned in namespace shop, or make selfsigned a", severity: "error", related: ["Issuer/cert-manager/selfsigned"] }],
    },
    {
      name: "cluster-issuer on an Ingress naming an Issuer (cert-manager#3066)",
      yaml: issuerIn("shop") + "---" + ingress("{cert-manager.io/cluster-issuer: selfsigned}"),
      findings: [{ object: "Ingress/shop/shop", messageId: "nearMiss", line: 11, column: 21, endLine: 11, endColumn: 63, message: "selfsigned is an Issuer (in namespace shop), not a ClusterIssuer", fix: "Use cert-manager.io/issuer: selfsigned instead of", severity: "error", related: ["Issuer/shop/selfsigned"] }],
    },
    {
      name: "an issuer that is not in the render",
      yaml: certificate("{name: letsencrypt-staging, kind: ClusterIssuer}"),
      findings: [{ object: "Certificate/shop/web", messageId: "clusterIssuerNotRendered", line: 7, column: 15, endLine: 7, endColumn: 40, message: "which this render does not contain", fix: "Make sure ClusterIssuer letsencrypt-staging exists before this is", severity: "info" }],
    },
    {
      name: "an Issuer that is not in the render must exist in the Certificate's namespace",
      yaml: certificate("{name: shop-ca, kind: Issuer}"),
      findings: [{ object: "Certificate/shop/web", messageId: "issuerNotRendered", line: 7, column: 15, endLine: 7, endColumn: 28, message: "it must exist in the cluster in namespace shop", fix: "Make sure Issuer shop-ca exists in namespace shop before", severity: "info" }],
    },
  ],
});
