import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { dedent } from "../support/dedent";

function model(yaml: string): Model {
  return new Model(loadStreams([{ text: dedent(yaml), origin: { via: "file", file: "/x.yaml" } }], "default").objects);
}

const keys = (set: ReadonlySet<string> | undefined) => (set ? [...set].sort() : undefined);

describe("source facts: who writes each Secret and ConfigMap, and what it will hold", () => {
  it("a trust-manager Bundle writes its PEM key and its additionalFormats into the selected namespaces only", () => {
    const m = model(`
      apiVersion: trust.cert-manager.io/v1alpha1
      kind: Bundle
      metadata: {name: corp}
      spec:
        sources: [{useDefaultCAs: true}]
        target:
          configMap: {key: ca-bundle.crt}
          secret: {key: bundle.pem}
          additionalFormats:
            jks: {key: truststore.jks}
            pkcs12: {key: truststore.p12}
          namespaceSelector:
            matchLabels: {trust: corp}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: apps, labels: {trust: corp}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: other}
    `);
    const facts = m.configMapFacts("apps", "corp")!;
    deepStrictEqual(keys(facts.keys), ["ca-bundle.crt", "truststore.jks", "truststore.p12"]);
    deepStrictEqual(keys(m.secretFacts("apps", "corp")!.keys), ["bundle.pem", "truststore.jks", "truststore.p12"]);
    strictEqual(facts.writersOf("truststore.jks")[0]!.description, "trust-manager Bundle corp");
    strictEqual(facts.contentOf("truststore.jks").kind, "bundle");
    strictEqual(facts.rotation, "trust-manager Bundle corp");
    strictEqual(m.configMapFacts("other", "corp"), undefined, "the selector does not pick namespace other");
    // A namespace the render does not show: its labels are unknown, so the target may be there.
    deepStrictEqual(keys(m.configMapFacts("elsewhere", "corp")!.keys), ["ca-bundle.crt", "truststore.jks", "truststore.p12"]);
  });

  it("a trust-manager ClusterBundle writes each target data key; matchExpressions on the name label are decided without a Namespace object", () => {
    const m = model(`
      apiVersion: trust-manager.io/v1alpha2
      kind: ClusterBundle
      metadata: {name: roots}
      spec:
        defaultCAs: {provider: Disabled}
        target:
          configMap:
            data: [{key: ca.crt}, {key: bundle.jks, format: JKS}]
          namespaceSelector:
            matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]
    `);
    deepStrictEqual(keys(m.configMapFacts("apps", "roots")!.keys), ["bundle.jks", "ca.crt"]);
    strictEqual(m.configMapFacts("apps", "roots")!.contentOf("ca.crt").kind, "private");
    strictEqual(m.configMapFacts("kube-system", "roots"), undefined);
  });

  it("a Certificate's Secret holds tls.crt, tls.key, ca.crt and the keystores, with the DNS names it issues; indexed once per Secret", () => {
    const m = model(`
      apiVersion: cert-manager.io/v1
      kind: Certificate
      metadata: {name: api, namespace: team}
      spec:
        secretName: api-tls
        dnsNames: [api.team.svc]
        keystores:
          jks: {create: true, passwordSecretRef: {name: p, key: k}}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: api-tls, namespace: team}
    `);
    const facts = m.secretFacts("team", "api-tls")!;
    deepStrictEqual(keys(facts.keys), ["ca.crt", "keystore.jks", "tls.crt", "tls.key", "truststore.jks"]);
    deepStrictEqual(facts.writers.map((w) => w.type), ["rendered", "certificate"]);
    deepStrictEqual(facts.issuers.map((w) => w.dnsNames), [["api.team.svc"]]);
    deepStrictEqual(facts.certificates.map((c) => c.name), ["api"]);
    strictEqual(facts.rendered?.kind, "Secret");
    strictEqual(m.secretFacts("team", "nothing"), undefined);
  });

  it("injectors replace a ConfigMap's data; kube-root-ca.crt holds ca.crt in every namespace", () => {
    const m = model(`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: service-ca
        namespace: team
        annotations: {service.beta.openshift.io/inject-cabundle: "true"}
      data: {ignored: "x"}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: trusted
        namespace: team
        labels: {config.openshift.io/inject-trusted-cabundle: "true"}
    `);
    deepStrictEqual(keys(m.configMapFacts("team", "service-ca")!.keys), ["service-ca.crt"]);
    deepStrictEqual(keys(m.configMapFacts("team", "trusted")!.keys), ["ca-bundle.crt"]);
    strictEqual(m.configMapFacts("team", "trusted")!.contentOf("ca-bundle.crt").kind, "bundle");
    deepStrictEqual(keys(m.configMapFacts("anywhere", "kube-root-ca.crt")!.keys), ["ca.crt"]);
    strictEqual(m.configMapFacts("anywhere", "kube-root-ca.crt")!.rotation, "the kube-controller-manager (cluster root CA)");
  });

  it("resolves a container path through the deepest mount, the volume and its items to the key and its facts", () => {
    const m = model(`
      apiVersion: v1
      kind: Service
      metadata:
        name: api
        namespace: team
        annotations: {service.beta.openshift.io/serving-cert-secret-name: api-tls}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: team}
      spec:
        template:
          spec:
            containers:
              - name: api
                image: api
                volumeMounts:
                  - {name: data, mountPath: /var}
                  - {name: certs, mountPath: /var/certs}
            volumes:
              - {name: data, emptyDir: {}}
              - name: certs
                projected:
                  sources:
                    - secret: {name: api-tls}
                    - configMap: {name: missing, items: [{key: ca, path: ca.crt}]}
    `);
    const w = m.workloads[0]!;
    const c = w.containers[0]!;
    const cert = m.resolveFile(w, c, "/var/certs/./tls.crt")!;
    strictEqual(cert.mount.name, "certs");
    strictEqual(cert.volumeType, "projected");
    deepStrictEqual({ ...cert.backing, facts: undefined }, { kind: "Secret", name: "api-tls", key: "tls.crt", exists: true, facts: undefined });
    deepStrictEqual(cert.backing!.facts!.issuers[0]!.dnsNames, ["api.team.svc", "api.team.svc.cluster.local"]);
    // service-ca writes no ca.crt; the ConfigMap that maps ca.crt is not in the render (unknown).
    strictEqual(m.resolveFile(w, c, "/var/certs/ca.crt")!.backing!.kind, "ConfigMap");
    strictEqual(m.resolveFile(w, c, "/var/certs/ca.crt")!.backing!.exists, undefined);
    strictEqual(m.resolveFile(w, c, "/var/certs/other.pem")!.backing!.exists, false);
    strictEqual(m.resolveFile(w, c, "/var/log/x")!.mount.name, "data");
    strictEqual(m.resolveFile(w, c, "/etc/ssl/certs"), undefined);
  });
});
