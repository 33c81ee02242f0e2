import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { loadStreams } from "../../src/load/loader";
import { domainLiteralsIn, hostsIn, nameMatches, parseServiceHost } from "../../src/model/graph/dns";
import { Model } from "../../src/model/model";
import { dedent } from "../support/dedent";

function model(yaml: string): Model {
  return new Model(loadStreams([{ text: dedent(yaml), origin: { via: "file", file: "/x.yaml" } }], "default").objects);
}

describe("certificate graph: DNS names", () => {
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

describe("certificate graph: joins", () => {
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
    `).certificateGraph();
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
    `).certificateGraph();
    const [writer] = graph.secretWriters("ingress", "admission");
    deepStrictEqual(writer?.dnsNames, ["admission", "admission.ingress.svc"]);
    deepStrictEqual(writer?.keys, ["ca", "cert", "key"]);
  });

  it("a known controller's RBAC grant is judged by its knowledge entry, switched on or off, never by the grant", () => {
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
    strictEqual(on.certificateGraph().rbacWritersOf(vwc).length, 0);
    strictEqual(on.certificateGraph().rbacGrantsOf(vwc)[0]?.why, "the Gatekeeper certificate rotator writes only the objects its knowledge entry names");
    strictEqual(on.certificateGraph().controllerWritersOf(vwc).length, 1);
    const off = model(yaml("true"));
    const vwcOff = off.byKind("ValidatingWebhookConfiguration")[0]!;
    strictEqual(off.certificateGraph().rbacWritersOf(vwcOff).length, 0);
    strictEqual(off.certificateGraph().rbacGrantsOf(vwcOff)[0]?.why, "it runs a known controller with caBundle writing turned off");
    strictEqual(off.certificateGraph().controllerWritersOf(vwcOff).length, 0);
    // The same grant held by a program no table describes counts: its resourceNames name the object.
    const other = model(yaml("false").replace("openpolicyagent/gatekeeper:v3.17.0", "example.com/policy-operator:1.0"));
    const vwcOther = other.byKind("ValidatingWebhookConfiguration")[0]!;
    deepStrictEqual(
      other.certificateGraph().rbacGrantsOf(vwcOther).map((g) => g.evidence),
      ["ClusterRole gk grants it on gatekeeper-validating-webhook-configuration by name"],
    );
  });

  it("RBAC on every webhook configuration counts only where the workload is configured with the object's name or annotation", () => {
    const m = model(`
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingWebhookConfiguration
      metadata: {name: istio-sidecar-injector}
      webhooks: [{name: sidecar-injector.istio.io, clientConfig: {service: {name: istiod, namespace: istio-system}}}]
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingWebhookConfiguration
      metadata: {name: team-defaults, annotations: {example.com/inject-ca: "true"}}
      webhooks: [{name: defaults.example.com, clientConfig: {service: {name: team, namespace: team}}}]
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingWebhookConfiguration
      metadata: {name: unrelated}
      webhooks: [{name: unrelated.example.com, clientConfig: {service: {name: other, namespace: other}}}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: patcher}
      rules: [{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [patch]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: patcher}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: patcher}
      subjects: [{kind: ServiceAccount, name: patcher, namespace: ops}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: patcher, namespace: ops}
      spec:
        template:
          spec:
            serviceAccountName: patcher
            containers:
              - name: discovery
                image: example.com/patcher:1.0
                args: [--inject-annotation=example.com/inject-ca]
                env: [{name: INJECTION_WEBHOOK_CONFIG_NAME, value: istio-sidecar-injector}]
    `);
    const evidence = Object.fromEntries(m.byKind("MutatingWebhookConfiguration").map((o) => [o.name, m.certificateGraph().rbacGrantsOf(o).map((g) => g.evidence ?? `none: ${g.why}`)]));
    deepStrictEqual(evidence, {
      "istio-sidecar-injector": ['container "discovery" env INJECTION_WEBHOOK_CONFIG_NAME name istio-sidecar-injector'],
      "team-defaults": ['container "discovery" arguments name the annotation example.com/inject-ca the object carries'],
      unrelated: ["none: nothing in its arguments or env names the object or an annotation it carries"],
    });
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
    deepStrictEqual(m.certificateGraph().servingCertificates(m.byKind("Service")[0]!), []);
  });
});
