import { strictEqual } from "node:assert/strict";
import { testRule } from "../../test/support/rule-tester";
import rule, { parseGoDuration } from ".";

function certificate(spec: string, name = "web"): string {
  return `
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: ${name}, namespace: shop}
    spec:
      secretName: ${name}-tls
      issuerRef: {name: shop-ca, kind: Issuer}
${spec}
  `;
}

/** The CA bootstrap every cert-manager guide (and many charts, e.g. trust-manager's, linkerd's) renders. */
const caBootstrap = (rotation: string, controller = "") => `
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: shop-ca, namespace: shop}
    spec:
      isCA: true
      commonName: shop-ca
      secretName: shop-ca
${rotation}
      issuerRef: {name: selfsigned, kind: ClusterIssuer}
    ---
    apiVersion: cert-manager.io/v1
    kind: Issuer
    metadata: {name: shop-ca, namespace: shop}
    spec:
      ca: {secretName: shop-ca}
${controller}
  `;

const controller = (tag: string) => `    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: cert-manager, namespace: cert-manager}
    spec:
      template:
        spec:
          containers:
            - name: cert-manager-controller
              image: quay.io/jetstack/cert-manager-controller:${tag}`;

describe("certificate-spec-invalid: Go durations", () => {
  it("reads them as time.ParseDuration does", () => {
    strictEqual(parseGoDuration("2160h"), 2160 * 3_600_000);
    strictEqual(parseGoDuration("1h30m"), 5_400_000);
    strictEqual(parseGoDuration("1.5h"), 5_400_000);
    strictEqual(parseGoDuration("90d"), undefined);
    strictEqual(parseGoDuration("720"), undefined);
  });
});

testRule(rule, {
  accept: [
    { name: "duration and renewBefore in range", yaml: certificate("      duration: 2160h\n      renewBefore: 360h\n      commonName: www.example.com\n      dnsNames: [www.example.com]") },
    { name: "renewBefore below the default duration", yaml: certificate("      renewBefore: 720h") },
    { name: "a CA with CA usages", yaml: certificate('      isCA: true\n      usages: ["cert sign", "crl sign", "digital signature"]') },
    { name: "a CA Certificate that keeps its key", yaml: caBootstrap("      privateKey: {algorithm: ECDSA, rotationPolicy: Never}") },
    { name: "a CA Certificate on cert-manager 1.17, where rotation defaults to Never", yaml: caBootstrap("", controller("v1.17.2")) },
  ],
  reject: [
    {
      name: "renewBefore equal to duration (cert-manager#1506)",
      yaml: certificate("      duration: 720h\n      renewBefore: 720h"),
      findings: [{ object: "Certificate/shop/web", line: 8, column: 3, message: "has renewBefore: 720h, not below its duration (720h)" }],
    },
    {
      name: "renewBefore beyond the default duration of 90 days (cert-manager#4423)",
      yaml: certificate("      renewBefore: 2400h"),
      findings: [{ object: "Certificate/shop/web", line: 7, column: 3, message: "not below its duration (2160h, the default)" }],
    },
    {
      name: "a duration below cert-manager's minimum, and a renewBefore below 5m",
      yaml: certificate("      duration: 30m") + "---" + certificate("      renewBefore: 1m", "api"),
      findings: [
        { object: "Certificate/shop/web", line: 7, column: 5, message: "below 1h" },
        { object: "Certificate/shop/api", line: 15, column: 5, message: "anything below 5m" },
      ],
    },
    {
      name: "a duration in days, which Go does not parse",
      yaml: certificate("      duration: 90d"),
      findings: [{ object: "Certificate/shop/web", line: 7, column: 3, message: 'duration: "90d", which is not a Go duration' }],
    },
    {
      name: "a commonName over 64 bytes (cert-manager#1462)",
      yaml: certificate(`      commonName: ${"a".repeat(40)}.${"b".repeat(20)}.example.com\n      dnsNames: [${"a".repeat(40)}.${"b".repeat(20)}.example.com]`),
      findings: [{ object: "Certificate/shop/web", line: 7, column: 3, message: "commonName of 73 bytes" }],
    },
    {
      name: "a CA with server auth",
      yaml: certificate('      isCA: true\n      usages: ["cert sign", "server auth"]'),
      findings: [{ object: "Certificate/shop/web", line: 8, column: 3, severity: "warning", message: "with server auth in its usages" }],
    },
    {
      name: "a CA Certificate backing a CA Issuer, rotation unset, cert-manager unknown",
      yaml: caBootstrap(""),
      findings: [{ object: "Certificate/shop/shop-ca", line: 5, column: 3, severity: "info", message: "cert-manager 1.18 and later default it to Always", related: ["Issuer/shop/shop-ca"] }],
    },
    {
      name: "the same on cert-manager 1.18 in the render",
      yaml: caBootstrap("      privateKey: {algorithm: ECDSA}", controller("v1.18.2")),
      findings: [{ object: "Certificate/shop/shop-ca", line: 8, column: 3, severity: "info", message: "the cert-manager in this render (1.18) defaults it to Always" }],
    },
  ],
});
