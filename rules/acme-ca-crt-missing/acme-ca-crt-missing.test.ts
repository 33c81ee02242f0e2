import { deepStrictEqual } from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/config";
import { defaultRequest, lint } from "../../src/lint";
import { dedent } from "../../test/support/dedent";
import { testRule } from "../../test/support/rule-tester";
import { RULES } from "..";
import rule from ".";

const LETSENCRYPT = `
    apiVersion: cert-manager.io/v1
    kind: ClusterIssuer
    metadata: {name: letsencrypt}
    spec:
      acme:
        server: https://acme-v02.api.letsencrypt.org/directory
        privateKeySecretRef: {name: letsencrypt-account}
        solvers: [{http01: {ingress: {ingressClassName: nginx}}}]
`;

const CA_ISSUER = `
    apiVersion: cert-manager.io/v1
    kind: ClusterIssuer
    metadata: {name: letsencrypt}
    spec:
      ca: {secretName: internal-ca}
`;

/** The Certificate a chart asks for its public endpoint, written into api-tls. */
const certificate = (namespace = "shop") => `
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: api, namespace: ${namespace}}
    spec:
      secretName: api-tls
      dnsNames: [api.example.com]
      issuerRef: {name: letsencrypt, kind: ClusterIssuer}
`;

/** A client that mounts the Secret whole and verifies its upstream with --tls-ca-file. */
const caFlagClient = `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: worker, namespace: shop}
    spec:
      selector: {matchLabels: {app: worker}}
      template:
        metadata: {labels: {app: worker}}
        spec:
          containers:
            - name: worker
              image: example.com/shop/worker:1.4
              args: [--upstream=https://api.example.com, --tls-ca-file=/etc/api-tls/ca.crt]
              volumeMounts: [{name: api-tls, mountPath: /etc/api-tls, readOnly: true}]
          volumes:
            - {name: api-tls, secret: {secretName: api-tls}}
`;

/** A server that maps tls.crt, tls.key and ca.crt out of the Secret with items, and a client CA from an env secretKeyRef. */
const itemsServer = `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api, namespace: shop}
    spec:
      selector: {matchLabels: {app: api}}
      template:
        metadata: {labels: {app: api}}
        spec:
          containers:
            - name: api
              image: example.com/shop/api:2.0
              env:
                - name: GRPC_CLIENT_CA
                  valueFrom: {secretKeyRef: {name: api-tls, key: ca.crt}}
              volumeMounts: [{name: tls, mountPath: /tls, readOnly: true}]
          volumes:
            - name: tls
              secret:
                secretName: api-tls
                items:
                  - {key: tls.crt, path: server.crt}
                  - {key: tls.key, path: server.key}
                  - {key: ca.crt, path: ca.crt}
`;

const webhook = `
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata:
      name: shop-validate
      annotations: {cert-manager.io/inject-ca-from: shop/api}
    webhooks:
      - name: validate.shop.example.com
        clientConfig:
          service: {namespace: shop, name: api, path: /validate}
        admissionReviewVersions: [v1]
        sideEffects: None
`;

/** trust-manager v1alpha1 Bundle distributing the CA of a Certificate in the trust namespace. */
const bundle = `
    apiVersion: trust.cert-manager.io/v1alpha1
    kind: Bundle
    metadata: {name: shop-ca}
    spec:
      sources:
        - useDefaultCAs: true
        - secret: {name: api-tls, key: ca.crt}
      target:
        configMap: {key: ca-bundle.crt}
`;

/** trust-manager v1alpha2 ClusterBundle: sourceRefs[].key is a pattern (`*` matches any run of characters). */
const clusterBundle = (key: string) => `
    apiVersion: trust-manager.io/v1alpha2
    kind: ClusterBundle
    metadata: {name: shop-ca}
    spec:
      defaultCAs: {provider: System}
      sourceRefs:
        - {kind: Secret, name: api-tls, key: "${key}"}
      target:
        configMap: {data: [{key: ca-bundle.crt}]}
        namespaceSelector: {}
`;

const RELATED = ["Certificate/shop/api", "ClusterIssuer/letsencrypt"];

