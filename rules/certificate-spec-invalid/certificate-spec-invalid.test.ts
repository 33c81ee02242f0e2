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
      findings: [{ object: "Certificate/shop/web", messageId: "renewBeforeNotBelowDuration", line: 8, column: 3, endLine: 8, endColumn: 20, message: "has renewBefore: 720h, not below its duration (720h)", fix: "Make renewBefore shorter than duration (for duration 720h, a third of" }],
    },
    {
      name: "renewBefore beyond the default duration of 90 days (cert-manager#4423)",
      yaml: certificate("      renewBefore: 2400h"),
      findings: [{ object: "Certificate/shop/web", messageId: "renewBeforeNotBelowDuration", line: 7, column: 3, endLine: 7, endColumn: 21, message: "not below its duration (2160h, the default)", fix: "Make renewBefore shorter than duration (for duration 2160h, a third" }],
    },
    {
      name: "a duration below cert-manager's minimum, and a renewBefore below 5m",
      yaml: certificate("      duration: 30m") + "---" + certificate("      renewBefore: 1m", "api"),
      findings: [
        { object: "Certificate/shop/web", messageId: "durationTooShort", line: 7, column: 5, endLine: 7, endColumn: 18, message: "below 1h", fix: "Set duration to 1h or more (cert-manager's default is 2160h, 90 days)." },
        { object: "Certificate/shop/api", messageId: "renewBeforeTooShort", line: 15, column: 5, endLine: 15, endColumn: 20, message: "anything below 5m", fix: "Set renewBefore to 5m or more (a third of duration is cert-manager's" },
      ],
    },
    {
      name: "a duration in days, which Go does not parse",
      yaml: certificate("      duration: 90d"),
      findings: [{ object: "Certificate/shop/web", messageId: "notADuration", line: 7, column: 3, endLine: 7, endColumn: 16, message: 'duration: "90d", which is not a Go duration', fix: "Write duration in hours, minutes or seconds: 2160h for 90 days, 360h" }],
    },
    {
      name: "a commonName over 64 bytes (cert-manager#1462)",
      yaml: certificate(`      commonName: ${"a".repeat(40)}.${"b".repeat(20)}.example.com\n      dnsNames: [${"a".repeat(40)}.${"b".repeat(20)}.example.com]`),
      findings: [{ object: "Certificate/shop/web", messageId: "commonNameTooLong", line: 7, column: 3, endLine: 7, endColumn: 88, message: "commonName of 73 bytes", fix: "Shorten commonName to 64 bytes or less, or drop it and list the name" }],
    },
    {
      name: "a CA with server auth",
      yaml: certificate('      isCA: true\n      usages: ["cert sign", "server auth"]'),
      findings: [{ object: "Certificate/shop/web", messageId: "caWithLeafUsages", line: 8, column: 3, endLine: 8, endColumn: 9, message: "with server auth in its usages", fix: 'Give the CA only CA usages (usages: ["cert sign", "crl sign",', severity: "warning" }],
    },
    {
      name: "a CA Certificate backing a CA Issuer, rotation unset, cert-manager unknown",
      yaml: caBootstrap(""),
      findings: [{ object: "Certificate/shop/shop-ca", messageId: "caKeyRotates", line: 5, column: 3, endLine: 5, endColumn: 13, message: "cert-manager 1.18 and later default it to Always", fix: "Set spec.privateKey.rotationPolicy: Never to keep the CA key (the", severity: "info", related: ["Issuer/shop/shop-ca"] }],
    },
    {
      name: "the same on cert-manager 1.18 in the render",
      yaml: caBootstrap("      privateKey: {algorithm: ECDSA}", controller("v1.18.2")),
      findings: [{ object: "Certificate/shop/shop-ca", messageId: "caKeyRotates", line: 8, column: 3, endLine: 8, endColumn: 13, message: "the cert-manager in this render (1.18) defaults it to Always", fix: "Set spec.privateKey.rotationPolicy: Never to keep the CA key (the", severity: "info", related: ["Issuer/shop/shop-ca"] }],
    },
  ],
});
