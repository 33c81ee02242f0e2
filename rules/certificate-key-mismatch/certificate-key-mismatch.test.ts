import { testRule } from "../../test/support/rule-tester";
import { b64, indented, makeCa, makeCert, makeServing } from "../../test/support/certs";
import rule from ".";

const ca = makeCa("Ingress CA", "2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
const served = makeServing(ca, ["shop.example.com"], "2026-01-01T00:00:00Z", "2027-06-01T00:00:00Z");
const reissued = makeServing(ca, ["shop.example.com"], "2026-02-01T00:00:00Z", "2027-07-01T00:00:00Z");
const sameKey = makeCert({ cn: "shop.example.com", dnsNames: ["shop.example.com"], notBefore: "2026-03-01T00:00:00Z", notAfter: "2027-03-01T00:00:00Z", issuer: ca, keyOf: served });

/** The shape of a chart that takes tls.crt and tls.key from two values (ingress-nginx default certificate, bitnami tls.certificate/tls.key). */
function secret(crt: string, key: string): string {
  return `
    apiVersion: v1
    kind: Secret
    type: kubernetes.io/tls
    metadata:
      name: shop-tls
      namespace: shop
      labels: {app.kubernetes.io/name: shop}
    data:
      tls.crt: ${b64(crt)}
      tls.key: ${b64(key)}
  `;
}

testRule(rule, {
  accept: [
    { name: "the key of the certificate", yaml: secret(served.pem + ca.pem, served.keyPem) },
    { name: "a renewed certificate for the same key", yaml: secret(sameKey.pem, served.keyPem) },
    {
      name: "a mismatched pair that cert-manager reissues",
      yaml:
        secret(served.pem, reissued.keyPem) +
        `---
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: shop, namespace: shop}
    spec: {secretName: shop-tls, dnsNames: [shop.example.com], issuerRef: {name: shop-ca}}
  `,
    },
    {
      name: "a CA pair in stringData",
      yaml: `
        apiVersion: v1
        kind: Secret
        metadata: {name: root, namespace: cert-manager}
        stringData:
          ca.crt: |
${indented(ca.pem, 12)}
          ca.key: |
${indented(ca.keyPem, 12)}
      `,
    },
  ],
  reject: [
    {
      name: "certificate and key from two values regenerated apart",
      yaml: secret(served.pem, reissued.keyPem),
      findings: [{ object: "Secret/shop/shop-tls", messageId: "keyMismatch", line: 10, column: 3, endLine: 10, endColumn: 336, message: "tls.key of Secret shop/shop-tls is not the private key of the certificate CN=shop.example.com in tls.crt: their public keys differ", fix: "Store the key generated with the certificate in key tls.key of Secret" }],
    },
    {
      name: "a chain stored CA first",
      yaml: secret(ca.pem + served.pem, served.keyPem),
      findings: [{ object: "Secret/shop/shop-tls", messageId: "chainOutOfOrder", line: 10, column: 3, endLine: 10, endColumn: 336, message: "it belongs to certificate 2 in tls.crt (certificate CN=shop.example.com): the chain is out of order", fix: "Reorder tls.crt so that the server's certificate comes first, then" }],
    },
    {
      name: "a CA Issuer's Secret whose ca.key is another CA's",
      yaml: `
        apiVersion: v1
        kind: Secret
        metadata: {name: root, namespace: cert-manager}
        stringData:
          ca.key: |
${indented(served.keyPem, 12)}
          ca.crt: |
${indented(ca.pem, 12)}
      `,
      findings: [{ object: "Secret/cert-manager/root", messageId: "keyMismatch", line: 5, column: 3, endLine: 10, endColumn: 30, message: "ca.key of Secret cert-manager/root is not the private key of the CA certificate CN=Ingress CA in ca.crt", fix: "Store the key generated with the certificate in key ca.key of Secret" }],
    },
  ],
});