testRule(rule, {
  accept: [
    { name: "a ClusterBundle pattern that also selects tls.crt of the Let's Encrypt Secret (it reads that key, not a missing ca.crt)", yaml: LETSENCRYPT + "---" + certificate("cert-manager") + "---" + clusterBundle("*.crt") },
    { name: "the same consumers when the ClusterIssuer is a CA issuer (it writes ca.crt)", yaml: CA_ISSUER + "---" + certificate() + "---" + caFlagClient + "---" + itemsServer + "---" + webhook },
    { name: "the issuer is not in the render", yaml: certificate() + "---" + caFlagClient + "---" + itemsServer },
    {
      name: "ca.crt comes from another source of a projected volume",
      yaml:
        LETSENCRYPT +
        "---" +
        certificate() +
        `---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api, namespace: shop}
    spec:
      selector: {matchLabels: {app: api}}
      template:
        metadata: {labels: {app: api}}
        spec:
          containers:
            - name: api
              image: example.com/shop/api:2.0
              volumeMounts: [{name: tls, mountPath: /tls, readOnly: true}]
          volumes:
            - name: tls
              projected:
                sources:
                  - secret: {name: api-tls, items: [{key: tls.crt, path: tls.crt}, {key: tls.key, path: tls.key}]}
                  - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
`,
    },
    { name: "a Bundle source in another namespace than trust-manager's is not this Secret", yaml: LETSENCRYPT + "---" + certificate("shop") + "---" + bundle },
  ],
  reject: [
    {
      name: "ingress-shim: the Ingress's cluster-issuer annotation makes cert-manager write shop-tls from Let's Encrypt, and a worker reads its ca.crt",
      yaml:
        LETSENCRYPT +
        `---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: api
      namespace: shop
      annotations: {cert-manager.io/cluster-issuer: letsencrypt}
    spec:
      ingressClassName: nginx
      tls: [{hosts: [api.example.com], secretName: api-tls}]
      rules: [{host: api.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]}}]
---` +
        caFlagClient,
      findings: [{ object: "Deployment/shop/worker", messageId: "caSettingReads", line: 32, column: 58, endLine: 32, endColumn: 91, message: "--tls-ca-file /etc/api-tls/ca.crt in container \"worker\" reads ca.crt of Secret shop/api-tls, but cert-manager's ingress-shim Certificate shop/api-tls (for Ingress shop/api) writes it, and the ACME ClusterIssuer letsencrypt returns no CA", fix: "or point the cert-manager issuer annotation of Ingress shop/api at a CA or self-signed issuer", related: ["Ingress/shop/api", "ClusterIssuer/letsencrypt"] }],
    },
    {
      name: "gateway-shim: a Gateway listener's certificateRefs Secret issued by Let's Encrypt has no ca.crt for the worker",
      yaml:
        LETSENCRYPT +
        `---
    apiVersion: gateway.networking.k8s.io/v1
    kind: Gateway
    metadata:
      name: edge
      namespace: shop
      annotations: {cert-manager.io/cluster-issuer: letsencrypt}
    spec:
      gatewayClassName: envoy
      listeners:
        - {name: https, port: 443, protocol: HTTPS, hostname: api.example.com, tls: {mode: Terminate, certificateRefs: [{name: api-tls}]}}
---` +
        caFlagClient,
      findings: [{ object: "Deployment/shop/worker", messageId: "caSettingReads", line: 32, column: 58, endLine: 32, endColumn: 91, message: "reads ca.crt of Secret shop/api-tls, but cert-manager's gateway-shim Certificate shop/api-tls (for Gateway shop/edge) writes it", fix: "point the cert-manager issuer annotation of Gateway shop/edge at a CA", related: ["Gateway/shop/edge", "ClusterIssuer/letsencrypt"] }],
    },
    {
      name: "a client's --tls-ca-file reads ca.crt of a Let's Encrypt Certificate's Secret (cert-manager#1571)",
      yaml: LETSENCRYPT + "---" + certificate() + "---" + caFlagClient,
      findings: [{ object: "Deployment/shop/worker", messageId: "caSettingReads", line: 29, column: 58, endLine: 29, endColumn: 91, message: "--tls-ca-file /etc/api-tls/ca.crt in container \"worker\" reads ca.crt of Secret shop/api-tls, but cert-manager Certificate shop/api writes it, and the ACME ClusterIssuer letsencrypt returns no CA", fix: "the ACME server https://acme-v02.api.letsencrypt.org/directory", related: RELATED }],
    },
    {
      name: "a server maps ca.crt with a volume item and takes it in an env secretKeyRef",
      yaml: LETSENCRYPT + "---" + certificate() + "---" + itemsServer,
      findings: [
        { object: "Deployment/shop/api", messageId: "envReads", line: 31, column: 61, endLine: 31, endColumn: 72, message: "Env GRPC_CLIENT_CA in container \"api\" takes key ca.crt of Secret shop/api-tls", fix: "Do not read ca.crt from this Secret", related: RELATED },
        { object: "Deployment/shop/api", messageId: "mountItemReads", line: 40, column: 22, endLine: 40, endColumn: 33, message: "Volume \"tls\" maps key ca.crt of Secret shop/api-tls", fix: "Do not read ca.crt from this Secret", related: RELATED },
      ],
    },
    {
      name: "a webhook's inject-ca-from names a Certificate of the ACME ClusterIssuer",
      yaml: LETSENCRYPT + "---" + certificate() + "---" + webhook,
      findings: [{ object: "ValidatingWebhookConfiguration/shop-validate", messageId: "injectCaFromReads", line: 22, column: 21, endLine: 22, endColumn: 61, message: "cert-manager.io/inject-ca-from: shop/api makes cert-manager's cainjector copy ca.crt of Secret shop/api-tls into the caBundle of ValidatingWebhookConfiguration shop-validate", fix: "or issue Certificate shop/api from a CA or self-signed issuer", related: RELATED }],
    },
    {
      name: "an APIService's inject-ca-from-secret names the Secret of a Let's Encrypt Certificate",
      yaml:
        LETSENCRYPT +
        "---" +
        certificate() +
        `---
    apiVersion: apiregistration.k8s.io/v1
    kind: APIService
    metadata:
      name: v1beta1.metrics.shop.example.com
      annotations: {cert-manager.io/inject-ca-from-secret: shop/api-tls}
    spec:
      group: metrics.shop.example.com
      version: v1beta1
      service: {namespace: shop, name: api}
      groupPriorityMinimum: 100
      versionPriority: 100
`,
      findings: [{ object: "APIService/v1beta1.metrics.shop.example.com", messageId: "injectCaFromReads", line: 22, column: 21, endLine: 22, endColumn: 72, message: "cert-manager.io/inject-ca-from-secret: shop/api-tls makes cert-manager's cainjector copy ca.crt of Secret shop/api-tls", fix: "Do not read ca.crt from this Secret", related: RELATED }],
    },
    {
      name: "a trust-manager Bundle takes ca.crt of a Let's Encrypt Certificate in the trust namespace",
      yaml: LETSENCRYPT + "---" + certificate("cert-manager") + "---" + bundle,
      findings: [{ object: "Bundle/shop-ca", messageId: "bundleSourceReads", line: 24, column: 35, endLine: 24, endColumn: 46, message: "Bundle shop-ca takes key ca.crt of Secret cert-manager/api-tls as a source", fix: "Do not read ca.crt from this Secret", related: ["Certificate/cert-manager/api", "ClusterIssuer/letsencrypt"] }],
    },
    {
      name: "a ClusterBundle sourceRefs key pattern that selects only ca.crt of a Let's Encrypt Secret",
      yaml: LETSENCRYPT + "---" + certificate("cert-manager") + "---" + clusterBundle("ca.*"),
      findings: [{ object: "ClusterBundle/shop-ca", messageId: "bundleSourceReads", line: 24, column: 41, endLine: 24, endColumn: 52, message: "ClusterBundle shop-ca takes key ca.crt of Secret cert-manager/api-tls as a source", fix: "Do not read ca.crt from this Secret", related: ["Certificate/cert-manager/api", "ClusterIssuer/letsencrypt"] }],
    },
  ],
});

