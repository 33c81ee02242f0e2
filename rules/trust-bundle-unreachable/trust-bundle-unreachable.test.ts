import { deepStrictEqual } from "node:assert/strict";
import { EMPTY_CONFIG } from "../../src/config/config";
import { configureRules } from "../../src/engine/configure";
import { runRules } from "../../src/engine/run";
import { reduceFindings } from "../../src/findings/reduce";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { dedent } from "../../test/support/dedent";
import { TEST_NOW, testRule } from "../../test/support/rule-tester";
import caBundlePathNotMounted from "../ca-bundle-path-not-mounted";
import rule from ".";

/** trust-manager's Helm chart: the controller with --trust-namespace from app.trust.namespace. */
const trustManager = (trustNs: string) => `
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: trust-manager, namespace: cert-manager}
    spec:
      selector: {matchLabels: {app: trust-manager}}
      template:
        metadata: {labels: {app: trust-manager}}
        spec:
          containers:
            - name: trust-manager
              image: quay.io/jetstack/trust-manager:v0.12.0
              args: [--log-format=text, --trust-namespace=${trustNs}, --webhook-port=6443]
`;

/** A root CA issued by cert-manager into Secret root-ca, the common source of a Bundle. */
const rootCa = (ns: string) => `
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: root-ca, namespace: ${ns}}
    spec:
      isCA: true
      commonName: Platform Root CA
      secretName: root-ca
      issuerRef: {name: selfsigned, kind: ClusterIssuer}
`;

const bundle = (target: string) => `
    apiVersion: trust.cert-manager.io/v1alpha1
    kind: Bundle
    metadata: {name: platform-bundle}
    spec:
      sources:
        - useDefaultCAs: true
        - secret: {name: root-ca, key: ca.crt}
      target:
${target}
`;

const PEM_TARGET = "        configMap: {key: trust-bundle.pem}";
const SELECTED_TARGET = `${PEM_TARGET}\n        namespaceSelector:\n          matchLabels: {trust.platform.io/inject: enabled}`;
const JKS_TARGET = `${PEM_TARGET}\n        additionalFormats:\n          jks: {key: bundle.jks}`;
const P12_TARGET = `${PEM_TARGET}\n        additionalFormats:\n          pkcs12: {key: bundle.p12}`;
/** The keystore client reading PKCS#12 instead (a .NET or a JVM with a PKCS12 truststore). */
const p12Client = () => javaClient.replace("truststore.jks", "truststore.p12").replace("{key: bundle.jks, path: truststore.jks}", "{key: bundle.p12, path: truststore.p12}");

const namespace = (name: string, labels: string) => `
    apiVersion: v1
    kind: Namespace
    metadata: {name: ${name}, labels: ${labels}}
`;

/** A Go client trusting the Bundle through SSL_CERT_FILE, the whole target mounted as a directory. */
const goClient = (file: string) => `
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
              image: registry.example.com/shop/api:1.4.2
              env: [{name: SSL_CERT_FILE, value: /etc/trust/${file}}]
              volumeMounts: [{name: trust, mountPath: /etc/trust, readOnly: true}]
          volumes:
            - name: trust
              configMap: {name: platform-bundle}
`;

/** A Java client picking the keystore with items (bitnami-style truststore mount). */
const javaClient = `
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: search, namespace: shop}
    spec:
      serviceName: search
      selector: {matchLabels: {app: search}}
      template:
        metadata: {labels: {app: search}}
        spec:
          containers:
            - name: search
              image: eclipse-temurin:21-jre
              env: [{name: JAVA_TOOL_OPTIONS, value: "-Djavax.net.ssl.trustStore=/opt/trust/truststore.jks"}]
              volumeMounts: [{name: truststore, mountPath: /opt/trust}]
          volumes:
            - name: truststore
              configMap:
                name: platform-bundle
                items:
                  - {key: bundle.jks, path: truststore.jks}
`;

/** trust-manager v1alpha2: sourceRefs and data keys. */
const clusterBundle = `
    apiVersion: trust-manager.io/v1alpha2
    kind: ClusterBundle
    metadata: {name: platform-bundle}
    spec:
      sourceRefs:
        - {kind: Secret, name: root-ca, key: ca.crt}
      target:
        configMap:
          data:
            - key: ca-bundle.crt
`;

const doc = (...parts: string[]) => parts.join("---");

/**
 * trust-manager's chart idiom, rendered by Helm: the trust namespace from app.trust.namespace, and
 * a platform chart's Bundle whose CA source is issued into .Values.ca.namespace.
 */
const chartTemplate = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: trust-manager, namespace: {{ .Release.Namespace }}}
spec:
  selector: {matchLabels: {app: trust-manager}}
  template:
    metadata: {labels: {app: trust-manager}}
    spec:
      containers:
        - name: trust-manager
          image: "quay.io/jetstack/trust-manager:v0.12.0"
          args:
            - "--trust-namespace={{ .Values.app.trust.namespace }}"
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: root-ca, namespace: {{ .Values.ca.namespace }}}
spec:
  isCA: true
  commonName: Platform Root CA
  secretName: root-ca
  issuerRef: {name: selfsigned, kind: ClusterIssuer}
