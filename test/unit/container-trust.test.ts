import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { RULES } from "../../rules";
import { configureRules } from "../../src/engine/configure";
import { runRules } from "../../src/engine/run";
import { reduceFindings } from "../../src/findings/reduce";
import { EMPTY_CONFIG } from "../../src/config/config";
import { parseImage } from "../../src/model/images";
import { compileGlob } from "../../src/util/glob";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { DEFAULT_KNOWLEDGE, extendKnowledge } from "../../src/model/knowledge";
import { imageFacts } from "../../src/model/trust/image";
import { objectRef } from "../../src/model/types";
import { dedent } from "../support/dedent";
import { makeCa } from "../support/certs";

// A real CA certificate: a ConfigMap holding garbage PEM would be reported by cabundle-invalid and
// blur the "one root cause, one finding" cases below. JSON quoting is valid YAML flow syntax.
const CORP_CA_YAML = JSON.stringify(makeCa("corp root CA", "2020-01-01T00:00:00Z", "2120-01-01T00:00:00Z").pem);

function model(yaml: string): Model {
  return new Model(loadStreams([{ text: dedent(yaml), origin: { via: "file", file: "/virtual/m.yaml" } }], "default").objects);
}

/** Every rule, as the CLI runs them: "rule object path" for each finding kept after de-duplication. */
function lint(yaml: string): string[] {
  const found = reduceFindings(runRules(model(yaml), configureRules(RULES, EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") }));
  return found.map((f) => `${f.meta.id} ${objectRef(f.input.object)} ${f.input.path.join(".")}`).sort();
}

describe("container trust stores", () => {
  describe("image references and globs", () => {
    it("normalises references as the container runtime does", () => {
      deepStrictEqual(parseImage("node:20-alpine"), { repository: "docker.io/library/node", tag: "20-alpine" });
      deepStrictEqual(parseImage("bitnami/external-dns:0.14.2"), { repository: "docker.io/bitnami/external-dns", tag: "0.14.2" });
      deepStrictEqual(parseImage("registry.k8s.io/external-dns/external-dns:v0.14.2@sha256:abc"), { repository: "registry.k8s.io/external-dns/external-dns", tag: "v0.14.2" });
      deepStrictEqual(parseImage("localhost:5000/app"), { repository: "localhost:5000/app", tag: undefined });
      deepStrictEqual(parseImage("docker.io/python"), { repository: "docker.io/library/python", tag: undefined });
    });

    it("matches * within a segment and ** across segments", () => {
      ok(compileGlob("**/external-dns").test("my.mirror.io/team/external-dns"));
      ok(compileGlob("**/external-dns").test("docker.io/bitnami/external-dns"));
      ok(!compileGlob("quay.io/prometheus/*").test("quay.io/prometheus/a/b"));
      ok(!compileGlob("**/external-dns").test("docker.io/library/external-dns-operator"));
    });
  });

  describe("image facts", () => {
    it("knows distroless external-dns sets SSL_CERT_FILE and bitnami's does not", () => {
      const upstream = imageFacts("registry.k8s.io/external-dns/external-dns:v0.14.2", DEFAULT_KNOWLEDGE);
      strictEqual(upstream.runtime, "go");
      strictEqual(upstream.env.get("SSL_CERT_FILE"), "/etc/ssl/certs/ca-certificates.crt");
      deepStrictEqual(upstream.layout?.files, ["/etc/ssl/certs/ca-certificates.crt"]);
      const bitnami = imageFacts("bitnami/external-dns:0.14.2-debian-12-r0", DEFAULT_KNOWLEDGE);
      strictEqual(bitnami.runtime, "go");
      strictEqual(bitnami.layout?.name, "debian");
      strictEqual(bitnami.env.has("SSL_CERT_FILE"), false);
    });

    it("takes the base from the tag and keeps eclipse-temurin's hook", () => {
      const ubi = imageFacts("eclipse-temurin:21-jre-ubi9-minimal", DEFAULT_KNOWLEDGE);
      deepStrictEqual([ubi.runtime, ubi.layout?.name, ubi.cacertHook], ["jvm", "rhel", true]);
      ok(ubi.layout?.files.includes("/opt/java/openjdk/lib/security/cacerts"));
      deepStrictEqual([imageFacts("node:20-alpine", DEFAULT_KNOWLEDGE).layout?.name, imageFacts("node:20", DEFAULT_KNOWLEDGE).layout], ["alpine", undefined]);
      strictEqual(imageFacts("ghcr.io/example/app:1", DEFAULT_KNOWLEDGE).runtime, "unknown");
    });

    it("lets user entries win, field by field", () => {
      const k = extendKnowledge({ images: [{ image: "ghcr.io/example/app", runtime: "python" }, { image: "**/external-dns", env: { SSL_CERT_FILE: "/custom.pem" } }] });
      strictEqual(imageFacts("ghcr.io/example/app:1", k).runtime, "python");
      const dns = imageFacts("registry.k8s.io/external-dns/external-dns:v0.14.2", k);
      deepStrictEqual([dns.env.get("SSL_CERT_FILE"), dns.layout?.name], ["/custom.pem", "distroless"]);
    });
  });

  describe("the Model accessor", () => {
    it("builds the trust stores once, with the model's one knowledge", () => {
      const text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: node:20, env: [{name: MY_CA, value: /ca.pem}]}]}\n";
      const m = model(text);
      strictEqual(m.trustStores(), m.trustStores());
      strictEqual(extendKnowledge({}), DEFAULT_KNOWLEDGE);
      const extra = new Model(m.objects, extendKnowledge({ caEnv: ["MY_CA"] }));
      notStrictEqual(extra.knowledge, DEFAULT_KNOWLEDGE);
      strictEqual(Object.isFrozen(extra.knowledge.extraEnv), true);
      deepStrictEqual(extra.trustStores().containers[0]!.settings.map((s) => s.name), ["MY_CA"]);
      deepStrictEqual(m.trustStores().containers[0]!.settings.map((s) => s.name), []);
      strictEqual(m.trustStores().containers.length, 1);
    });
  });

  describe("where a CA file comes from", () => {
    const yaml = `
      apiVersion: trust.cert-manager.io/v1alpha1
      kind: Bundle
      metadata: {name: full}
      spec: {sources: [{useDefaultCAs: true}], target: {configMap: {key: bundle.pem}}}
      ---
      apiVersion: trust.cert-manager.io/v1alpha1
      kind: Bundle
      metadata: {name: private-only}
      spec: {sources: [{secret: {name: root, key: ca.crt}}], target: {configMap: {key: bundle.pem}}}
      ---
      apiVersion: trust-manager.io/v1alpha2
      kind: ClusterBundle
      metadata: {name: v2}
      spec: {defaultCAs: {provider: System}, target: {configMap: {data: [{key: roots.pem}]}, namespaceSelector: {}}}
      ---
      apiVersion: cert-manager.io/v1
      kind: Certificate
      metadata: {name: web}
      spec: {secretName: web-tls}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: big}
      stringData:
        roots.pem: "${"-----BEGIN CERTIFICATE-----\\nx\\n-----END CERTIFICATE-----\\n".repeat(60)}"
    `;
    const sources = model(yaml).sources();
    const kinds = (cases: [string, "ConfigMap" | "Secret", string, string][]) => cases.map(([, kind, name, key]) => sources.contentOf(kind, "default", name, key).kind);

    it("judges by producer, then PEM count, then key name", () => {
      deepStrictEqual(
        kinds([
          ["trust-manager with default CAs", "ConfigMap", "full", "bundle.pem"],
          ["trust-manager without them", "ConfigMap", "private-only", "bundle.pem"],
          ["trust-manager v1alpha2 ClusterBundle", "ConfigMap", "v2", "roots.pem"],
          ["a cert-manager Certificate's Secret", "Secret", "web-tls", "ca.crt"],
          ["the cluster root CA", "ConfigMap", "kube-root-ca.crt", "ca.crt"],
          ["60 PEM certificates in a Secret (values dropped, count kept)", "Secret", "big", "roots.pem"],
          ["a bundle by name", "ConfigMap", "elsewhere", "ca-certificates.crt"],
          ["a single CA by name", "Secret", "elsewhere", "service-ca.crt"],
          ["nothing to go on", "ConfigMap", "elsewhere", "corp.pem"],
        ]),
        ["bundle", "private", "bundle", "private", "private", "bundle", "bundle", "private", "unknown"],
      );
    });

    it("says how it judged as data (basis, PEM count, producer), and in words only through describe()", () => {
      const judged = (kind: "ConfigMap" | "Secret", name: string, key: string) => {
        const c = sources.contentOf(kind, "default", name, key);
        return [c.kind, c.basis, c.pemCount, c.producer?.type, c.describe()];
      };
      deepStrictEqual(judged("ConfigMap", "full", "bundle.pem"), ["bundle", "producer", undefined, "trust-manager", 'ConfigMap full key "bundle.pem" is a target of trust-manager Bundle full, which includes the default public CAs']);
      deepStrictEqual(judged("Secret", "web-tls", "ca.crt"), ["private", "producer", undefined, "certificate", 'Secret web-tls is written by cert-manager Certificate web: its "ca.crt" is one issuer\'s CA or certificate']);
      deepStrictEqual(judged("ConfigMap", "kube-root-ca.crt", "ca.crt"), ["private", "producer", undefined, "injector", "ConfigMap kube-root-ca.crt holds only the cluster's root CA"]);
      deepStrictEqual(judged("Secret", "big", "roots.pem"), ["bundle", "pem-count", 60, undefined, 'Secret big key "roots.pem" holds 60 PEM certificates']);
      deepStrictEqual(judged("Secret", "elsewhere", "service-ca.crt"), ["private", "key-name", undefined, undefined, 'Secret elsewhere key "service-ca.crt" is named like a single CA']);
      deepStrictEqual(judged("ConfigMap", "elsewhere", "corp.pem"), ["unknown", "key-name", undefined, undefined, 'ConfigMap elsewhere key "corp.pem"']);
    });
  });

  describe("one root cause, one finding, across the container-trust rules", () => {
    it("an ignored --tls-ca whose file is not mounted is reported once, by ca-flag-ignored", () => {
      const found = lint(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  args: [--provider=aws, --tls-ca=/ssl/ca.crt]
      `);
      deepStrictEqual(found, ["ca-flag-ignored Deployment/default/dns spec.template.spec.containers.0.args.1"]);
    });

    it("a variable the runtime ignores is reported once, by ca-env-ignored-by-runtime", () => {
      const found = lint(`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: corp-ca}
        data: {ca.crt: ${CORP_CA_YAML}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: go
              image: registry.k8s.io/external-dns/external-dns:v0.14.2
              args: [--provider=pdns]
              env: [{name: NODE_EXTRA_CA_CERTS, value: /nowhere/ca.crt}]
            - name: node
              image: node:20
              env: [{name: SSL_CERT_FILE, value: /corp/ca.crt}]
              volumeMounts: [{name: corp, mountPath: /corp}]
          volumes: [{name: corp, configMap: {name: corp-ca}}]
      `);
      deepStrictEqual(found, ["ca-env-ignored-by-runtime Pod/default/p spec.containers.0.env.0", "ca-env-ignored-by-runtime Pod/default/p spec.containers.1.env.0"]);
    });

    it("a CA file missing because a volume hides its trust directory is reported once, at the mount", () => {
      const found = lint(`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              image: python:3.12
              env: [{name: REQUESTS_CA_BUNDLE, value: /etc/ssl/certs/ca-certificates.crt}]
              volumeMounts: [{name: corp, mountPath: /etc/ssl/certs}]
          volumes: [{name: corp, configMap: {name: corp-ca, items: [{key: ca.crt, path: corp.crt}]}}]
      `);
      deepStrictEqual(found, ["trust-store-shadowed Pod/default/p spec.containers.0.volumeMounts.0.mountPath"]);
    });

    it("a partly ignored variable (SSL_CERT_FILE for Python) keeps its other findings", () => {
      const found = lint(`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              image: python:3.12
              env: [{name: SSL_CERT_FILE, value: /nowhere/ca.crt}]
      `);
      deepStrictEqual(found, ["ca-bundle-path-not-mounted Pod/default/p spec.containers.0.env.0", "ca-env-ignored-by-runtime Pod/default/p spec.containers.0.env.0"]);
    });

    it("the example chart's shape keeps both foundation rules next to ca-flag-ignored", () => {
      const found = lint(`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: corp-ca}
        data: {ca.crt: ${CORP_CA_YAML}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: dns}
        spec:
          template:
            spec:
              containers:
                - name: external-dns
                  image: registry.k8s.io/external-dns/external-dns:v0.14.2
                  args: [--provider=aws, --tls-ca=/ssl/ca.crt]
                  env: [{name: SSL_CERT_FILE, value: /ssl/ca.crt}]
                  volumeMounts: [{name: corp-ca, mountPath: /etc/ssl/certs, readOnly: true}]
              volumes: [{name: corp-ca, configMap: {name: corp-ca}}]
      `);
      deepStrictEqual(found, [
        "ca-bundle-path-not-mounted Deployment/default/dns spec.template.spec.containers.0.env.0",
        "ca-flag-ignored Deployment/default/dns spec.template.spec.containers.0.args.1",
        "trust-store-shadowed Deployment/default/dns spec.template.spec.containers.0.volumeMounts.0.mountPath",
      ]);
    });
  });
});
