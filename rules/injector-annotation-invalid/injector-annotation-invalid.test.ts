import { deepStrictEqual } from "node:assert/strict";
import { configureRules } from "../../src/engine/configure";
import { runRules } from "../../src/engine/run";
import { reduceFindings } from "../../src/findings/reduce";
import { EMPTY_CONFIG } from "../../src/config/config";
import { loadStreams } from "../../src/load/loader";
import { Model } from "../../src/model/model";
import { dedent } from "../../test/support/dedent";
import { testRule } from "../../test/support/rule-tester";
import webhookCaMissing from "../webhook-ca-missing";
import rule from ".";

const BARE_NAME = `
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingWebhookConfiguration
  metadata:
    name: policy-validate
    annotations:
      cert-manager.io/inject-ca-from: policy-webhook
  webhooks:
    - name: policy.example.com
      clientConfig:
        service: {namespace: policy, name: policy-webhook}
  ---
  apiVersion: cert-manager.io/v1
  kind: Certificate
  metadata: {name: policy-webhook, namespace: policy}
  spec: {secretName: policy-webhook-tls, dnsNames: [policy-webhook.policy.svc], issuerRef: {name: ca}}
`;

testRule(rule, {
  accept: [
    {
      name: "well-formed annotations, an explicit false, and the legacy key kept beside the modern one",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: ingress-nginx-admission
          annotations:
            certmanager.k8s.io/inject-ca-from: "ingress-nginx/ingress-nginx-admission"
            cert-manager.io/inject-ca-from: "ingress-nginx/ingress-nginx-admission"
        webhooks:
          - name: validate.nginx.ingress.kubernetes.io
            clientConfig: {service: {namespace: ingress-nginx, name: ingress-nginx-controller-admission}}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: ingress-nginx-admission, namespace: ingress-nginx}
        spec: {secretName: ingress-nginx-admission, dnsNames: [ingress-nginx-controller-admission.ingress-nginx.svc], issuerRef: {name: ca}}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: cert-manager-webhook
          annotations: {cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca}
        webhooks:
          - name: webhook.cert-manager.io
            clientConfig: {service: {namespace: cert-manager, name: cert-manager-webhook}}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: v1beta1.metrics.k8s.io
          annotations:
            service.alpha.openshift.io/inject-cabundle: "true"
            cert-manager.io/inject-apiserver-ca: "false"
        spec: {group: metrics.k8s.io, version: v1beta1, service: {name: metrics-server, namespace: kube-system}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: service-ca
          annotations: {service.beta.openshift.io/inject-cabundle: "TRUE"}
      `,
    },
  ],
  reject: [
    {
      name: "inject-ca-from without the namespace",
      yaml: BARE_NAME,
      findings: [{ object: "ValidatingWebhookConfiguration/policy-validate", line: 6, column: 5, message: 'logs "invalid annotation" and injects nothing', related: ["Certificate/policy/policy-webhook"] }],
    },
    {
      name: "the alpha key on a webhook configuration, a value other than true, and the legacy group alone",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: alpha
          annotations: {service.alpha.openshift.io/inject-cabundle: "true"}
        webhooks:
          - {name: a.example.com, clientConfig: {service: {namespace: team, name: a}}}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
          annotations:
            service.beta.openshift.io/inject-cabundle: "yes"
            certmanager.k8s.io/inject-ca-from: team/widgets
        spec:
          group: example.com
          conversion:
            strategy: Webhook
            webhook: {clientConfig: {service: {namespace: team, name: widgets}}}
      `,
      findings: [
        { object: "MutatingWebhookConfiguration/alpha", line: 5, column: 17, message: "on a MutatingWebhookConfiguration it needs the beta key" },
        { object: "CustomResourceDefinition/widgets.example.com", line: 14, column: 5, message: '"yes" is ignored' },
        { object: "CustomResourceDefinition/widgets.example.com", line: 15, column: 5, message: "cert-manager v1 ignores" },
      ],
    },
    {
      name: "a Secret without allow-direct-injection, a Certificate in another namespace, and one outside the render",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: direct
          annotations: {cert-manager.io/inject-ca-from-secret: team/webhook-ca}
        webhooks:
          - {name: a.example.com, clientConfig: {service: {namespace: team, name: a}}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: webhook-ca, namespace: team}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: v1alpha1.wardle.example.com
          annotations: {cert-manager.io/inject-ca-from: default/wardle}
        spec: {group: wardle.example.com, version: v1alpha1, service: {name: wardle, namespace: wardle}}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: wardle, namespace: wardle}
        spec: {secretName: wardle-tls, dnsNames: [wardle.wardle.svc], issuerRef: {name: ca}}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: external-cert
          annotations: {cert-manager.io/inject-ca-from: security/shared-webhook}
        webhooks:
          - {name: b.example.com, clientConfig: {service: {namespace: security, name: shared}}}
      `,
      findings: [
        { object: "ValidatingWebhookConfiguration/direct", line: 5, column: 17, message: "lacks cert-manager.io/allow-direct-injection", related: ["Secret/team/webhook-ca"] },
        { object: "APIService/v1alpha1.wardle.example.com", line: 17, column: 17, message: "the render has wardle in namespace wardle", related: ["Certificate/wardle/wardle"] },
        { object: "ValidatingWebhookConfiguration/external-cert", line: 29, column: 17, message: "not in the render", severity: "info" },
      ],
    },
    {
      name: "a broken annotation beside a literal caBundle on every webhook is info (harmless); beside one on some webhooks only, still an error",
      yaml: `
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: literal-everywhere
          annotations: {cert-manager.io/inject-ca-from: policy-webhook}
        webhooks:
          - name: a.example.com
            clientConfig: {service: {namespace: policy, name: policy-webhook}, caBundle: Y2E=}
          - name: b.example.com
            clientConfig: {service: {namespace: policy, name: policy-webhook}, caBundle: Y2E=}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: literal-on-some
          annotations: {cert-manager.io/inject-ca-from: policy-webhook}
        webhooks:
          - name: a.example.com
            clientConfig: {service: {namespace: policy, name: policy-webhook}, caBundle: Y2E=}
          - name: b.example.com
            clientConfig: {service: {namespace: policy, name: policy-webhook}}
      `,
      findings: [
        {
          object: "ValidatingWebhookConfiguration/literal-everywhere",
          line: 5,
          column: 17,
          message: "Harmless today: every call of ValidatingWebhookConfiguration literal-everywhere is verified against the literal caBundle written beside it",
          severity: "info",
        },
        { object: "ValidatingWebhookConfiguration/literal-on-some", line: 16, column: 17, message: 'logs "invalid annotation" and injects nothing', severity: "error" },
      ],
    },
    {
      name: "injector annotations on kinds that ignore them",
      yaml: `
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: team
          annotations: {service.beta.openshift.io/inject-cabundle: "true"}
        spec: {selector: {app: api}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: team
          annotations: {cert-manager.io/inject-ca-from: team/api}
        spec:
          template:
            spec:
              containers: [{name: api, image: example/api:1.0}]
      `,
      findings: [
        { object: "Service/team/api", line: 6, column: 17, message: "serving-cert-secret-name", severity: "warning" },
        { object: "Deployment/team/api", line: 14, column: 17, message: "does nothing on a Deployment", severity: "warning" },
      ],
    },
  ],
});

describe("rule injector-annotation-invalid: one root cause, one finding", () => {
  it("supersedes webhook-ca-missing when the invalid annotation was the only CA source", () => {
    const model = new Model(loadStreams([{ text: dedent(BARE_NAME), origin: { via: "file", file: "/x.yaml" } }], "default").objects);
    const alone = reduceFindings(runRules(model, configureRules([webhookCaMissing], EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") }));
    deepStrictEqual(alone.map((f) => f.meta.id), ["webhook-ca-missing"]);
    const together = reduceFindings(runRules(model, configureRules([webhookCaMissing, rule], EMPTY_CONFIG), { clusterDomain: undefined, now: Date.parse("2026-12-04T00:00:00Z") }));
    deepStrictEqual(together.map((f) => f.meta.id), ["injector-annotation-invalid"]);
  });
});
