import { testRule } from "../../test/support/rule-tester";
import rule from ".";

const issuer = (solvers: string) => `
    apiVersion: cert-manager.io/v1
    kind: ClusterIssuer
    metadata: {name: letsencrypt}
    spec:
      acme:
        server: https://acme-v02.api.letsencrypt.org/directory
        email: ops@example.com
        privateKeySecretRef: {name: letsencrypt-account}
        solvers:
${solvers}
`;

const HTTP01 = "          - http01: {ingress: {ingressClassName: nginx}}";
const DNS01_ZONE = "          - dns01: {route53: {region: eu-west-1}}\n            selector: {dnsZones: [example.com]}";

const certificate = (names: string) => `
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: wildcard, namespace: shop}
    spec:
      secretName: wildcard-tls
      dnsNames: ${names}
      issuerRef: {name: letsencrypt, kind: ClusterIssuer}
`;

/** ingress-nginx's controller.extraArgs default-ssl-certificate users annotate an Ingress like this. */
const ingress = `
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: shop
      namespace: shop
      annotations: {cert-manager.io/cluster-issuer: letsencrypt}
    spec:
      ingressClassName: nginx
      tls:
        - hosts: [shop.example.com, "*.shop.example.com"]
          secretName: shop-tls
`;

testRule(rule, {
  accept: [
    { name: "a DNS-01 solver selecting the zone", yaml: issuer(`${HTTP01}\n${DNS01_ZONE}`) + "---" + certificate('["*.example.com", example.com]') },
    { name: "plain names over HTTP-01", yaml: issuer(HTTP01) + "---" + certificate("[www.example.com, example.com]") },
    { name: "a DNS-01 solver without a selector", yaml: issuer("          - dns01: {cloudflare: {apiTokenSecretRef: {name: cf, key: token}}}") + "---" + certificate('["*.example.com"]') },
  ],
  reject: [
    {
      name: "a wildcard Certificate from an HTTP-01-only issuer (cert-manager#757)",
      yaml: issuer(HTTP01) + "---" + certificate('["*.example.com", example.com]'),
      findings: [{ object: "Certificate/shop/wildcard", messageId: "wildcardHttp01Only", line: 17, column: 18, endLine: 17, endColumn: 33, message: "asks the ACME ClusterIssuer letsencrypt for *.example.com", fix: "Add a dns01 solver to ClusterIssuer letsencrypt that selects", related: ["ClusterIssuer/letsencrypt"] }],
    },
    {
      name: "the DNS-01 solver selects another zone (cert-manager#3181)",
      yaml: issuer(`${HTTP01}\n          - dns01: {route53: {region: eu-west-1}}\n            selector: {dnsZones: [example.org]}`) + "---" + certificate('["*.example.com"]'),
      findings: [{ object: "Certificate/shop/wildcard", messageId: "wildcardHttp01Only", line: 19, column: 18, endLine: 19, endColumn: 33, message: "(solvers[0]) offer only HTTP-01", fix: "Add a dns01 solver to ClusterIssuer letsencrypt that selects", related: ["ClusterIssuer/letsencrypt"] }],
    },
    {
      name: "an ingress-shim Ingress with a wildcard host",
      yaml: issuer(HTTP01) + "---" + ingress,
      findings: [{ object: "Ingress/shop/shop", messageId: "wildcardHttp01Only", line: 21, column: 37, endLine: 21, endColumn: 57, message: "Ingress shop/shop asks the ACME ClusterIssuer letsencrypt for *.shop.example.com", fix: "Add a dns01 solver to ClusterIssuer letsencrypt that selects", related: ["ClusterIssuer/letsencrypt"] }],
    },
  ],
});
