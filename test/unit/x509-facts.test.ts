import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { loadStreams } from "../../src/load/loader";
import { publicKeyOfPrivateKey } from "../../src/load/public-key";
import { parseCertificate, parseWithOpenSSL, signs } from "../../src/load/x509";
import { readCertificate } from "../../src/load/x509-der";
import { pemOfKey, verifyChain } from "../../src/model/certificates";
import type { K8sObject } from "../../src/model/types";
import { b64, indented, makeCa, makeCert, makeServing } from "../support/certs";

const load = (text: string) => loadStreams([{ text, origin: { via: "file", file: "/m.yaml" } }], "default").objects;

const ca = makeCa("Example CA", "2026-01-01T00:00:00Z", "2036-01-01T00:00:00Z");
const leaf = makeServing(ca, ["web.shop.svc", "web"], "2026-02-03T04:05:06Z", "2027-02-03T04:05:06Z");
const otherCa = makeCa("Example CA", "2026-01-01T00:00:00Z", "2036-01-01T00:00:00Z");

function only(objects: K8sObject[], kind: string): K8sObject {
  const o = objects.find((x) => x.kind === kind);
  ok(o, `no ${kind}`);
  return o;
}

describe("load: X.509 facts", () => {
  it("reads a Secret's certificate and key into facts, and keeps neither", () => {
    const [secret] = load(`apiVersion: v1\nkind: Secret\nmetadata: {name: web-tls, namespace: shop}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(leaf.pem + ca.pem)}\n  tls.key: ${b64(leaf.keyPem)}\n`);
    const crt = pemOfKey(secret!, "tls.crt")!.facts;
    const key = pemOfKey(secret!, "tls.key")!.facts;
    const [served, issuer] = crt.certificates;
    deepStrictEqual(
      { subject: served!.subject, issuer: served!.issuer, dns: served!.dnsNames, isCA: served!.isCA, ku: served!.keyUsage, eku: served!.extKeyUsage, from: new Date(served!.notBefore).toISOString(), to: new Date(served!.notAfter).toISOString() },
      { subject: "CN=web.shop.svc", issuer: "CN=Example CA", dns: ["web.shop.svc", "web"], isCA: false, ku: ["digitalSignature", "keyEncipherment"], eku: ["serverAuth"], from: "2026-02-03T04:05:06.000Z", to: "2027-02-03T04:05:06.000Z" },
    );
    deepStrictEqual([issuer!.isCA, issuer!.keyUsage, issuer!.selfSigned], [true, ["digitalSignature", "keyCertSign", "cRLSign"], true]);
    ok(served!.signedBy.has(issuer!.fingerprint), "the leaf is linked to the CA that signed it");
    strictEqual(key.privateKeys[0]!.publicKeyHash, served!.publicKeyHash);
    deepStrictEqual(secret!.raw.data, { "tls.crt": "", "tls.key": "" });
    const kept = JSON.stringify(secret, (k, v: unknown) => (k === "doc" ? undefined : v instanceof Set ? [...(v as Set<string>)] : v));
    ok(!kept.includes("BEGIN") && !kept.includes(b64(leaf.pem).slice(20, 60)), "no body in the object");
  });

  it("links signatures across objects of one load, and tells a same-named CA with another key apart", () => {
    const objects = load(
      `apiVersion: v1\nkind: Secret\nmetadata: {name: web-tls}\nstringData:\n  tls.crt: |\n${indented(leaf.pem, 4)}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cas}\ndata:\n  good.crt: |\n${indented(ca.pem, 4)}\n  other.crt: |\n${indented(otherCa.pem, 4)}\n`,
    );
    const served = pemOfKey(only(objects, "Secret"), "tls.crt")!.facts.certificates[0]!;
    const cm = only(objects, "ConfigMap");
    ok(served.signedBy.has(pemOfKey(cm, "good.crt")!.facts.certificates[0]!.fingerprint));
    ok(!served.signedBy.has(pemOfKey(cm, "other.crt")!.facts.certificates[0]!.fingerprint), "same subject, other key: not the signer");
  });

  it("reads caBundles (base64) of webhooks, conversion webhooks and APIServices, and garbage as a fact", () => {
    const objects = load(
      `apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: m}\nwebhooks:\n  - name: a.x.io\n    clientConfig: {caBundle: ${b64(ca.pem)}}\n  - name: b.x.io\n    clientConfig: {caBundle: Cg==}\n  - name: c.x.io\n    clientConfig: {caBundle: "not base64!"}\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: xs.x.io}\nspec:\n  conversion:\n    strategy: Webhook\n    webhook:\n      clientConfig: {caBundle: ${b64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")}}\n---\napiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.x.io}\nspec:\n  caBundle: ${b64("hello")}\n`,
    );
    const hooks = only(objects, "MutatingWebhookConfiguration").pem!;
    deepStrictEqual(hooks.map((s) => [s.path.join("."), s.facts.certificates.length, s.facts.problems]), [
      ["webhooks.0.clientConfig.caBundle", 1, []],
      ["webhooks.1.clientConfig.caBundle", 0, ["empty"]],
      ["webhooks.2.clientConfig.caBundle", 0, ["not base64"]],
    ]);
    deepStrictEqual(only(objects, "CustomResourceDefinition").pem![0]!.facts.problems, ["a CERTIFICATE block that is not an X.509 certificate"]);
    deepStrictEqual(only(objects, "APIService").pem![0]!.facts.problems, ["not PEM"]);
  });

  it("finds PEM in any string field, and blanks a private key outside a Secret", () => {
    const odd = makeCert({ cn: "x", notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z" });
    const [cm, deploy] = load(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata:\n  server.key: |\n${indented(odd.keyPem, 4)}\n  bundle: ${b64(ca.pem)}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          env: [{name: CA_PEM, value: ${JSON.stringify(ca.pem)}}, {name: BAD, value: "-----BEGIN CERTIFICATE-----"}]\n`,
    );
    deepStrictEqual(cm!.pem!.map((s) => [s.path.join("."), s.encoding, s.facts.privateKeys.length, s.facts.certificates.length]), [
      ["data.server.key", "text", 1, 0],
      ["data.bundle", "base64", 0, 1],
    ]);
    strictEqual((cm!.raw.data as Record<string, string>)["server.key"], "");
    deepStrictEqual(deploy!.pem!.map((s) => [s.path.join("."), s.facts.certificates.length, s.facts.problems]), [
      ["spec.template.spec.containers.0.env.0.value", 1, []],
      ["spec.template.spec.containers.0.env.1.value", 0, ["a CERTIFICATE block without its END line"]],
    ]);
  });

  it("says what is wrong with PEM that is not", () => {
    const [s] = load(`apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  ca.crt: "changeme"\n  tls.crt: "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----"\n  x: "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END PRIVATE KEY-----"\n`);
    deepStrictEqual(s!.pem!.map((p) => p.facts.problems), [["not PEM"], ["a CERTIFICATE block that is not an X.509 certificate"], ["a CERTIFICATE block whose END line says PRIVATE KEY"]]);
  });
  it("verifies a presented chain against trusted certificates from the signatures linked at load time (verifyChain)", () => {
    const intermediate = makeCert({ cn: "Example Intermediate", notBefore: "2026-01-01T00:00:00Z", notAfter: "2030-01-01T00:00:00Z", isCA: true, keyUsage: ["keyCertSign"], issuer: ca });
    const served = makeServing(intermediate, ["api.shop.svc"], "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
    const [secret, cm] = load(
      `apiVersion: v1\nkind: Secret\nmetadata: {name: tls}\ndata:\n  chain.crt: ${b64(served.pem + intermediate.pem)}\n  leaf.crt: ${b64(served.pem)}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cas}\ndata:\n  good.crt: |\n${indented(ca.pem, 4)}\n  other.crt: |\n${indented(otherCa.pem, 4)}\n`,
    );
    const certs = (o: K8sObject, key: string) => pemOfKey(o, key)!.facts.certificates;
    const [good, other, chain, leafOnly] = [certs(cm!, "good.crt"), certs(cm!, "other.crt"), certs(secret!, "chain.crt"), certs(secret!, "leaf.crt")];
    deepStrictEqual(verifyChain(good, chain), { verified: true }, "leaf → presented intermediate → trusted root");
    deepStrictEqual(verifyChain(other, chain), { verified: false, reason: "sameName", issuer: "CN=Example CA" }, "a root of the same name with another key");
    deepStrictEqual(verifyChain(good, leafOnly), { verified: false, reason: "otherIssuer", issuer: "CN=Example Intermediate" }, "the intermediate is not presented");
    deepStrictEqual(verifyChain(chain.slice(1), leafOnly), { verified: true }, "a trusted intermediate is an anchor, as in Go");
    deepStrictEqual(verifyChain(leafOnly, chain), { verified: true }, "the presented certificate itself is trusted");
    deepStrictEqual(verifyChain(leafOnly, [...chain, ...good]), { verified: true });
    deepStrictEqual(verifyChain(other, [...chain, ...good]), { verified: false, reason: "untrustedRoot", issuer: "CN=Example CA" });
  });
});

describe("load: public-key hashes read from the DER", () => {
  /** What OpenSSL says: the hash of node:crypto's SPKI export, the way these facts were first computed. */
  const opensslHash = (key: KeyObject) => createHash("sha256").update(createPublicKey(key).export({ type: "spki", format: "der" })).digest("hex");
  /** A certificate for `key`'s public key (signed by the EC CA: only the subject key matters here). */
  const certFor = (key: KeyObject) => makeCert({ cn: "k.example", notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z", issuer: ca, keyOf: { key, pem: "", keyPem: "", subjectDer: Buffer.alloc(0) } });
  const secretFacts = (crt: string, keyPem: string) => {
    const [secret] = load(`apiVersion: v1\nkind: Secret\nmetadata: {name: k}\ndata:\n  tls.crt: ${b64(crt)}\n  tls.key: ${b64(keyPem)}\n`);
    return { cert: pemOfKey(secret!, "tls.crt")!.facts.certificates[0]!.publicKeyHash, key: pemOfKey(secret!, "tls.key")!.facts.privateKeys[0]!.publicKeyHash };
  };
  const ec = (namedCurve: string) => generateKeyPairSync("ec", { namedCurve }).privateKey;
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const cases: [string, KeyObject, string][] = [
    ["RSA, PKCS#8", rsa, rsa.export({ type: "pkcs8", format: "pem" }) as string],
    ["RSA, PKCS#1", rsa, rsa.export({ type: "pkcs1", format: "pem" }) as string],
    ...["prime256v1", "secp384r1", "secp521r1"].flatMap((curve): [string, KeyObject, string][] => {
      const k = ec(curve);
      return [
        [`EC ${curve}, PKCS#8`, k, k.export({ type: "pkcs8", format: "pem" }) as string],
        [`EC ${curve}, SEC1`, k, k.export({ type: "sec1", format: "pem" }) as string],
      ];
    }),
  ];
  for (const [name, key, pem] of cases) {
    it(`${name}: certificate and key hash as node:crypto's SPKI export does`, () => {
      const want = opensslHash(key);
      deepStrictEqual(secretFacts(certFor(key).pem, pem), { cert: want, key: want });
      // Read from the DER, not by OpenSSL (what made the 500-certificate bench 1.09×): the same bytes as its export.
      const label = /-----BEGIN ([A-Z ]+)-----/.exec(pem)![1]!;
      deepStrictEqual(publicKeyOfPrivateKey(label, pem), createPublicKey(key).export({ type: "spki", format: "der" }));
    });
  }

  it("keys the DER reader does not take go through OpenSSL and still match: Ed25519, an EC key without its public point", () => {
    const ed = generateKeyPairSync("ed25519").privateKey;
    const edHash = opensslHash(ed);
    strictEqual(publicKeyOfPrivateKey("PRIVATE KEY", ed.export({ type: "pkcs8", format: "pem" }) as string), undefined);
    deepStrictEqual(secretFacts(certFor(ed).pem, ed.export({ type: "pkcs8", format: "pem" }) as string), { cert: edHash, key: edHash });
    // SEC1 without the optional [1] publicKey: version 1, the secret, [0] the curve (prime256v1).
    const k = ec("prime256v1");
    const d = Buffer.from(k.export({ format: "jwk" }).d!, "base64url");
    const curve = Buffer.from("06082a8648ce3d030107", "hex");
    const body = Buffer.concat([Buffer.from([0x02, 0x01, 0x01, 0x04, d.length]), d, Buffer.from([0xa0, curve.length]), curve]);
    const sec1 = Buffer.concat([Buffer.from([0x30, body.length]), body]);
    const pem = `-----BEGIN EC PRIVATE KEY-----\n${sec1.toString("base64")}\n-----END EC PRIVATE KEY-----\n`;
    strictEqual(publicKeyOfPrivateKey("EC PRIVATE KEY", pem), undefined);
    const want = opensslHash(k);
    deepStrictEqual(secretFacts(certFor(k).pem, pem), { cert: want, key: want });
  });

  it("a key that is not one (garbage, or an RSA key cut short) has no hash, as OpenSSL would say", () => {
    const garbage = `-----BEGIN PRIVATE KEY-----\n${Buffer.from("not a key at all").toString("base64")}\n-----END PRIVATE KEY-----\n`;
    strictEqual(secretFacts(leaf.pem, garbage).key, undefined);
    const der = rsa.export({ type: "pkcs1", format: "der" });
    const cut = der.subarray(0, 300);
    strictEqual(secretFacts(leaf.pem, `-----BEGIN RSA PRIVATE KEY-----\n${cut.toString("base64")}\n-----END RSA PRIVATE KEY-----\n`).key, undefined);
  });
});

