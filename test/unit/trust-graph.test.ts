import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { loadStreams } from "../../src/load/loader";
import { domainLiteralsIn, hostsIn, nameMatches, parseServiceHost } from "../../src/model/graph/dns";
import { Model } from "../../src/model/model";
import { dedent } from "../support/dedent";

function model(yaml: string): Model {
  return new Model(loadStreams([{ text: dedent(yaml), origin: { via: "file", file: "/x.yaml" } }], "default").objects);
}

describe("trust graph: DNS names", () => {
  it("matches certificate names as TLS clients do (RFC 6125, Go's crypto/x509)", () => {
    strictEqual(nameMatches("webhook.ns.svc", "WEBHOOK.ns.svc."), true);
    strictEqual(nameMatches("*.ns.svc", "webhook.ns.svc"), true);
    strictEqual(nameMatches("*.ns.svc", "a.webhook.ns.svc"), false, "a wildcard covers one label");
    strictEqual(nameMatches("*.ns.svc", "ns.svc"), false, "a wildcard does not cover the bare parent");
    strictEqual(nameMatches("web*.ns.svc", "webhook.ns.svc"), false, "partial-label wildcards are not honoured");
    strictEqual(nameMatches("*.*.svc", "a.b.svc"), false);
  });

  it("reads the four forms of a Service name", () => {
    deepStrictEqual(parseServiceHost("api"), { service: "api", namespace: undefined, domain: undefined, form: "short" });
    deepStrictEqual(parseServiceHost("api.team"), { service: "api", namespace: "team", domain: undefined, form: "namespaced" });
    deepStrictEqual(parseServiceHost("api.team.svc"), { service: "api", namespace: "team", domain: undefined, form: "svc" });
    deepStrictEqual(parseServiceHost("api.team.svc.cluster.local."), { service: "api", namespace: "team", domain: "cluster.local", form: "fqdn" });
    strictEqual(parseServiceHost("api.example.com"), undefined);
  });

  it("finds dialled hosts in URLs, host:port pairs and flag values, not in paths", () => {
    deepStrictEqual(hostsIn("https://api.team.svc:8443/v1"), [{ host: "api.team.svc", port: 8443, scheme: "https" }]);
    deepStrictEqual(hostsIn("--server=api.team:443"), [{ host: "api.team", port: 443, scheme: undefined }]);
    deepStrictEqual(hostsIn("/etc/ssl/certs/ca.crt"), []);
    deepStrictEqual(hostsIn("log-level"), []);
  });

  it("finds Service names written with a fixed cluster domain, and their portable form", () => {
    deepStrictEqual(
      domainLiteralsIn("dial goldmane.calico-system.svc.cluster.local:7443 and *.db.svc.corp.internal").map((l) => [l.name, l.domain, l.portable]),
      [
        ["goldmane.calico-system.svc.cluster.local", "cluster.local", "goldmane.calico-system.svc"],
        ["*.db.svc.corp.internal", "corp.internal", "*.db.svc"],
      ],
    );
    deepStrictEqual(domainLiteralsIn("/etc/config/webhook.svc.yaml and api.team.svc:443"), []);
  });
});

describe("trust graph: joins", () => {
  it("knows the keys each writer puts into a Secret and an injected ConfigMap", () => {
    const graph = model(`
      apiVersion: v1
      kind: Service
      metadata:
        name: api
        namespace: team
        annotations: {service.beta.openshift.io/serving-cert-secret-name: api-tls}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: api-tls, namespace: team}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: service-ca
        namespace: team
        annotations: {service.beta.openshift.io/inject-cabundle: "true"}
      data: {ignored: "x"}
    `).trust();
    deepStrictEqual([...graph.sources.facts("Secret", "team", "api-tls")!.keys!].sort(), ["tls.crt", "tls.key"]);
    deepStrictEqual([...graph.sources.facts("ConfigMap", "team", "service-ca")!.keys!], ["service-ca.crt"]);
    strictEqual(graph.sources.facts("Secret", "team", "unknown"), undefined);
  });

  it("expands $(POD_NAMESPACE) in a controller's flags and reads its certificate names", () => {
    const graph = model(`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: admission-create, namespace: ingress}
      spec:
        template:
          spec:
            restartPolicy: OnFailure
            containers:
              - name: create
                image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9
                args: [create, "--host=admission,admission.$(POD_NAMESPACE).svc", "--namespace=$(POD_NAMESPACE)", --secret-name=admission]
                env:
                  - name: POD_NAMESPACE
                    valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
    `).trust();
    const [writer] = graph.secretWriters("ingress", "admission");
    deepStrictEqual(writer?.dnsNames, ["admission", "admission.ingress.svc"]);
    deepStrictEqual(writer?.keys, ["ca", "cert", "key"]);
  });

  it("counts RBAC grants on a webhook configuration, by resource name, unless the known controller is switched off", () => {
    const yaml = (rotation: string) => `
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingWebhookConfiguration
      metadata: {name: gatekeeper-validating-webhook-configuration}
      webhooks: [{name: v.gatekeeper.sh, clientConfig: {service: {name: gatekeeper-webhook-service, namespace: gk}}}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: gk}
      rules:
        - apiGroups: [admissionregistration.k8s.io]
          resources: [validatingwebhookconfigurations]
          resourceNames: [gatekeeper-validating-webhook-configuration]
          verbs: [get, update]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: gk}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gk}
      subjects: [{kind: ServiceAccount, name: gatekeeper-admin, namespace: gk}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: gatekeeper-audit, namespace: gk}
      spec:
        template:
          spec:
            serviceAccountName: gatekeeper-admin
            containers: [{name: manager, image: openpolicyagent/gatekeeper:v3.17.0, args: [--operation=webhook, "--disable-cert-rotation=${rotation}"]}]
    `;
    const on = model(yaml("false"));
    const vwc = on.byKind("ValidatingWebhookConfiguration")[0]!;
    strictEqual(on.trust().rbacWritersOf(vwc).length, 1);
    strictEqual(on.trust().controllerWritersOf(vwc).length, 1);
    const off = model(yaml("true"));
    const vwcOff = off.byKind("ValidatingWebhookConfiguration")[0]!;
    strictEqual(off.trust().rbacWritersOf(vwcOff).length, 0);
    strictEqual(off.trust().controllerWritersOf(vwcOff).length, 0);
  });

  it("does not guess which of two mounted certificates a server without settings serves", () => {
    const m = model(`
      apiVersion: v1
      kind: Service
      metadata: {name: api, namespace: team}
      spec: {selector: {app: api}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: team}
      spec:
        template:
          metadata: {labels: {app: api}}
          spec:
            containers:
              - name: api
                image: example/api:1.0
                volumeMounts: [{name: a, mountPath: /a}, {name: b, mountPath: /b}]
            volumes: [{name: a, secret: {secretName: a-tls}}, {name: b, secret: {secretName: b-tls}}]
      ---
      apiVersion: cert-manager.io/v1
      kind: Certificate
      metadata: {name: a, namespace: team}
      spec: {secretName: a-tls, dnsNames: [api.team.svc], issuerRef: {name: ca}}
      ---
      apiVersion: cert-manager.io/v1
      kind: Certificate
      metadata: {name: b, namespace: team}
      spec: {secretName: b-tls, dnsNames: [client.example.com], issuerRef: {name: ca}}
    `);
    deepStrictEqual(m.trust().servingCertificates(m.byKind("Service")[0]!), []);
  });
});