---
apiVersion: trust.cert-manager.io/v1alpha1
kind: Bundle
metadata: {name: platform-bundle}
spec:
  sources:
    - useDefaultCAs: true
    - secret:
        name: {{ .Values.ca.secretName }}
        key: ca.crt
  target:
    configMap: {key: trust-bundle.pem}
`;
const chartValues = (caNamespace: string) => ({ "values.yaml": `app: {trust: {namespace: cert-manager}}\nca: {namespace: ${caNamespace}, secretName: root-ca}\n` });

testRule(rule, {
  accept: [
    { name: "the source is in the trust namespace", yaml: doc(trustManager("cert-manager"), rootCa("cert-manager"), bundle(PEM_TARGET), goClient("trust-bundle.pem")) },
    { name: "trust-manager installed with the source's namespace as trust namespace", yaml: doc(trustManager("platform"), rootCa("platform"), bundle(PEM_TARGET)) },
    { name: "a source the render does not have is not judged", yaml: doc(trustManager("cert-manager"), bundle(PEM_TARGET)) },
    { name: "a chart rendered by Helm: the CA issued into the trust namespace", yaml: chartTemplate, chart: { template: "trust.yaml", files: chartValues("cert-manager") } },
    { name: "a source written without a namespace: the install's -n decides where it lands", yaml: doc(trustManager("cert-manager"), rootCa("platform").replace("namespace: platform", "labels: {app: platform}"), bundle(PEM_TARGET)) },
    // Applied without -n it would run in "default", which this selector excludes by name; with -n shop it is selected.
    { name: "a consumer written without a namespace: where it runs is not known", yaml: doc(rootCa("cert-manager"), bundle(`${PEM_TARGET}\n        namespaceSelector:\n          matchLabels: {kubernetes.io/metadata.name: shop}`), goClient("trust-bundle.pem").replace("namespace: shop", "labels: {app: api}")) },
    { name: "the consumers' namespace carries the selector's label", yaml: doc(rootCa("cert-manager"), bundle(SELECTED_TARGET), namespace("shop", "{trust.platform.io/inject: enabled}"), goClient("trust-bundle.pem")) },
    { name: "a namespace the render does not have: its labels are unknown", yaml: doc(rootCa("cert-manager"), bundle(SELECTED_TARGET), goClient("trust-bundle.pem")) },
    { name: "the JKS the Java client reads is an additional format of the Bundle", yaml: doc(rootCa("cert-manager"), bundle(JKS_TARGET), javaClient) },
    { name: "the PKCS#12 keystore the client reads is an additional format of the Bundle", yaml: doc(rootCa("cert-manager"), bundle(P12_TARGET), p12Client()) },
    { name: "a ClusterBundle data key the client reads", yaml: doc(rootCa("cert-manager"), clusterBundle, goClient("ca-bundle.crt")) },
  ],
  reject: [
    {
      name: "a chart rendered by Helm: the CA issued into another namespace than app.trust.namespace",
      yaml: chartTemplate,
      chart: { template: "trust.yaml", files: chartValues("platform") },
      findings: [
        {
          object: "Bundle/platform-bundle",
          messageId: "sourceOutsideTrustNamespace",
          line: 31,
          column: 9,
          endLine: 31,
          endColumn: 42,
          message: "(--trust-namespace=cert-manager on trust-manager's Deployment default/trust-manager), and the render has Secret root-ca only in namespace platform",
          fix: "Render Secret root-ca in namespace cert-manager",
          // The second is the values.yaml line the name comes from (the locator's related location).
          related: ["Certificate/platform/root-ca", "Bundle/platform-bundle"],
        },
      ],
    },
    {
      name: "the Bundle's source CA is issued into another namespace than trust-manager's (trust-manager#120)",
      yaml: doc(trustManager("cert-manager"), rootCa("platform"), bundle(PEM_TARGET)),
      findings: [
        {
          object: "Bundle/platform-bundle",
          messageId: "sourceOutsideTrustNamespace",
          line: 29,
          column: 20,
          endLine: 29,
          endColumn: 33,
          message: 'names Secret "root-ca" as a source, but trust-manager reads sources only from its trust namespace cert-manager (--trust-namespace=cert-manager on trust-manager\'s Deployment cert-manager/trust-manager), and the render has Secret root-ca only in namespace platform',
          fix: "Render Secret root-ca in namespace cert-manager",
          severity: "error",
          related: ["Certificate/platform/root-ca"],
        },
      ],
    },
    {
      name: "without trust-manager in the render, its default trust namespace (warning)",
      yaml: doc(rootCa("platform"), bundle(PEM_TARGET)),
      findings: [{ object: "Bundle/platform-bundle", messageId: "sourceOutsideTrustNamespace", line: 16, column: 20, endLine: 16, endColumn: 33, message: "its trust namespace cert-manager (trust-manager's default (its Deployment is not in the render", fix: "--trust-namespace=platform (Helm: app.trust.namespace=platform)", severity: "warning", related: ["Certificate/platform/root-ca"] }],
    },
    {
      name: "a ClusterBundle sourceRef outside the trust namespace",
      yaml: doc(rootCa("platform"), clusterBundle),
      findings: [{ object: "ClusterBundle/platform-bundle", messageId: "sourceOutsideTrustNamespace", line: 15, column: 26, endLine: 15, endColumn: 39, severity: "warning", fix: "Render Secret root-ca in namespace cert-manager", related: ["Certificate/platform/root-ca"] }],
    },
    {
      name: "the target's namespaceSelector misses the rendered namespace where the client runs",
      yaml: doc(rootCa("cert-manager"), bundle(SELECTED_TARGET), namespace("shop", "{team: shop}"), goClient("trust-bundle.pem")),
      findings: [
        {
          object: "Bundle/platform-bundle",
          messageId: "targetMissesConsumers",
          line: 19,
          column: 9,
          endLine: 19,
          endColumn: 26,
          message: 'writes its ConfigMap target "platform-bundle" only into namespaces its namespaceSelector selects, and it does not select namespace shop, where Deployment shop/api mounts it',
          fix: "Label namespace shop so that spec.target.namespaceSelector of Bundle platform-bundle selects it",
          related: ["Deployment/shop/api"],
        },
      ],
    },
    {
      name: "a Java client reads a JKS key the Bundle does not write (no additionalFormats)",
      yaml: doc(rootCa("cert-manager"), bundle(PEM_TARGET), javaClient),
      findings: [
        {
          object: "StatefulSet/shop/search",
          messageId: "keyNotWritten",
          line: 39,
          column: 22,
          endLine: 39,
          endColumn: 37,
          message: 'container "search" of StatefulSet shop/search (volume "truststore") reads key "bundle.jks" of ConfigMap shop/platform-bundle, but Bundle platform-bundle writes only "trust-bundle.pem" there: the keystore file never appears',
          fix: "or add spec.target.additionalFormats.jks.key: bundle.jks to Bundle platform-bundle",
          related: ["Bundle/platform-bundle"],
        },
      ],
    },
    {
      name: "a client reads a PKCS#12 key while the Bundle writes only JKS",
      yaml: doc(rootCa("cert-manager"), bundle(JKS_TARGET), p12Client()),
      findings: [
        {
          object: "StatefulSet/shop/search",
          messageId: "keyNotWritten",
          line: 41,
          column: 22,
          endLine: 41,
          endColumn: 37,
          message: 'reads key "bundle.p12" of ConfigMap shop/platform-bundle, but Bundle platform-bundle writes only "trust-bundle.pem", "bundle.jks" there',
          fix: "or add spec.target.additionalFormats.pkcs12.key: bundle.p12 to Bundle platform-bundle",
          related: ["Bundle/platform-bundle"],
        },
      ],
    },
    {
      name: "SSL_CERT_FILE names a file of the mounted target that is not one of its keys",
      yaml: doc(rootCa("cert-manager"), clusterBundle, goClient("ca.crt")),
      findings: [
        {
          object: "Deployment/shop/api",
          messageId: "keyNotWritten",
          line: 32,
          column: 21,
          endLine: 32,
          endColumn: 41,
          message: 'SSL_CERT_FILE=/etc/trust/ca.crt in container "api" of Deployment shop/api reads key "ca.crt" of ConfigMap shop/platform-bundle, but ClusterBundle platform-bundle writes only "ca-bundle.crt" there: the setting names a file that never appears',
          fix: 'Read a key the Bundle writes (ca-bundle.crt) or make ClusterBundle platform-bundle write "ca.crt"',
          related: ["ClusterBundle/platform-bundle"],
        },
      ],
    },
  ],
});

describe("trust-bundle-unreachable with ca-bundle-path-not-mounted", () => {
  it("one finding for a CA setting naming a key the Bundle does not write: this rule's, which says why", () => {
    const objects = loadStreams([{ text: dedent(doc(rootCa("cert-manager"), clusterBundle, goClient("ca.crt"))), origin: { via: "file", file: "/m.yaml" } }], "default").objects;
    const found = reduceFindings(runRules(new Model(objects), configureRules([rule, caBundlePathNotMounted], EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse(TEST_NOW) }));
    deepStrictEqual(
      found.map((f) => `${f.meta.id}:${f.input.messageId}:${f.input.path.join(".")}`),
      ["trust-bundle-unreachable:keyNotWritten:spec.template.spec.containers.0.env.0"],
    );
  });
});