describe("load: certificates read from the DER agree with X509Certificate", () => {
  const derOf = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, ""), "base64");
  const from = "2026-01-01T00:00:00Z";
  const until = "2027-01-01T00:00:00Z";
  /** Both readings of a certificate: the DER reader's (with OpenSSL behind it) and X509Certificate's. */
  const both = (pem: string) => {
    const der = derOf(pem);
    const fast = parseCertificate(der)!;
    const slow = parseWithOpenSSL(der)!;
    return { took: readCertificate(der) !== undefined, fast: { ...fast.facts, signedBy: [...fast.facts.signedBy] }, slow: { ...slow.facts, signedBy: [...slow.facts.signedBy] } };
  };
  const taken: [string, string][] = [
    ["a CA (basicConstraints, keyUsage, subject key id)", ca.pem],
    ["a serving certificate with DNS and IPv4 names and two extended usages", makeCert({ cn: "web", dnsNames: ["web.shop.svc", "*.web.shop.svc"], ipAddresses: ["10.0.0.7"], notBefore: from, notAfter: until, isCA: false, keyUsage: ["digitalSignature"], extKeyUsage: ["serverAuth", "clientAuth"], issuer: ca }).pem],
    ["a subject of C, ST, L, O, OU and CN, in that order", makeCert({ subject: [[["2.5.4.6", "DE", 0x13]], [["2.5.4.8", "Berlin"]], [["2.5.4.7", "Berlin"]], [["2.5.4.10", "Example Corp."]], [["2.5.4.11", "Platform (TLS)"]], [["2.5.4.3", "api.example.com"]]], notBefore: from, notAfter: until, isCA: true, keyUsage: ["keyCertSign"] }).pem],
    ["basicConstraints cA with a keyUsage that lacks keyCertSign (no CA, as OpenSSL says)", makeCert({ cn: "odd", notBefore: from, notAfter: until, isCA: true, keyUsage: ["digitalSignature"] }).pem],
    ["no basicConstraints, keyUsage or extended usage", makeCert({ cn: "bare", notBefore: from, notAfter: until }).pem],
    ["a self-signed serving certificate without the CA flag (genSelfSignedCert)", makeCert({ cn: "self", dnsNames: ["self.svc"], notBefore: from, notAfter: until, isCA: false }).pem],
  ];
  for (const [name, pem] of taken) {
    it(`${name}: read from the DER, the same facts`, () => {
      const r = both(pem);
      ok(r.took, "the DER reader takes it");
      deepStrictEqual(r.fast, r.slow);
    });
  }
  const refused: [string, string][] = [
    ["a value OpenSSL escapes (a comma)", makeCert({ cn: "a,b", notBefore: from, notAfter: until }).pem],
    ["a non-ASCII value", makeCert({ cn: "Grüße CA", notBefore: from, notAfter: until }).pem],
    ["a multi-valued RDN", makeCert({ subject: [[["2.5.4.10", "Example"], ["2.5.4.3", "both"]]], notBefore: from, notAfter: until }).pem],
    ["an attribute outside the table (serialNumber)", makeCert({ subject: [[["2.5.4.5", "1234"]], [["2.5.4.3", "numbered"]]], notBefore: from, notAfter: until }).pem],
    ["an IPv6 name", makeCert({ cn: "v6", ipAddresses: ["2001:db8:0:0:0:0:0:1"], notBefore: from, notAfter: until }).pem],
    ["a DNS name Node quotes", makeCert({ cn: "q", dnsNames: ["a,b.example"], notBefore: from, notAfter: until }).pem],
  ];
  for (const [name, pem] of refused) {
    it(`${name}: left to X509Certificate, the same facts`, () => {
      const r = both(pem);
      ok(!r.took, "the DER reader leaves it");
      deepStrictEqual(r.fast, r.slow);
    });
  }

  it("signatures: verified over the TBSCertificate as X509Certificate.verify does (signer, same-named CA with another key, a key type the algorithm does not take)", () => {
    const rsaKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const rsaCa = makeCert({ cn: "Example CA", notBefore: from, notAfter: until, isCA: true, keyOf: { key: rsaKey, pem: "", keyPem: "", subjectDer: Buffer.alloc(0) } });
    const certs = [ca, otherCa, leaf, rsaCa].map((c) => derOf(c.pem));
    for (const issuer of certs) {
      for (const cert of certs) {
        const fast = signs(parseCertificate(issuer)!, parseCertificate(cert)!);
        const slow = signs(parseWithOpenSSL(issuer)!, parseWithOpenSSL(cert)!);
        strictEqual(fast, slow);
      }
    }
    ok(signs(parseCertificate(certs[0]!)!, parseCertificate(certs[2]!)!), "the CA signed the leaf");
    ok(!signs(parseCertificate(certs[1]!)!, parseCertificate(certs[2]!)!), "the same-named CA did not");
  });
});