/** The chain as lint runs every rule: one root cause, one finding, and the general rules know it when this one is off. */
describe("acme-ca-crt-missing with every rule", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "trustlint-acme-ca-"));
    writeFileSync(join(dir, "manifests.yaml"), dedent(LETSENCRYPT + "---" + certificate() + "---" + caFlagClient + "---" + webhook));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (config: string) => {
    writeFileSync(join(dir, ".trustlint.yaml"), config);
    const result = await lint(defaultRequest(["manifests.yaml"], dir, RULES, { config: loadConfig(join(dir, ".trustlint.yaml"), ".trustlint.yaml"), today: "2026-12-04" }));
    return result.findings.map((f) => `${f.meta.id} ${f.messageId} ${f.location.line}`).sort();
  };
  const messages = async (config: string) => {
    writeFileSync(join(dir, ".trustlint.yaml"), config);
    const result = await lint(defaultRequest(["manifests.yaml"], dir, RULES, { config: loadConfig(join(dir, ".trustlint.yaml"), ".trustlint.yaml"), today: "2026-12-04" }));
    return result.findings.map((f) => f.message);
  };

  it("supersedes ca-bundle-path-not-mounted and webhook-ca-missing on the same setting and caBundle", async () => {
    deepStrictEqual(await run("rules: {}\n"), ["acme-ca-crt-missing caSettingReads 29", "acme-ca-crt-missing injectCaFromReads 38"]);
  });

  it("turned off, the general rules report the same root causes from the same model facts", async () => {
    deepStrictEqual(await run("rules:\n  acme-ca-crt-missing: off\n"), ["ca-bundle-path-not-mounted flagNamesMissing 29", "webhook-ca-missing injectsNothing 41"]);
    const why = "the ACME ClusterIssuer letsencrypt returns no CA";
    const said = await messages("rules:\n  acme-ca-crt-missing: off\n");
    deepStrictEqual(said.map((m) => m.includes(why)), [true, true], said.join("\n"));
  });
});
